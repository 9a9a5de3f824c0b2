import { useState } from 'react';
import { Panel } from '../panels/Panel';
import { currentLink, clearRememberedState } from '../../state/urlSync';
import { settingsStore, useSettings } from '../../state/settingsStore';
import { useUi } from '../../state/uiStore';
import { PANEL_IDS, type PanelId } from '../../state/urlState';
import { embedPageAddress, embedSnippet } from '../embed/snippet';
import { safeStorage } from '../startup';
import { DEFAULT_SETTINGS, type SettingKey } from '../../settings/settingsTable';
import { datasetLabel, shareableSettings } from '../../state/missingCsv';

const EMBED_CONTROLS: SettingKey[] = ['l1Enabled', 'l2Enabled', 'dropoutEnabled', 'batchNorm', 'earlyStopping'];
const DEFAULT_EMBED_PANELS: PanelId[] = ['loss', 'boundary'];

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Copy a link to this exact state, write an embed snippet, forget the remembered state. */
export function SharePanel() {
  const view = useUi((state) => state.view);
  useSettings();
  const [message, setMessage] = useState<string | null>(null);
  const [panels, setPanels] = useState<PanelId[]>(DEFAULT_EMBED_PANELS);
  const link = currentLink(view);
  const settings = settingsStore.getState().settings;
  const usesCsv = settings.dataset === 'csv';
  // A CSV file cannot travel in a link: the snippet shows the default dataset rather than a widget that cannot start.
  const snippet = embedSnippet(embedPageAddress(window.location), shareableSettings(settings, DEFAULT_SETTINGS.dataset), { panels, controls: EMBED_CONTROLS, lesson: view.lesson });
  return (
    <Panel title="Share" wide caption="A link that reopens exactly this state (settings and seed), and the HTML to embed it in a blog post.">
      {() => (
        <div className="share">
          {usesCsv ? (
            <div className="notice" role="note" aria-label="Your CSV file is not in the link">
              <p>
                Your CSV file is not part of the link or the snippet: files never leave this browser. This browser reopens the link with the file; anywhere else it
                says so and shows the default dataset.
              </p>
              <p>The embed snippet below therefore shows the {datasetLabel(DEFAULT_SETTINGS.dataset)} dataset instead of your file.</p>
            </div>
          ) : null}
          <div className="setting">
            <label htmlFor="share-link" className="setting-label">Link to this state</label>
            <div className="seed-row">
              <input id="share-link" type="text" readOnly value={link} onFocus={(event) => event.currentTarget.select()} />
              <button type="button" onClick={async () => setMessage((await copyText(link)) ? 'Link copied.' : 'Copying failed: select the link and copy it by hand.')}>
                Copy link
              </button>
            </div>
          </div>
          <fieldset className="setting">
            <legend className="setting-label">Panels in the embed</legend>
            <div className="checkbox-row">
              {PANEL_IDS.map((panel) => (
                <label key={panel}>
                  <input
                    type="checkbox"
                    checked={panels.includes(panel)}
                    onChange={(event) => setPanels(event.target.checked ? [...panels, panel] : panels.filter((item) => item !== panel))}
                  />{' '}
                  {panel}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="setting">
            <label htmlFor="embed-snippet" className="setting-label">Embed snippet</label>
            <textarea id="embed-snippet" readOnly rows={6} value={snippet} onFocus={(event) => event.currentTarget.select()} />
            <button type="button" onClick={async () => setMessage((await copyText(snippet)) ? 'Snippet copied.' : 'Copying failed: select the snippet and copy it by hand.')}>
              Copy snippet
            </button>
          </div>
          <div className="setting">
            <button
              type="button"
              onClick={() => {
                clearRememberedState(safeStorage());
                setMessage('Forgot the remembered state: the next visit starts from the defaults (or its link).');
              }}
            >
              Forget my saved settings
            </button>
            <p className="setting-help">The playground remembers your last state in this browser only.</p>
          </div>
          {message ? <p role="status" className="notice">{message}</p> : null}
        </div>
      )}
    </Panel>
  );
}
