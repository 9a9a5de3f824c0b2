import { useTelemetry } from '../../state/telemetryStore';
import { useRun } from '../../state/runStore';
import { Panel } from './Panel';
import { SPARSITY_THRESHOLD } from '../../engine/contract';

/** Per layer: weight norms and sparsity from the latest epoch and snapshot. */
export function WeightHistogramsPanel() {
  const histograms = useTelemetry((state) => state.snapshot?.weightHistograms ?? null);
  const layers = useRun((state) => state.latest?.layers ?? null);
  return (
    <Panel
      title="Weight histograms"
      caption={`How the weights of each layer are spread. L1 pushes weights to exactly zero (watch the share below ${SPARSITY_THRESHOLD} grow); L2 shrinks them all.`}
    >
      {() =>
        !histograms ? (
          <p className="empty-note">Waiting for the first snapshot.</p>
        ) : (
          <table className="data-table">
            <caption className="visually-hidden">Weights per layer</caption>
            <thead>
              <tr>
                <th scope="col">layer</th>
                <th scope="col">|w| &lt; {SPARSITY_THRESHOLD}</th>
                <th scope="col">L1 norm Σ|w|</th>
                <th scope="col">L2 norm √Σw²</th>
              </tr>
            </thead>
            <tbody>
              {histograms.map((probe, index) => (
                <tr key={probe.layer}>
                  <th scope="row">{probe.layer}</th>
                  <td>{(probe.sparsity * 100).toFixed(1)}%</td>
                  <td>{layers?.[index] ? layers[index].weightL1.toPrecision(4) : '–'}</td>
                  <td>{layers?.[index] ? layers[index].weightL2.toPrecision(4) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </Panel>
  );
}
