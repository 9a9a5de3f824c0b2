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
 * Measured with `npm run bench:browser` (its "silence" figures: the longest gap between two
 * messages of a worker as the page received them, while training flat out with every panel open),
 * 2026-12-05 on the 2-core test machine shared with other sessions, load average 3.3 to 4.0 per
 * core (well over full): default run 145 to 337 ms; digits 14x14, an evaluation pass after every
 * epoch, 208 to 372 ms; digits 28x28 with convolutions 315 ms; compare mode's two workers 449 to
 * 578 ms (both workers' gaps equal: the page's own long tasks held their messages back). The
 * longest, 578 ms, times ten is 5.8 s: the bound is 6 s. A busy machine can stall a healthy
 * worker (GC, a descheduled thread, a busy page); a false alarm costs a replay, while a truly hung
 * worker costs the user these seconds, and Pause and Reset do not wait for it (URGENT_ANSWER_MS).
 */
export const SILENCE_BOUND_MS = 6000;

/** The longest silence of a healthy training worker the browser probe measured (see above). */
export const LONGEST_MEASURED_SILENCE_MS = 578;

/**
 * An urgent command (Reset) not handled within this is not waited for: the worker is replaced.
 * A healthy worker handles commands between two slices of about 10 ms, but one minibatch that
 * ends an epoch evaluates the whole data set first, and the browser probe measured a Pause
 * taking 14.7 s and 21 s to be handled on 28x28 digits with convolutions (8,000 examples) on the
 * loaded test machine: a worker that is only busy cannot answer within a second either. The page
 * therefore answers Pause itself at once (src/state/runController.ts), and a Reset, which throws
 * the run away anyway, is built by a fresh worker when the old one is busy.
 */
export const URGENT_ANSWER_MS = 1000;

/**
 * A check that runs this much later than it was set for means the page itself was frozen: the
 * worker's messages may be waiting behind the check, so it looks again this much later before it
 * calls the worker silent.
 */
export const PAGE_STALL_GRACE_MS = 500;

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
  /** The command's name, when the owner may ask whether it is still owed (`owes`). */
  name: string | null;
  /** Whether it must be answered within `urgentMs`. */
  urgent: boolean;
}

/** One worker's watchdog. Call `stop` when the worker is ended. */
export class SilenceWatch {
  private lastHeardAt: number;
  private running = false;
  private awaiting: Awaited[] = [];
  private timer: unknown = null;
  /** When the timer was set to fire. */
  private timerAt = 0;
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

  /** Command number `seq` (`name`, when it matters) was sent; an `urgent` one must be answered within `urgentMs`. */
  sent(seq: number, name: string | null = null, urgent = false): void {
    this.awaiting.push({ seq, sentAt: this.clock.now(), name, urgent });
    this.arm();
  }

  /** Whether the worker is training (it must speak all the time, not only answer). */
  setRunning(running: boolean): void {
    this.running = running;
    this.ensureArmed();
  }

  /** Whether a command named `name` is still unanswered. */
  owes(name: string): boolean {
    return this.awaiting.some((entry) => entry.name === name);
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
    const urgent = this.awaiting.find((entry) => entry.urgent);
    if (urgent && (next === null || urgent.sentAt + this.bounds.urgentMs < next.at)) {
      next = { at: urgent.sentAt + this.bounds.urgentMs, reason: `The ${this.what} did not answer ${urgent.name ?? 'a command'} within ${this.bounds.urgentMs / 1000} s: it was busy or hung.` };
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
    this.setTimer(Math.max(0, next.at - this.clock.now()));
  }

  private setTimer(delayMs: number): void {
    this.timerAt = this.clock.now() + delayMs;
    this.timer = this.clock.setTimer(() => this.check(), delayMs);
  }

  private check(): void {
    this.timer = null;
    if (this.stopped) return;
    const next = this.deadline();
    if (!next) return;
    const now = this.clock.now();
    if (now < next.at) return this.arm();
    // The page was frozen (a long task): let the messages that queued up meanwhile in first.
    if (now - this.timerAt > PAGE_STALL_GRACE_MS) return this.setTimer(PAGE_STALL_GRACE_MS);
    this.stop();
    this.onSilent(next.reason);
  }
}
