import { describe, expect, it } from 'vitest';
import { createFakeSession } from './fakeHost';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { HEARTBEAT_MS, PROTOCOL_VERSION, type WorkerEvent } from '../../../src/worker/protocol';
import { replayRun } from '../../../src/worker/replay';
import { buildRun } from '../../../src/run/run';
import { trainInSlices } from '../../../src/run/trainInSlices';
import { TrainingSession } from '../../../src/worker/session';
import { checked } from '../../checkedSettings';

const SMALL = checked({ ...DEFAULT_SETTINGS, dataset: 'spirals', trainCount: 60, validationFraction: 0.5, hiddenLayers: [8, 8], batchSize: 10, seed: 7 });

/** Gaps between consecutive posts, read from a recorded event stream with post times. */
function longestGap(times: number[]): number {
  let longest = 0;
  for (let index = 1; index < times.length; index++) longest = Math.max(longest, times[index] - times[index - 1]);
  return longest;
}

describe('worker heartbeats (fake clock)', () => {
  it('answers every command but ackSnapshot with a heartbeat that counts the commands handled', () => {
    const fake = createFakeSession();
    fake.session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings: SMALL, sources: {}, replayLog: [] });
    // A pause with nothing running posts nothing else, yet it is answered.
    fake.session.handle({ type: 'pause' });
    fake.session.handle({ type: 'ackSnapshot', id: 1 });
    fake.session.handle({ type: 'speed', speed: { stepsPerSecond: null } });
    expect(fake.ofType('heartbeat').map((event) => event.handled)).toEqual([1, 2, 3]);
  });

  it('speaks at least every HEARTBEAT_MS while training, even at a pace of one step a second', () => {
    const times: number[] = [];
    let time = 0;
    const queue: { callback: () => void; at: number }[] = [];
    const session = new TrainingSession({
      post: () => times.push(time),
      now: () => (time += 0.5),
      schedule: (callback, delayMs) => queue.push({ callback, at: time + delayMs }),
    });
    session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings: SMALL, sources: {}, replayLog: [] });
    session.handle({ type: 'speed', speed: { stepsPerSecond: 1 } });
    session.handle({ type: 'play' });
    const start = time;
    while (queue.length > 0 && time - start < 10_000) {
      queue.sort((a, b) => a.at - b.at);
      const next = queue.shift()!;
      time = Math.max(time, next.at);
      next.callback();
    }
    expect(time - start).toBeGreaterThanOrEqual(10_000);
    expect(longestGap(times.filter((at) => at >= start))).toBeLessThanOrEqual(HEARTBEAT_MS + 5);
  });

  it('ticks during long evaluations: a slow clock still gets a heartbeat between evaluation chunks', () => {
    // Each clock read costs 150 ms, so one epoch's evaluation (several chunks) outlasts a heartbeat.
    const fake = createFakeSession({}, 150);
    fake.session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings: { ...SMALL, trainCount: 3000, batchSize: 3000 }, sources: {}, replayLog: [] });
    fake.events.length = 0;
    fake.session.handle({ type: 'step', unit: 'batch', count: 1 });
    fake.pump();
    const beatsBeforePause = fake.events.findIndex((event: WorkerEvent) => event.type === 'phase' && event.phase === 'paused');
    const midStep = fake.events.slice(0, beatsBeforePause).filter((event) => event.type === 'heartbeat');
    // One answers the command; the others come from inside the epoch-end evaluation.
    expect(midStep.length).toBeGreaterThan(1);
  });

  it('resumes a replaced run: trains to the step at full speed whatever the pace, then pauses, equal to a replay', () => {
    const log = [{ step: 5, epoch: 0, changes: { l2Enabled: true, l2: 0.01 }, label: 'L2 on' }];
    const fake = createFakeSession();
    fake.session.handle({ type: 'speed', speed: { stepsPerSecond: 1 } });
    fake.session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings: SMALL, sources: {}, replayLog: log, resume: { steps: 24, play: false } });
    fake.pump();
    const lastPhase = fake.ofType('phase').at(-1)!;
    expect(lastPhase).toMatchObject({ phase: 'paused', step: 24 });
    const epochs = fake.ofType('metrics').flatMap((event) => event.epochs);
    const reference = replayRun(SMALL, {}, log, 24).epochs;
    expect(epochs.map((metrics) => metrics.validationLoss)).toEqual(reference.map((metrics) => metrics.validationLoss));
    expect(fake.ofType('patched').map((event) => event.entry.step)).toEqual([5]);
  });

  it('resumes and plays on when the replaced run was playing', () => {
    const fake = createFakeSession();
    fake.session.handle({ type: 'init', protocol: PROTOCOL_VERSION, settings: SMALL, sources: {}, replayLog: [], resume: { steps: 12, play: true } });
    fake.pump(40);
    expect(fake.ofType('phase').map((event) => event.phase)).not.toContain('paused');
    fake.session.handle({ type: 'pause' });
    expect(fake.ofType('phase').at(-1)!.step).toBeGreaterThan(12);
  });
});

describe('run pool heartbeats', () => {
  it('trainInSlices ticks after every slice and inside long evaluations', async () => {
    let ticks = 0;
    let yields = 0;
    await trainInSlices(
      { settings: SMALL, limit: { epochs: 3 } },
      { tick: () => (ticks += 1), host: { now: () => performance.now(), yield: () => ((yields += 1), Promise.resolve()) } },
    );
    // At least one per slice, plus one per evaluation chunk (two sets, three epochs).
    expect(ticks).toBeGreaterThanOrEqual(yields - 1 + 6);
  });

  it('the tick changes nothing the run computes', () => {
    const plain = buildRun(SMALL);
    const ticked = buildRun(SMALL, {}, { tick: () => undefined });
    for (let step = 0; step < 18; step++) {
      plain.step();
      ticked.step();
    }
    expect(ticked.trainer.evaluate()).toEqual(plain.trainer.evaluate());
  });
});
