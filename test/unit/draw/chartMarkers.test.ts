import { describe, expect, it } from 'vitest';
import { groupMarkers, sharedEpochRange } from '../../../src/ui/panels/chartMarkers';

const marker = (epoch: number, tag: string, kind = 'change') => ({ epoch, tag, kind });

describe('chart marker labels', () => {
  it('merges coincident markers into one label that names the epoch', () => {
    const groups = groupMarkers([marker(42, 'stop', 'stop'), marker(42, 'best', 'best')], 0);
    expect(groups).toHaveLength(1);
    expect(groups[0].label).toBe('best & stop, epoch 42');
  });

  it('merges markers closer than the minimum gap, and keeps distant ones apart', () => {
    const groups = groupMarkers([marker(10, '1'), marker(12, 'best', 'best'), marker(40, '2'), marker(100, 'stop', 'stop')], 5);
    expect(groups.map((group) => group.label)).toEqual(['1 & best, epoch 10–12', '2', 'stop']);
  });

  it('never leaves two labels closer than the minimum gap (seeded random markers)', () => {
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 50; round++) {
      const markers = Array.from({ length: 8 }, (_, index) => marker(Math.floor(next() * 300), String(index + 1)));
      const groups = groupMarkers(markers, 36);
      for (let index = 1; index < groups.length; index++) expect(groups[index].epoch - groups[index - 1].epoch).toBeGreaterThan(36);
      expect(groups.reduce((count, group) => count + group.markers.length, 0)).toBe(8);
    }
  });

  it('gives both charts the same x range', () => {
    expect(sharedEpochRange([])).toBeNull();
    expect(sharedEpochRange([{ epoch: 1 }, { epoch: 5 }, { epoch: 310 }])).toEqual([1, 310]);
    expect(sharedEpochRange([{ epoch: 1 }])).toEqual([1, 2]);
  });
});
