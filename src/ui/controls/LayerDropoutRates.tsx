import { useSetting } from '../../state/settingsStore';
import { changeSetting } from '../../state/runController';

/**
 * One slider per hidden layer ("Dropout rate, layer N"), overriding the global dropout rate.
 * Stored in the settings as whole percents; layers without an entry use the global rate.
 */
export function LayerDropoutRates() {
  const hiddenLayers = useSetting('hiddenLayers');
  const overrides = useSetting('dropoutLayerRates');
  const globalRate = useSetting('dropoutRate');
  const setLayer = (layer: number, percent: number) => {
    const next = hiddenLayers.map((_, index) => overrides[index] ?? Math.round(globalRate * 100));
    next[layer] = percent;
    changeSetting('dropoutLayerRates', next);
  };
  if (hiddenLayers.length === 0) return null;
  return (
    <fieldset className="setting layer-rates">
      <legend className="setting-label">Per-layer dropout rates</legend>
      {hiddenLayers.map((units, layer) => {
        const percent = overrides[layer] ?? Math.round(globalRate * 100);
        const id = `layer-dropout-${layer}`;
        return (
          <div key={layer} className="setting">
            <div className="setting-heading">
              <label htmlFor={id}>Dropout rate, layer {layer + 1}</label>
              <output htmlFor={id} className="setting-value">{(percent / 100).toFixed(2)}{overrides[layer] === undefined ? ' (global)' : ''}</output>
            </div>
            <input
              id={id}
              type="range"
              min={0}
              max={90}
              step={5}
              value={percent}
              aria-valuetext={`${(percent / 100).toFixed(2)} of ${units} units`}
              onChange={(event) => setLayer(layer, Number(event.target.value))}
            />
          </div>
        );
      })}
      {overrides.length > 0 ? (
        <button type="button" className="small" onClick={() => changeSetting('dropoutLayerRates', [])}>
          Use the global rate for every layer
        </button>
      ) : null}
      <p className="setting-help">Only while Dropout is on. Srivastava et al. keep 80% of inputs and 50% of hidden units (rates 0.2 and 0.5).</p>
    </fieldset>
  );
}
