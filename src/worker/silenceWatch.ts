/**
 * The watchdog of a worker, on the page's side: it knows when the worker last spoke, which
 * commands it has not answered yet and whether it is training, and calls `onSilent` once when the
 * worker has been silent too long for a living one. Workers speak at least every HEARTBEAT_MS
 * while they work and answer every command (src/worker/protocol.ts), so the only silences
 * allowed are those of a worker with nothing to do. Pure timing logic: the run handle
 * (src/state/runHandle.ts) and the run pool's lanes (poolLane.ts) own the terminate-and-restart.
 */

/**
 * Silence beyond this, while the worker trains or owes an answer, means it is dead or hung.
 *
 * Measured (`npm run bench:browser`, the "silence" phase: the longest gap between two messages of
 * a worker while training flat out with every panel open, on the 2-core test machine shared by
 * other sessions under load, both the default run and compare's two workers): see
 * LONGEST_MEASURED_SILENCE_MS. The bound is ten times that, rounded up to whole seconds: a busy
 * machine can stall a healthy worker for a while (GC, a descheduled thread), and a false alarm
 * costs a replay, while a hung worker costs the user only these seconds.
 */
export const SILENCE_BOUND_MS = 4000;

/** The longest silence of a healthy training worker the browser probe measured (see above). */
export const LONGEST_MEASURED_SILENCE_MS = 330;

/**
 * Pause and Reset must answer within a second whatever the worker does: a worker that has not
 * handled one of them by then is treated as hung (it is replaced, and the replacement starts
 * paused or reset). A healthy worker handles them between two slices of about 10 ms.
 */
export const URGENT_ANSWER_MS = 1000;

/** What the watch needs from its host; tests pass fake timers. */
export interface WatchClock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(timer: unknown): void;
}

/** The page's timers and performance.now(). */
export const PAGE_CLOCK: WatchClock = {
  now: () => performance.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/** Bounds of a watch (the product's by default). */
export interface WatchBounds {
  silenceMs: number;
  urgentMs: number;
}

interface Awaited {
  seq: number;
  sentAt: number;
  /** Set for a command that must be answered within `urgentMs` (Pause, Reset): its name. */
  urgent: string | null;
}

/** One worker's watchdog. Call `stop` when the worker is ended. */
export class SilenceWatch {
  private lastHeardAt: number;
  private running = false;
  private awaiting: Awaited[] = [];
  private timer: unknown = null;
  private stopped = false;

  constructor(
    private readonly onSilent: (reason: string) => void,
    private readonly what: string,
    private readonly bounds: WatchBounds = { silenceMs: SILENCE_BOUND_MS, urgentMs: URGENT_ANSWER_MS },
    private readonly clock: WatchClock = PAGE_CLOCK,
  ) {
    this.lastHeardAt = clock.now();
  }

  /** The worker said something (anything). */
  heard(): void {
    this.lastHeardAt = this.clock.now();
    this.ensureArmed();
  }

  /** The worker has handled the first `handled` commands (its heartbeat says so). */
  answered(handled: number): void {
    if (this.awaiting.length > 0 && this.awaiting[0].seq <= handled) this.awaiting = this.awaiting.filter((entry) => entry.seq > handled);
    this.ensureArmed();
  }

  /** Command number `seq` was sent; `urgent` names a command that must be answered within a second. */
  sent(seq: number, urgent: string | null = null): void {
    this.awaiting.push({ seq, sentAt: this.clock.now(), urgent });
    this.arm();
  }

  /** Whether the worker is training (it must speak all the time, not only answer). */
  setRunning(running: boolean): void {
    this.running = running;
    this.ensureArmed();
  }

  /** Whether an urgent command (Pause, Reset) named `name` is still unanswered. */
  owes(name: string): boolean {
    return this.awaiting.some((entry) => entry.urgent === name);
  }

  /** Ends the watch (the worker was ended or replaced). */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  /** The next moment the worker's silence would be too long, or null when silence is fine now. */
  private deadline(): { at: number; reason: string } | null {
    let next: { at: number; reason: string } | null = null;
    if (this.running || this.awaiting.length > 0) {
      const since = Math.max(this.lastHeardAt, this.awaiting[0]?.sentAt ?? -Infinity);
      const seconds = this.bounds.silenceMs / 1000;
      next = { at: since + this.bounds.silenceMs, reason: `The ${this.what} said nothing for ${seconds} s${this.running ? ' while training' : ' after a command'}: it had stopped or hung.` };
    }
    const urgent = this.awaiting.find((entry) => entry.urgent !== null);
    if (urgent && (next === null || urgent.sentAt + this.bounds.urgentMs < next.at)) {
      next = { at: urgent.sentAt + this.bounds.urgentMs, reason: `The ${this.what} did not answer ${urgent.urgent} within ${this.bounds.urgentMs / 1000} s: it was busy or hung.` };
    }
    return next;
  }

  private clear(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
  }

  /**
   * Hearing from the worker only moves deadlines later: a timer already set fires early, finds
   * nothing due and sets itself again (cheaper than a new timer for every message).
   */
  private ensureArmed(): void {
    if (this.timer === null) this.arm();
  }

  private arm(): void {
    this.clear();
    if (this.stopped) return;
    const next = this.deadline();
    if (!next) return;
    this.timer = this.clock.setTimer(() => this.check(), Math.max(0, next.at - this.clock.now()));
  }

  private check(): void {
    this.timer = null;
    if (this.stopped) return;
    const next = this.deadline();
    if (!next) return;
    if (this.clock.now() >= next.at) {
      this.stop();
      this.onSilent(next.reason);
    } else this.arm();
  }
}
