/** Format versions: the batch-norm change of version 2 and the test split of version 3, in links and replay files. */
import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION, linkVersionNotice, replayVersionProblem } from '../../../src/state/formatChanges';
import { DEFAULT_SETTINGS } from '../../../src/settings/settingsTable';
import { decodeUrl, encodeUrl } from '../../../src/state/urlState';
import { parseReplayJson, REPLAY_FORMAT, replayToJson } from '../../../src/ui/export/replayFile';

const replayOf = (version: number, settings: object, runLog: object[] = []) =>
  JSON.stringify({ format: REPLAY_FORMAT, version, settings, steps: 10, runLog });

describe('format versions', () => {
  it('links and replay files are written as version 3', () => {
    expect(FORMAT_VERSION).toBe(3);
    expect(new URLSearchParams(encodeUrl(DEFAULT_SETTINGS)).get('v')).toBe('3');
    expect(JSON.parse(replayToJson(DEFAULT_SETTINGS, 0, [])).version).toBe(3);
  });

  it('a version-1 link opens with a notice of what changed; a version-3 link with none', () => {
    const old = decodeUrl('?v=1&bn=1');
    expect(old.settings.batchNorm).toBe(true);
    expect(old.problems).toHaveLength(1);
    expect(old.problems[0]).toMatch(/version 1 of the playground \(now 3\)\. What changed since: Batch normalization: the dense layer before it no longer trains its bias/);
    expect(decodeUrl('?v=3&bn=1').problems).toEqual([]);
    expect(decodeUrl('?v=2&bn=1').problems[0]).toMatch(/version 2 of the playground \(now 3\)\. What changed since: A held-out test set: digits/);
    expect(decodeUrl('?v=99').problems[0]).toMatch(/version 99 .* does not know/);
    expect(linkVersionNotice(3)).toBeNull();
  });

  it('a version-1 replay without batch norm reads (nothing it uses changed); with batch norm it is refused naming its version', () => {
    expect(parseReplayJson(replayOf(1, { ...DEFAULT_SETTINGS, batchNorm: false })).ok).toBe(true);
    const fromStart = parseReplayJson(replayOf(1, { ...DEFAULT_SETTINGS, batchNorm: true }));
    expect(fromStart.ok).toBe(false);
    if (!fromStart.ok) expect(fromStart.message).toMatch(/^This replay file is version 1; .* cannot replay it bit for bit: Batch normalization/);
    const switchedOn = parseReplayJson(replayOf(1, { ...DEFAULT_SETTINGS }, [{ step: 4, epoch: 0, changes: { batchNorm: true }, label: 'BN on' }]));
    expect(switchedOn.ok).toBe(false);
    expect(parseReplayJson(replayOf(2, { ...DEFAULT_SETTINGS, batchNorm: true })).ok).toBe(true);
    expect(replayVersionProblem(2, [{ batchNorm: true }])).toBeNull();
    // Version 3 moved the digits and CSV splits: an older replay of those is refused, of a generated set it reads.
    expect(replayVersionProblem(2, [{ dataset: 'digits' }])).toMatch(/version 2; .* A held-out test set/);
    expect(replayVersionProblem(2, [{ dataset: 'moons' }])).toBeNull();
  });
});
