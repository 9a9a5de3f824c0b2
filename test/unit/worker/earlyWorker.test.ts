import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EARLY_WORKER_KEY, discardEarlyWorker, takeEarlyWorker } from '../../../src/worker/earlyWorker';

/** Stands in for the browser's Worker: records what it was made with and whether it was ended. */
class FakeWorker {
  static made: FakeWorker[] = [];
  onerror: ((event: { preventDefault(): void }) => void) | null = null;
  terminated = false;
  constructor(
    readonly url: URL | string,
    readonly options: WorkerOptions,
  ) {
    FakeWorker.made.push(this);
  }
  terminate() {
    this.terminated = true;
  }
}

/** Runs the page's first script (src/earlyStart.ts) at `path` + `search`, in a window that is its own top unless `framed`. */
async function runFirstScript(path = '/', search = '', framed = false) {
  vi.stubGlobal('window', { location: { pathname: path, search }, top: framed ? {} : undefined });
  if (!framed) (globalThis.window as unknown as { top: unknown }).top = globalThis.window;
  vi.resetModules();
  await import('../../../src/earlyStart');
}

describe('the early training worker (time to ready)', () => {
  beforeEach(() => {
    FakeWorker.made = [];
    vi.stubGlobal('Worker', FakeWorker);
  });
  afterEach(() => {
    discardEarlyWorker();
    vi.unstubAllGlobals();
  });

  it('is started by the first script and adopted once, by the main run\'s client only', async () => {
    await runFirstScript();
    expect(FakeWorker.made).toHaveLength(1);
    const [started] = FakeWorker.made;
    expect(started.options).toEqual({ type: 'module', name: 'training' });
    expect(String(started.url)).toMatch(/training\.worker\.ts$/);
    // A compare worker never takes it; the main run's client does, once.
    expect(takeEarlyWorker('compare-b')).toBeNull();
    expect(takeEarlyWorker('training')).toBe(started);
    expect(takeEarlyWorker('training')).toBeNull();
    expect(started.terminated).toBe(false);
  });

  it('is replaced, not adopted, when it failed to load before anyone listened', async () => {
    await runFirstScript();
    const [started] = FakeWorker.made;
    started.onerror?.({ preventDefault() {} });
    expect(takeEarlyWorker('training')).toBeNull();
    expect(started.terminated).toBe(true);
  });

  it('starts nothing for the widget or inside a frame, and a page that runs nothing ends it', async () => {
    await runFirstScript('/embed.html');
    await runFirstScript('/', '?embed=1');
    await runFirstScript('/', '', true);
    expect(FakeWorker.made).toHaveLength(0);
    expect((globalThis as Record<string, unknown>)[EARLY_WORKER_KEY]).toBeUndefined();
    await runFirstScript();
    discardEarlyWorker();
    expect(FakeWorker.made[0].terminated).toBe(true);
    expect(takeEarlyWorker('training')).toBeNull();
  });
});
