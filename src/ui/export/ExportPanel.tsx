import { Panel } from '../panels/Panel';
import { DownloadAllButton } from './DownloadAllButton';
import { ExportMenu } from './ExportMenu';
import { ReplayLoader } from './ReplayLoader';

/** The export menu as a panel: data, settings, replay files and runnable scripts. */
export function ExportPanel() {
  return (
    <Panel title="Export" wide caption="Take this run elsewhere: metrics as CSV or JSON, the settings, a replay file that reproduces it exactly, or a PyTorch or Keras script with the same network and regularization.">
      {() => (
        <>
          <DownloadAllButton />
          <ExportMenu />
          <ReplayLoader />
        </>
      )}
    </Panel>
  );
}
