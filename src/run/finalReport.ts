/**
 * What a headless run reports about its end beyond the epoch figures, when asked: the held-out
 * test figures of the weights it kept, those weights, and the facts about its data that lesson
 * checks read. The run pool's lanes send it back with the result (multi-seed lesson checks), and
 * headless replays build the same from their trainer, so both judge the same numbers.
 */
import type { DivergenceInfo, LayerParameters, TaskKind } from '../engine';
import type { Run } from './run';
import { scoreTestSet, type TestFigures } from './testFigures';

/** The end of a run, as checks read it. */
export interface FinalReport {
  test: TestFigures;
  parameters: LayerParameters[];
  /** Where and when it diverged, if it did. */
  divergence: DivergenceInfo | null;
  /** The many-features set: which features decide the label; null otherwise. */
  informativeFeatures: number[] | null;
  featureNames: string[];
  task: TaskKind;
}

/** The final report of `run` as it stands (call once it has finished). */
export function finalReportOf(run: Pick<Run, 'trainer' | 'dataset'>): FinalReport {
  return {
    test: scoreTestSet(run.trainer, run.dataset),
    parameters: run.trainer.parameters(),
    divergence: run.trainer.diverged,
    informativeFeatures: run.dataset.informativeFeatures,
    featureNames: run.dataset.featureNames,
    task: run.dataset.task,
  };
}
