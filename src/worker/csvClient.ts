/**
 * Main-thread API of the CSV parser worker: `parseCsvFile(file)` resolves to a table or one
 * user-facing sentence, and never rejects. Falls back to parsing on the main thread when Workers
 * are unavailable (tests, old browsers) or the worker fails to start.
 */
import { CSV_PARSER_PROTOCOL, parseCsvBlob, type CsvParseResult } from '../data';

/** Main thread -> worker: parse this file. */
export interface CsvParseRequest {
  type: 'parse';
  protocol: number;
  id: number;
  file: Blob;
}

/** Worker -> main thread: the outcome of request `id`. */
export interface CsvParseReply {
  type: 'parsed';
  protocol: number;
  id: number;
  result: CsvParseResult;
}

type Pending = { file: Blob; resolve: (result: CsvParseResult) => void };

let worker: Worker | null = null;
let workerBroken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function startWorker(): Worker | null {
  if (worker || workerBroken) return worker;
  if (typeof Worker === 'undefined') {
    workerBroken = true;
    return null;
  }
  try {
    worker = new Worker(new URL('./csvParser.worker.ts', import.meta.url), { type: 'module', name: 'csv-parser' });
  } catch {
    workerBroken = true;
    return null;
  }
  worker.onmessage = (event: MessageEvent<CsvParseReply>) => {
    const reply = event.data;
    const request = pending.get(reply?.id);
    if (!request) return;
    pending.delete(reply.id);
    request.resolve(reply.result);
  };
  worker.onerror = (event) => {
    // The worker could not load or crashed: parse what it held on the main thread from now on.
    event.preventDefault();
    workerBroken = true;
    worker?.terminate();
    worker = null;
    const waiting = [...pending.values()];
    pending.clear();
    for (const request of waiting) void parseCsvBlob(request.file).then(request.resolve);
  };
  return worker;
}

/** Parses a CSV file off the main thread (inline when no worker can run). Never rejects. */
export function parseCsvFile(file: Blob): Promise<CsvParseResult> {
  const parser = startWorker();
  if (!parser) return parseCsvBlob(file);
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, { file, resolve });
    const request: CsvParseRequest = { type: 'parse', protocol: CSV_PARSER_PROTOCOL, id, file };
    parser.postMessage(request);
  });
}

/** Ends the parser worker (tests, page teardown); the next call starts a new one. */
export function disposeCsvParser(): void {
  worker?.terminate();
  worker = null;
  workerBroken = false;
  for (const request of pending.values()) void parseCsvBlob(request.file).then(request.resolve);
  pending.clear();
}
