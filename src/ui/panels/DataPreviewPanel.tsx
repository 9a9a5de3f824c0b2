import { useRun } from '../../state/runStore';
import { DataPreview } from './DataPreview';

/** The data preview, fed from the run's light copy of its dataset. */
export function DataPreviewPanel() {
  const dataset = useRun((state) => state.previewDataset);
  return <DataPreview dataset={dataset} />;
}
