import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunHandle, type RunHandleOwner } from '../../../src/state/runHandle';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { PROTOCOL_VERSION, type WorkerCommand, type WorkerEvent } from '../../../src/worker/protocol';

/** A stand-in for the training worker: records commands; `speak` delivers an event. */
class FakeWorker {
  sent: WorkerCommand[] = [];
  terminated = false;
  onmessage: ((message: { data: WorkerEvent }) => void) | null = null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  postMessage(command: WorkerCommand) {
    this.sent.push(command);
  }
  terminate() {
    this.terminated = true;
  }
  speak(event: WorkerEvent) {
    this.onmessage?.({ data: event });
  }
  crash(message: string) {
    this.onerror?.({ message, preventDefault: () => {} });
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const owner: RunHandleOwner & { failed: [string, string][]; restarts: string[]; events: WorkerEvent[] } = {
    failed: [],
    restarts: [],
    events: [],
    onEvent: (event) => owner.events.push(event),
    settingsForRestart: () => ({ ...DEFAULT_SETTINGS, seed: 42 }),
    onRestart: (reason) => owner.restarts.push(reason),
    onFailed: (reason, cause) => owner.failed.push([cause, reason]),
  };
  const handle = new RunHandle(owner, {
    name: 'test',
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
  });
  return { handle, owner, workers };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('run handle', () => {
  beforeEach(() => vi.stubGlobal('Worker', FakeWorker));
  afterEach(() => vi.unstubAllGlobals());

  it('refuses a worker that speaks another protocol, and says to reload', async () => {
    const { handle, owner, workers } = setup();
    handle.start();
    expect(await handle.init(DEFAULT_SETTINGS)).toBe(true);
    expect(workers[0].sent[0]).toMatchObject({ type: 'init', protocol: PROTOCOL_VERSION });
    workers[0].speak({ type: 'error', message: 'The page speaks protocol 1, the worker 0: reload the page.', recoverable: false, workerProtocol: PROTOCOL_VERSION + 1, step: 0, epoch: 0 });
    expect(owner.failed).toHaveLength(1);
    expect(owner.failed[0][0]).toBe('protocol');
    expect(owner.failed[0][1]).toContain(`protocol ${PROTOCOL_VERSION + 1}, this page ${PROTOCOL_VERSION}`);
    expect(owner.failed[0][1]).toContain('Reload the page');
    expect(workers[0].terminated).toBe(true);
    expect(handle.active).toBe(false);
    expect(owner.restarts).toEqual([]);
  });

  it('records when its worker last spoke and acknowledges snapshots after a frame', async () => {
    const { handle, owner, workers } = setup();
    handle.start();
    expect(handle.lastHeardAt).toBeNull();
    workers[0].speak({ type: 'phase', runId: 1, phase: 'idle', step: 0, epoch: 0 });
    expect(handle.lastHeardAt).not.toBeNull();
    workers[0].speak({ type: 'snapshot', runId: 1, id: 7, weightHistograms: [], dropoutMasks: [], batchNorm: [], grid: null, gradientNorms: new Float32Array(0), parameters: [], samplePredictions: null, confusion: null, step: 0, epoch: 0 });
    expect(owner.events.map((event) => event.type)).toEqual(['phase', 'snapshot']);
    await flush();
    expect(workers[0].sent).toContainEqual({ type: 'ackSnapshot', id: 7 });
  });

  it('restarts a crashed worker with the owner settings through one path, and gives up on a crash loop', async () => {
    const { handle, owner, workers } = setup();
    handle.start();
    workers[0].crash('boom');
    await flush();
    expect(owner.restarts).toEqual(['boom']);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].sent.find((command) => command.type === 'init')).toMatchObject({ settings: { seed: 42 } });
    workers[1].speak({ type: 'error', message: 'fatal', recoverable: false, step: 0, epoch: 0 });
    handle.restart('silent for too long');
    expect(owner.restarts).toEqual(['boom', 'fatal', 'silent for too long']);
    workers[3].crash('again');
    expect(owner.failed).toEqual([['crashLoop', 'again']]);
    expect(handle.active).toBe(false);
  });
});
