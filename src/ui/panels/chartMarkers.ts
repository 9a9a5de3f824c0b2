/**
 * Marker labels that never overlap: markers closer than a share of the x range (coincident ones
 * included) form one group with one label, "best & stop, epoch 42". Pure, for the loss panel and
 * its tests.
 */

/** A marker as the chart draws it: its epoch, kind and short tag. */
export interface MarkerLike {
  epoch: number;
  kind: string;
  tag: string;
}

/** One label on the chart, for one or more markers. */
export interface MarkerGroup<M extends MarkerLike> {
  /** The epoch the label stands at (the group's first marker). */
  epoch: number;
  markers: M[];
  /** "stop", or "best & stop, epoch 42" for a group. */
  label: string;
}

const KIND_ORDER = ['change', 'action', 'best', 'stop', 'restored'];

function kindRank(kind: string): number {
  const rank = KIND_ORDER.indexOf(kind);
  return rank === -1 ? KIND_ORDER.length : rank;
}

/**
 * Groups markers (any order) whose epochs lie within `minimumGap` of the group's first marker.
 * With `minimumGap` = the x range times (label width / chart width), labels cannot collide.
 */
export function groupMarkers<M extends MarkerLike>(markers: readonly M[], minimumGap: number): MarkerGroup<M>[] {
  // Within an epoch: the live changes first, then best, stop and restored (the order they happen).
  const sorted = [...markers].sort((a, b) => a.epoch - b.epoch || kindRank(a.kind) - kindRank(b.kind));
  const groups: MarkerGroup<M>[] = [];
  for (const marker of sorted) {
    const current = groups[groups.length - 1];
    if (current && marker.epoch - current.epoch <= minimumGap) current.markers.push(marker);
    else groups.push({ epoch: marker.epoch, markers: [marker], label: '' });
  }
  for (const group of groups) {
    const tags = [...new Set(group.markers.map((marker) => marker.tag))];
    const epochs = [...new Set(group.markers.map((marker) => marker.epoch))];
    group.label = group.markers.length === 1 ? tags[0] : `${tags.join(' & ')}, epoch ${epochs.length === 1 ? epochs[0] : `${epochs[0]}–${epochs[epochs.length - 1]}`}`;
  }
  return groups;
}

/** The x range both charts share: from the first to the last epoch drawn (null before any). */
export function sharedEpochRange(rows: readonly { epoch: number }[]): [number, number] | null {
  if (rows.length === 0) return null;
  const first = rows[0].epoch;
  const last = rows[rows.length - 1].epoch;
  return [first, Math.max(last, first + 1)];
}
