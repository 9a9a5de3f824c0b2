/** The run pool is generic over its job: a kind says how to train one and what a job cancelled before its start resolves with. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { createRunPool, inProcessLane, type PoolJobKind } from '../../../src/run/runPool';
import { createSummaryWorkerPool, type PoolPort } from '../../../src/worker/poolLane';
import { createPoolSession } from '../../../src/worker/poolSession';
import type { PoolCommand, PoolEvent } from '../../../src/worker/poolProtocol';
import { createInProcessSummaryPool, runSummary, type SummaryProgress, type SummaryRequest } from '../../../src/worker/summaryJob';
import { checked } from '../../checkedSettings';

const SMALL = checked({ ...DEFAULT_SETTINGS, dataset: 'moons', trainCount: 60, validationFraction: 0.5, hiddenLayers: [6], batchSize: 8 });

function summaryRequest(seed: number, epochs = 5, picture = false): SummaryRequest {
  return { settings: { ...SMALL, seed }, epochs, picture };
}

/** A worker stand-in: the real pool session behind asynchronous, cloning message passing; it records the commands it got. */
function recordingPort(commands: PoolCommand[]): () => PoolPort {
  return () => {
    const port: PoolPort = {
      onmessage: null,
      onerror: null,
      postMessage: (command: PoolCommand) => {
        commands.push(command);
        setTimeout(() => handle(structuredClone(command)));
      },
      terminate: () => {},
    };
    const handle = createPoolSession((event: PoolEvent) => setTimeout(() => port.onmessage?.({ data: structuredClone(event) } as MessageEvent<PoolEvent>)));
    return port;
  };
}

describe('the run pool over a job kind', () => {
  it('trains any kind of job through its lanes, streams its progress, and resolves queued jobs with the kind\'s cancelled result', async () => {
    // A kind that "trains" a word into its length, reporting each letter.
    const letters: PoolJobKind<string, { length: number; cancelled: boolean }, string> = {
      async train(word, { onProgress, token }) {
        for (const letter of word) {
          await Promise.resolve();
          if (token.cancelled) return { length: -1, cancelled: true };
          onProgress(letter);
        }
        return { length: word.length, cancelled: false };
      },
      cancelledBeforeStart: (word) => ({ length: word.length, cancelled: true }),
    };
    const finished: string[] = [];
    const pool = createRunPool(1, () => inProcessLane(letters), (_result, word) => finished.push(word), letters);
    const seen: string[] = [];
    expect(await pool.run('pool', { onProgress: (letter) => seen.push(letter) })).toEqual({ length: 4, cancelled: false });
    expect(seen).toEqual(['p', 'o', 'o', 'l']);
    expect(finished).toEqual(['pool']);
    const running = pool.run('running', { onProgress: () => pool.cancelAll() });
    const queued = pool.run('queued');
    expect(await running).toEqual({ length: -1, cancelled: true });
    expect(await queued).toEqual({ length: 6, cancelled: true });
    pool.dispose();
  });

  it('summary jobs: the same final figures in a pool worker (protocol and all) as trained at once here; sources go to a worker once', async () => {
    const commands: PoolCommand[] = [];
    const pool = createSummaryWorkerPool({ size: 1, createPort: recordingPort(commands) });
    const progress: SummaryProgress[] = [];
    const sources = {};
    const requests = [summaryRequest(1, 5, true), summaryRequest(2)].map((request) => ({ ...request, sources }));
    const results = await Promise.all(requests.map((request) => pool.run(request, { onProgress: (tick) => progress.push(tick) })));
    results.forEach((result, index) => expect(result).toEqual(runSummary(requests[index])));
    expect(results[0].final!.epoch).toBe(5);
    expect(results[0].picture!.grid.values.length).toBe(64 * 64 * 2);
    expect(results[1].picture).toBeNull();
    // The held-out test figures come with the result (equal to the at-once run's, checked above).
    expect(results[0].test!.loss).toBeGreaterThan(0);
    // At least the first epoch ticks (its clock starts far behind), never more than once per epoch.
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThanOrEqual(10);
    expect(progress.every((tick) => tick.epochs === 5 && tick.epoch >= 1 && tick.epoch <= 5)).toBe(true);
    const runs = commands.filter((command) => command.type === 'run');
    expect(runs.map((command) => command.job.kind)).toEqual(['summary', 'summary']);
    expect(runs.map((command) => 'sources' in command)).toEqual([true, false]);
    expect(runs.every((command) => !('sources' in command.job.request))).toBe(true);
    pool.dispose();
  });

  it('summary jobs in this thread: a failure rejects only its run; cancelAll ends the running and queued ones as cancelled', async () => {
    const pool = createInProcessSummaryPool(1);
    await expect(pool.run({ ...summaryRequest(3), settings: { ...SMALL, dataset: 'digits' } })).rejects.toThrow('The digits have not been loaded yet.');
    const long = pool.run(summaryRequest(4, 1_000_000), { onProgress: () => pool.cancelAll() });
    const queued = pool.run(summaryRequest(5));
    const [cancelled, waiting] = await Promise.all([long, queued]);
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.final).toBeNull();
    expect(cancelled.epochs).toBeGreaterThanOrEqual(1);
    expect(waiting).toEqual({ epochs: 0, steps: 0, stoppedEarly: false, diverged: false, cancelled: true, final: null, test: null, picture: null });
  });
});
