import { describe, expect, it } from 'vitest';
import { BoundedHistory } from '../../../src/state/boundedHistory';

describe('BoundedHistory', () => {
  it('keeps a million pushes within twice the recent size, newest at full resolution', () => {
    const history = new BoundedHistory<number>(500);
    for (let value = 0; value < 1_000_000; value++) history.push(value);
    expect(history.size).toBeLessThan(1000);
    expect(history.totalPushed).toBe(1_000_000);
    const values = history.values();
    expect(values[0]).toBe(0);
    // The newest 500 are consecutive.
    const newest = values.slice(-500);
    expect(newest[0]).toBe(999_500);
    expect(newest.every((value, index) => index === 0 || value === newest[index - 1] + 1)).toBe(true);
    // Older values are still in order.
    expect(values.every((value, index) => index === 0 || value > values[index - 1])).toBe(true);
  });
});
