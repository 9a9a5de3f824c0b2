import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { createRunPool } from '../../../src/run/runPool';
import { trainHeadless } from '../../../src/run/trainHeadless';
import { workerLane, type PoolPort } from '../../../src/worker/poolLane';
import { createPoolSession } from '../../../src/worker/poolSession';
import type { PoolCommand, PoolEvent } from '../../../src/worker/poolProtocol';
import { SILENCE_BOUND_MS, type WatchClock } from '../../../src/worker/silenceWatch';
import { checked } from '../../checkedSettings';

const SMALL = checked({ ...DEFAULT_SETTINGS, dataset: 'moons', trainCount: 40, validationFraction: 0.5, hiddenLayers: [6], batchSize: 8, seed: 3 });

const FAKE_CLOCK: WatchClock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/** Ports in order of creation: the first `hung` of them take runs and never say a word. */
function ports(hung: number) {
  const made: { port: PoolPort; terminated: boolean }[] = [];
  const create = (): PoolPort => {
    const record = { port: null as unknown as PoolPort, terminated: false };
    const silent = made.length < hung;
    const port: PoolPort = {
      onmessage: null,
      onerror: null,
      postMessage: (command: PoolCommand) => {
        if (!silent) setTimeout(() => handle(structuredClone(command)));
      },
      terminate: () => (record.terminated = true),
    };
    // Each clock read of the worker costs a fake millisecond (training takes time), and so does a
    // yield: fake time passes while it trains, as real time does, and the watchdog sees it.
    const handle = createPoolSession((event: PoolEvent) => setTimeout(() => port.onmessage?.({ data: structuredClone(event) } as MessageEvent<PoolEvent>)), {
      now: () => {
        vi.setSystemTime(Date.now() + 1);
        return Date.now();
      },
      yield: () => new Promise((resolve) => setTimeout(resolve, 1)),
    });
    record.port = port;
    made.push(record);
    return port;
  };
  return { made, create };
}

describe('run pool lane watchdog (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a lane whose worker falls silent is ended and its run fails with the reason; the next run gets a fresh worker', async () => {
    const { made, create } = ports(1);
    const pool = createRunPool(1, () => workerLane(create, { clock: FAKE_CLOCK }));
    const request = { settings: SMALL, limit: { epochs: 3 } };
    const first = pool.run(request);
    const failure = expect(first).rejects.toThrow(`The run-pool worker said nothing for ${SILENCE_BOUND_MS / 1000} s while training: it had stopped or hung. Its run was stopped; run it again.`);
    await vi.advanceTimersByTimeAsync(SILENCE_BOUND_MS);
    await failure;
    expect(made[0].terminated).toBe(true);
    const second = pool.run(request);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await second).toEqual(trainHeadless(request));
    expect(made).toHaveLength(2);
    pool.dispose();
  });

  it('a lane that keeps beating through a long run is left alone, and cancel still works', async () => {
    const { made, create } = ports(0);
    const pool = createRunPool(1, () => workerLane(create, { clock: FAKE_CLOCK }));
    let epochs = 0;
    const start = Date.now();
    const long = pool.run({ settings: SMALL, limit: { epochs: 1_000_000 } }, { onProgress: () => (epochs += 1) });
    while (Date.now() - start < 5 * SILENCE_BOUND_MS) await vi.advanceTimersByTimeAsync(10);
    expect(epochs).toBeGreaterThan(100);
    pool.cancelAll();
    await vi.advanceTimersByTimeAsync(100);
    expect((await long).cancelled).toBe(true);
    expect(made[0].terminated).toBe(false);
    pool.dispose();
  });
});
