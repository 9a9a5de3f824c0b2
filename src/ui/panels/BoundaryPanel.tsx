import { useState } from 'react';
import { useRun } from '../../state/runStore';
import { Panel } from './Panel';
import { boundaryPixels } from '../draw/boundaryPixels';
import { putPixels, useLiveCanvas } from './useLiveCanvas';

const SIZE = 360;

/** The decision boundary (2D classification), fitted curve (1D) or surface (2D regression). */
export function BoundaryPanel() {
  const dataset = useRun((state) => state.dataset);
  const [discretize, setDiscretize] = useState(false);
  const [showValidation, setShowValidation] = useState(true);
  const canvasRef = useLiveCanvas(
    (canvas, state) => {
      if (!dataset) return;
      const raster = boundaryPixels(dataset, state.snapshot?.grid ?? null, { size: SIZE, discretize, showTrain: true, showValidation });
      if (raster) putPixels(canvas, raster.pixels, raster.width, raster.height);
    },
    [dataset, discretize, showValidation],
  );
  if (!dataset || !dataset.domain) return null;
  const oneD = dataset.rawTrain !== null && dataset.rawTrain.length === dataset.trainCount;
  const title = oneD ? 'Fitted curve' : dataset.task === 'classification' ? 'Decision boundary' : 'Predicted surface';
  const caption = oneD
    ? 'The network’s prediction (black line) over the training points (filled) and validation points (hollow). A curve that threads every training point is overfitting.'
    : dataset.task === 'classification'
      ? 'Background: the predicted class over the plane (blue = class 0, orange = class 1; paler = less sure). Training points filled, validation points hollow. Always in inference mode.'
      : 'Background: the predicted value (blue negative, orange positive); points show the true values.';
  return (
    <Panel
      title={title}
      caption={caption}
      actions={
        <>
          {!oneD && dataset.task === 'classification' ? (
            <label className="switch compact">
              <input type="checkbox" role="switch" checked={discretize} onChange={(event) => setDiscretize(event.target.checked)} />
              <span className="switch-track" aria-hidden="true" />
              <span className="setting-label">Discretize</span>
            </label>
          ) : null}
          <label className="switch compact">
            <input type="checkbox" role="switch" checked={showValidation} onChange={(event) => setShowValidation(event.target.checked)} />
            <span className="switch-track" aria-hidden="true" />
            <span className="setting-label">Validation points</span>
          </label>
        </>
      }
    >
      {() => (
        <>
          <canvas ref={canvasRef} width={SIZE} height={SIZE} className="boundary-canvas" role="img" aria-label={`${title}: ${dataset.trainCount} training and ${dataset.validationCount} validation points`} />
          <ul className="legend">
            <li><span className="legend-swatch" style={{ background: '#0072B2', borderRadius: '50%', width: '0.8rem' }} />training point (filled)</li>
            <li><span className="legend-swatch" style={{ border: '2px solid #D55E00', borderRadius: '50%', width: '0.8rem' }} />validation point (hollow)</li>
            {dataset.task === 'classification' && !oneD ? (
              <li><span className="legend-swatch" style={{ background: 'linear-gradient(90deg,#0072B2,#f7f7f7,#E69F00)' }} />{(dataset.classNames ?? ['class 0', 'class 1']).slice(0, 2).join(' … ')}</li>
            ) : null}
          </ul>
        </>
      )}
    </Panel>
  );
}
