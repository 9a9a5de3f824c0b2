/** Transfer lists for worker messages: move typed-array memory instead of copying it. */
import type { SnapshotEvent } from './protocol';

/**
 * The distinct buffers behind a snapshot's typed arrays. Only buffers that a typed array covers
 * whole are listed: a view into a larger buffer may be engine memory still in use, so it is copied.
 * The engine's probes return fresh arrays, so in practice everything moves.
 */
export function snapshotTransferList(snapshot: SnapshotEvent): Transferable[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (array: ArrayBufferView | null | undefined) => {
    if (!array) return;
    const buffer = array.buffer;
    if (buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === buffer.byteLength) buffers.add(buffer);
  };
  for (const probe of snapshot.weightHistograms) {
    add(probe.histogram.edges);
    add(probe.histogram.counts);
  }
  for (const mask of snapshot.dropoutMasks) {
    add(mask.kept);
    add(mask.keepRate);
  }
  for (const layer of snapshot.batchNorm) {
    for (const array of [layer.runningMean, layer.runningVariance, layer.batchMean, layer.batchVariance, layer.gamma, layer.beta, layer.before.edges, layer.before.counts, layer.after.edges, layer.after.counts]) add(array);
  }
  for (const layer of snapshot.parameters) {
    add(layer.kernel);
    add(layer.bias);
  }
  add(snapshot.grid?.values);
  add(snapshot.gradientNorms);
  add(snapshot.samplePredictions);
  add(snapshot.confusion);
  return [...buffers];
}
