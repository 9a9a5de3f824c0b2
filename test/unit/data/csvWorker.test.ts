// @vitest-environment node
import '@vitest/web-worker';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CSV_LIMITS, parseCsvBlob } from '../../../src/data';

describe('parseCsvBlob', () => {
  it('refuses a file over the limit without reading it', async () => {
    const arrayBuffer = vi.fn(async () => new ArrayBuffer(0));
    const result = await parseCsvBlob({ size: CSV_LIMITS.maxBytes + 1, arrayBuffer });
    expect(result).toEqual({ ok: false, message: 'The file is 20.1 MB; the limit is 20 MB.' });
    expect(arrayBuffer).not.toHaveBeenCalled();
  });

  it('says so when the file cannot be read', async () => {
    const result = await parseCsvBlob({ size: 10, arrayBuffer: () => Promise.reject(new Error('NotReadableError')) });
    expect(result).toEqual({ ok: false, message: 'The file could not be read: it may have been moved or deleted. Choose it again.' });
  });
});

describe('parseCsvFile', () => {
  afterEach(async () => {
    const { disposeCsvParser } = await import('../../../src/worker/csvClient');
    disposeCsvParser();
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('parses inline when Workers are unavailable', async () => {
    vi.stubGlobal('Worker', undefined);
    const { parseCsvFile } = await import('../../../src/worker/csvClient');
    const result = await parseCsvFile(new Blob(['a,label\n1,x\n2,y\n']));
    expect(result.ok && result.table.headers).toEqual(['a', 'label']);
  });

  it('parses in the worker and transfers the columns back', async () => {
    expect(typeof Worker).toBe('function');
    const started: string[] = [];
    const BaseWorker = globalThis.Worker;
    vi.stubGlobal(
      'Worker',
      class extends BaseWorker {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          started.push(String(url));
        }
      },
    );
    const { parseCsvFile } = await import('../../../src/worker/csvClient');
    const [good, bad] = await Promise.all([
      parseCsvFile(new Blob(['a,b,label\n1,2,x\n3,4,y\n'])),
      parseCsvFile(new Blob(['a,b\n1,2\n3\n'])),
    ]);
    expect(good.ok && Array.from(good.table.columns[1])).toEqual([2, 4]);
    expect(bad).toEqual({ ok: false, message: 'Row 3 has 1 value, but the header has 2 columns.' });
    expect(started).toHaveLength(1);
    expect(started[0]).toMatch(/csvParser\.worker\.ts$/);
  });
});
