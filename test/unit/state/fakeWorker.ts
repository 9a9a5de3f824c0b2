/** A stand-in for the training worker in state tests: records commands; `speak` delivers an event, `crash` an error. */
import type { WorkerCommand, WorkerEvent } from '../../../src/worker/protocol';

export class FakeWorker {
  /** Every worker made since the last reset (tests that count workers clear it). */
  static all: FakeWorker[] = [];
  readonly name: string;
  sent: WorkerCommand[] = [];
  terminated = false;
  onmessage: ((message: { data: WorkerEvent }) => void) | null = null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  constructor(_url?: unknown, options?: { name?: string }) {
    this.name = options?.name ?? '';
    FakeWorker.all.push(this);
  }
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
