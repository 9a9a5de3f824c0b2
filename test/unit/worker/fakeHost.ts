import { TrainingSession, type SessionTiming } from '../../../src/worker/session';
import type { WorkerEvent } from '../../../src/worker/protocol';

/** A session driven by a fake clock: every clock read advances time by `tick` ms. */
export function createFakeSession(timing: Partial<SessionTiming> = {}, tick = 0.5) {
  let time = 0;
  const events: WorkerEvent[] = [];
  const queue: { callback: () => void; at: number }[] = [];
  const session = new TrainingSession(
    {
      post: (event) => events.push(event),
      now: () => (time += tick),
      schedule: (callback, delayMs) => queue.push({ callback, at: time + delayMs }),
    },
    { sliceMs: 10, metricsIntervalMs: 100, snapshotIntervalMs: 66, maxEpochsPerEvent: 500, ...timing },
  );
  return {
    session,
    events,
    /** Runs scheduled callbacks (advancing the clock to each) until none is left or `limit` ran. */
    pump(limit = 1000): number {
      let ran = 0;
      while (queue.length > 0 && ran < limit) {
        queue.sort((a, b) => a.at - b.at);
        const next = queue.shift()!;
        time = Math.max(time, next.at);
        next.callback();
        ran += 1;
      }
      return ran;
    },
    advance(ms: number) {
      time += ms;
    },
    pending: () => queue.length,
    ofType<T extends WorkerEvent['type']>(type: T) {
      return events.filter((event): event is Extract<WorkerEvent, { type: T }> => event.type === type);
    },
  };
}
