/**
 * What changed a run's numbers between format versions of links and replay files: the one place
 * that says it. Links and replay files carry the version they were written with; an older link
 * opens with these notices, and an older replay file replays only when none of the changes since
 * its version touches the run (otherwise it would not reproduce bit for bit, so it is refused).
 * Add one entry per change, with the version that introduced it, and bump FORMAT_VERSION.
 */
import type { Settings } from '../settings/settingsTable';

/** The version links (`v=`) and replay files (`"version"`) are written with. */
export const FORMAT_VERSION = 3;

/** One change of a run's numbers. */
export interface FormatChange {
  /** The version that introduced it. */
  version: number;
  /** One sentence for users: what is different now. */
  summary: string;
  /** Whether a run through these settings (the start, then after each live change) trains differently since. */
  affects: (states: readonly Partial<Settings>[]) => boolean;
}

/** Every change, oldest first. */
export const FORMAT_CHANGES: readonly FormatChange[] = [
  {
    version: 2,
    summary:
      'Batch normalization: the dense layer before it no longer trains its bias while batch norm is on (batch norm\'s β takes its place, as in Keras and PyTorch practice), so runs with batch norm give slightly different numbers.',
    affects: (states) => states.some((state) => state.batchNorm === true),
  },
  {
    version: 3,
    summary:
      'A held-out test set: digits keep 2,000 images aside for it, so their training pool is 6,000 images (was 8,000) and the training images drawn differ; a CSV keeps some rows aside too, so it trains on fewer rows. The generated datasets draw their test points from a new stream and train exactly as before. Sets over 1,000 examples (the digits, a large CSV) measure their per-epoch figures on a fixed sample of 1,000 (early stopping\'s set stays whole), so those curves differ slightly.',
    affects: (states) => states.some((state) => state.dataset === 'digits' || state.dataset === 'csv'),
  },
];

/** The changes made after `version`. */
export function changesSince(version: number): FormatChange[] {
  return FORMAT_CHANGES.filter((change) => change.version > version);
}

/** The notice for a link of `version` (null when it is current): what changed since. */
export function linkVersionNotice(version: number): string | null {
  if (version === FORMAT_VERSION) return null;
  if (!Number.isInteger(version) || version < 1 || version > FORMAT_VERSION) {
    return `This link says it is from version ${String(version).slice(0, 10)} of the playground, which this one does not know; some settings may be read differently.`;
  }
  const changes = changesSince(version).map((change) => change.summary);
  return `This link is from version ${version} of the playground (now ${FORMAT_VERSION}). What changed since: ${changes.join(' ')}`;
}

/**
 * Null when a replay file of `version` reproduces bit for bit here (none of the changes since touches
 * its run), else the sentence that refuses it, naming its version and the change.
 */
export function replayVersionProblem(version: number, states: readonly Partial<Settings>[]): string | null {
  const touching = changesSince(version).filter((change) => change.affects(states));
  if (touching.length === 0) return null;
  return `This replay file is version ${version}; this playground writes version ${FORMAT_VERSION} and cannot replay it bit for bit: ${touching
    .map((change) => change.summary)
    .join(' ')} The playground version that wrote it replays it.`;
}
