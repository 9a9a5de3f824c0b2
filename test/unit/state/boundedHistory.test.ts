import { describe, expect, it } from 'vitest';
import { BoundedHistory } from '../../../src/state/boundedHistory';

interface Point { epoch: number; loss: number }

/** Relative distance of the loss, as the metric histories use. */
const lossDeviation = (anchor: Point, item: Point) => Math.abs(item.loss - anchor.loss) / Math.max(Math.abs(anchor.loss), Math.abs(item.loss), 1e-12);

/** A falling loss with a one-epoch spike at epoch 400,000. */
function lossAt(epoch: number): number {
  return epoch === 400_000 ? 3 : 1 / (1 + epoch / 1000);
}

function maxGap(epochs: readonly number[]): number {
  let gap = 0;
  for (let index = 1; index < epochs.length; index++) gap = Math.max(gap, epochs[index] - epochs[index - 1]);
  return gap;
}

describe('BoundedHistory', () => {
  it('over a million epochs keeps a one-epoch spike and spans the whole range with no gap over twice the mean spacing', () => {
    const history = new BoundedHistory<Point>(0, { olderBuckets: 500, deviation: lossDeviation });
    for (let epoch = 1; epoch <= 1_000_000; epoch++) history.push({ epoch, loss: lossAt(epoch) });
    const epochs = history.values().map((point) => point.epoch);
    expect(history.totalPushed).toBe(1_000_000);
    expect(epochs.length).toBeLessThanOrEqual(2 * 500 + 1);
    expect(epochs[0]).toBe(1);
    expect(epochs[epochs.length - 1]).toBe(1_000_000);
    expect(epochs).toContain(400_000);
    expect(epochs.every((epoch, index) => index === 0 || epoch > epochs[index - 1])).toBe(true);
    const meanSpacing = (epochs[epochs.length - 1] - epochs[0]) / (epochs.length - 1);
    expect(maxGap(epochs)).toBeLessThanOrEqual(2 * meanSpacing);
  });

  it('keeps the newest items at full resolution and a regular grid before them', () => {
    const history = new BoundedHistory<Point>(100, { olderBuckets: 200, deviation: lossDeviation });
    for (let epoch = 1; epoch <= 300_000; epoch++) history.push({ epoch, loss: lossAt(epoch) });
    const epochs = history.values().map((point) => point.epoch);
    const newest = epochs.slice(-100);
    expect(newest[0]).toBe(299_901);
    expect(newest.every((epoch, index) => index === 0 || epoch === newest[index - 1] + 1)).toBe(true);
    // The older part is an even grid: no stretch of the range is thinned more than another.
    const older = epochs.slice(0, -100);
    const meanSpacing = (older[older.length - 1] - older[0]) / (older.length - 1);
    expect(maxGap(older)).toBeLessThanOrEqual(2 * meanSpacing);
    expect(epochs.length).toBeLessThanOrEqual(100 + 2 * 200 + 1);
  });

  it('without a deviation keeps anchors only, and the newest item', () => {
    const history = new BoundedHistory<number>(0, { olderBuckets: 10 });
    for (let value = 0; value < 1000; value++) history.push(value);
    const values = history.values();
    expect(values[0]).toBe(0);
    expect(history.last()).toBe(999);
    expect(values[values.length - 1]).toBe(999);
    expect(values.length).toBeLessThanOrEqual(12);
  });

  it('clears', () => {
    const history = new BoundedHistory<number>(4);
    for (let value = 0; value < 50; value++) history.push(value);
    history.clear();
    expect(history.size).toBe(0);
    expect(history.totalPushed).toBe(0);
    expect(history.last()).toBeUndefined();
  });
});
