import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_MS } from '../../../src/worker/protocol';
import { LONGEST_MEASURED_SILENCE_MS, PAGE_STALL_GRACE_MS, SILENCE_BOUND_MS, SilenceWatch, URGENT_ANSWER_MS, type WatchClock } from '../../../src/worker/silenceWatch';

/** The watch on vitest's fake timers (Date.now is faked with them). */
const FAKE_CLOCK: WatchClock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

function watch() {
  const reasons: string[] = [];
  const silence = new SilenceWatch((reason) => reasons.push(reason), 'training worker', undefined, FAKE_CLOCK);
  return { silence, reasons };
}

describe('silence watch (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is seconds, and at least ten times the longest silence the browser probe measured', () => {
    expect(SILENCE_BOUND_MS).toBeGreaterThanOrEqual(10 * LONGEST_MEASURED_SILENCE_MS);
    expect(SILENCE_BOUND_MS).toBeGreaterThanOrEqual(1000);
    expect(SILENCE_BOUND_MS).toBeLessThan(10_000);
    expect(SILENCE_BOUND_MS).toBeGreaterThanOrEqual(10 * HEARTBEAT_MS);
  });

  it('leaves an idle worker alone however long it is quiet', () => {
    const { reasons } = watch();
    vi.advanceTimersByTime(10 * 60_000);
    expect(reasons).toEqual([]);
  });

  it('keeps a training worker that beats, and flags one that stops, once, right at the bound', () => {
    const { silence, reasons } = watch();
    silence.setRunning(true);
    for (let beat = 0; beat < 300; beat++) {
      vi.advanceTimersByTime(HEARTBEAT_MS);
      silence.heard();
    }
    expect(reasons).toEqual([]);
    vi.advanceTimersByTime(SILENCE_BOUND_MS - 1);
    expect(reasons).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBe(`The training worker said nothing for ${SILENCE_BOUND_MS / 1000} s while training: it had stopped or hung.`);
    vi.advanceTimersByTime(60_000);
    expect(reasons).toHaveLength(1);
  });

  it('after a command, waits for its answer: answered is fine, unanswered is silence from the moment it was sent', () => {
    const { silence, reasons } = watch();
    vi.advanceTimersByTime(60_000);
    silence.sent(1);
    vi.advanceTimersByTime(SILENCE_BOUND_MS / 2);
    silence.heard();
    silence.answered(1);
    vi.advanceTimersByTime(60_000);
    expect(reasons).toEqual([]);
    silence.sent(2);
    vi.advanceTimersByTime(SILENCE_BOUND_MS);
    expect(reasons).toEqual([`The training worker said nothing for ${SILENCE_BOUND_MS / 1000} s after a command: it had stopped or hung.`]);
  });

  it('an urgent command (Reset) not handled within a second is flagged, even while the worker keeps talking', () => {
    const { silence, reasons } = watch();
    silence.sent(1, 'Reset', true);
    for (let beat = 0; beat < 4; beat++) {
      vi.advanceTimersByTime(HEARTBEAT_MS);
      silence.heard();
      silence.answered(0);
    }
    expect(reasons).toEqual([]);
    vi.advanceTimersByTime(URGENT_ANSWER_MS - 4 * HEARTBEAT_MS);
    expect(reasons).toEqual([`The training worker did not answer Reset within ${URGENT_ANSWER_MS / 1000} s: it was busy or hung.`]);
    expect(silence.owes('Reset')).toBe(true);
  });

  it('an urgent command answered in time, and a named one that is not urgent, leave a beating worker alone', () => {
    const { silence, reasons } = watch();
    silence.setRunning(true);
    silence.sent(1, 'Reset', true);
    vi.advanceTimersByTime(URGENT_ANSWER_MS - 100);
    silence.heard();
    silence.answered(1);
    expect(silence.owes('Reset')).toBe(false);
    silence.sent(2, 'Pause');
    for (let beat = 0; beat < 100; beat++) {
      vi.advanceTimersByTime(HEARTBEAT_MS);
      silence.heard();
    }
    expect(silence.owes('Pause')).toBe(true);
    expect(reasons).toEqual([]);
  });

  it('after the page itself froze, it lets the queued messages in before calling the worker silent', () => {
    const { silence, reasons } = watch();
    silence.setRunning(true);
    // A long task on the page: the clock runs on, no timer and no message gets through.
    vi.setSystemTime(Date.now() + 3 * SILENCE_BOUND_MS);
    vi.advanceTimersByTime(1);
    expect(reasons).toEqual([]);
    // The worker's messages, queued behind the freeze, arrive.
    silence.heard();
    vi.advanceTimersByTime(SILENCE_BOUND_MS - 1);
    expect(reasons).toEqual([]);
    // No message after the freeze either: then it is the worker.
    vi.setSystemTime(Date.now() + 3 * SILENCE_BOUND_MS);
    vi.advanceTimersByTime(1);
    expect(reasons).toEqual([]);
    vi.advanceTimersByTime(PAGE_STALL_GRACE_MS);
    expect(reasons).toHaveLength(1);
  });

  it('stops for good when stopped', () => {
    const { silence, reasons } = watch();
    silence.setRunning(true);
    silence.stop();
    vi.advanceTimersByTime(60_000);
    silence.sent(1, 'Reset', true);
    vi.advanceTimersByTime(60_000);
    expect(reasons).toEqual([]);
  });
});
