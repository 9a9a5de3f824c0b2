import { useTelemetry } from '../../state/telemetryStore';
import { useSetting } from '../../state/settingsStore';
import { Panel } from './Panel';
import { droppedFraction, maskPixels, MAX_MASK_EXAMPLES, MAX_MASK_UNITS } from '../draw/maskPixels';
import { putPixels, useLiveCanvas } from './useLiveCanvas';
import type { DropoutMaskProbe } from '../../state/viewTypes';

const CELL = 12;

function MaskCanvas({ index }: { index: number }) {
  const canvasRef = useLiveCanvas((canvas, state) => {
    const mask = state.snapshot?.dropoutMasks[index];
    if (!mask) return;
    const raster = maskPixels(mask, CELL);
    putPixels(canvas, raster.pixels, raster.width, raster.height);
  }, [index]);
  return <canvas ref={canvasRef} className="mask-canvas" aria-hidden="true" />;
}

function meanKeepRate(mask: DropoutMaskProbe): number {
  let sum = 0;
  for (const rate of mask.keepRate) sum += rate;
  return mask.keepRate.length === 0 ? 1 : sum / mask.keepRate.length;
}

/** The last minibatch's dropout masks per layer, with each layer's running keep rate. */
export function DropoutMasksPanel() {
  const masks = useTelemetry((state) => state.snapshot?.dropoutMasks ?? null);
  const enabled = useSetting('dropoutEnabled');
  return (
    <Panel
      title="Dropout masks"
      caption="Which units the last minibatch dropped: rows are examples, columns are units. Kept units are scaled by 1/(1 − rate); at validation every unit is used."
    >
      {() =>
        !masks || masks.length === 0 || masks.every((mask) => mask.examples === 0) ? (
          <p className="empty-note">{enabled ? 'Train a step (press Step or Play) to see which units each example drops.' : 'Dropout is off: every unit is kept. Switch Dropout on to see units drop out.'}</p>
        ) : (
          <div className="mask-layers">
            {masks.map((mask, index) => (
              <figure key={mask.layer} className="mask-layer">
                <MaskCanvas index={index} />
                <figcaption>
                  <strong>{mask.layer}</strong>: rate {mask.rate.toFixed(2)}, {Math.round(droppedFraction(mask) * 100)}% dropped in this
                  minibatch ({Math.min(mask.examples, MAX_MASK_EXAMPLES)} of {mask.examples} examples, {Math.min(mask.units, MAX_MASK_UNITS)} of {mask.units} units shown);
                  running keep rate {meanKeepRate(mask).toFixed(2)} (expected {(1 - mask.rate).toFixed(2)}).
                </figcaption>
              </figure>
            ))}
            <ul className="legend" aria-hidden="true">
              <li><span className="legend-swatch" style={{ background: '#0072B2' }} />kept (filled)</li>
              <li><span className="legend-swatch" style={{ border: '2px solid #D55E00' }} />dropped (hollow, crossed)</li>
            </ul>
          </div>
        )
      }
    </Panel>
  );
}
