/**
 * Per-epoch figures of a set larger than this are measured on a fixed seeded sample of this many
 * of its examples (the digits' 6,000 training and 2,000 validation images cost as much to evaluate
 * after every epoch as a large part of the epoch's training). The figure early stopping monitors
 * stays on its whole set, so stops and restores are a full run's; final figures use whole sets.
 * Every run uses it (session, replay, pool, sweeps), so their figures agree bit for bit.
 */
export const EPOCH_EVALUATION_SUBSAMPLE = 1000;
