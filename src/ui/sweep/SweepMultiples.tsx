import { memo, useEffect, useRef } from 'react';
import type { SweepPlan } from '../../sweep/sweepJobs';
import type { SweepRunResult, SweepPicture } from '../../sweep/sweepTypes';
import { SWEEP_PARAMETER_BY_ID } from '../../sweep/sweepSpec';
import { formatSweepValue } from '../../sweep/sweepFormat';
import { boundaryKind, boundaryPixels } from '../draw/boundaryPixels';
import { putPixels } from '../panels/useLiveCanvas';

/** Pixels per side of each small picture. */
const SIZE = 120;

function PictureCanvas({ picture, label }: { picture: SweepPicture; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const raster = boundaryPixels(picture.dataset, picture.grid, { size: SIZE, discretize: false, showTrain: true, showValidation: false });
    if (raster) putPixels(canvas, raster.pixels, raster.width, raster.height);
  }, [picture]);
  return <canvas ref={ref} width={SIZE} height={SIZE} role="img" aria-label={label} />;
}

/**
 * Beside the curve: each value's final prediction over the plane (seed 1, training points), so the
 * student sees the boundary smooth as the regularization grows. Only for 2D and 1D sets.
 */
export const SweepMultiples = memo(function SweepMultiples({ plan, results }: { plan: SweepPlan; results: readonly (SweepRunResult | null)[] }) {
  const pictured = plan.jobs.filter((job) => job.picture && results[job.id]?.picture);
  if (pictured.length === 0) return null;
  const first = results[pictured[0].id]!.picture!;
  if (!boundaryKind(first.dataset)) return null;
  const labels = plan.spec.axes.map((axis) => SWEEP_PARAMETER_BY_ID[axis.parameter].label);
  return (
    <figure className="sweep-multiples">
      <figcaption>The final {first.grid.kind === 'classes2d' ? 'decision boundary' : 'prediction'} of each value (seed 1; training points).</figcaption>
      <ul>
        {pictured.map((job) => {
          const values = job.value2Index >= 0 ? [plan.values[0][job.valueIndex], plan.values[1][job.value2Index]] : [plan.values[0][job.valueIndex]];
          const label = values.map((value, index) => `${labels[index]} ${formatSweepValue(value)}`).join(', ');
          return (
            <li key={job.id}>
              <PictureCanvas picture={results[job.id]!.picture!} label={`Final prediction with ${label}, seed 1`} />
              <span>{values.map(formatSweepValue).join(' × ')}</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
});
