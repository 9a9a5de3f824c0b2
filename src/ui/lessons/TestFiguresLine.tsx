import type { TaskKind } from '../../state/viewTypes';
import type { TestFigures } from '../../state/viewTypes';
import { formatCount } from './format';
import { testText } from './heldOut';

/** The revealed test figures of the main run, with the step they were taken at. */
export function TestFiguresLine({ figures, task }: { figures: TestFigures | null; task: TaskKind }) {
  return (
    <p className="lesson-test-figures" role="status" aria-label="Test figures">
      {figures === null
        ? 'The held-out test set is untouched: no decision of this run has seen it.'
        : figures.count === 0
          ? 'This dataset has no test rows (too few rows).'
          : `Held-out test set (${formatCount(figures.count)} examples), the weights at step ${formatCount(figures.step)}: ${testText(figures, task)}.`}
    </p>
  );
}
