import { useEffect, useRef } from 'react';
import { setUi, useUi } from '../../state/uiStore';
import { TECHNIQUE_KEYS } from './techniqueKeys';

const SHORTCUTS: [string, string][] = [
  ['Space', 'Play or pause'],
  ['→', 'One training step'],
  ['R', 'Reset (same seed)'],
  ...TECHNIQUE_KEYS.map((technique): [string, string] => [technique.key, `${technique.name} on or off`]),
  ['?', 'Show or hide this help'],
];

/** The keyboard help ("?"), with a switch to turn the shortcuts off. */
export function ShortcutsDialog() {
  const open = useUi((state) => state.shortcutsOpen);
  const enabled = useUi((state) => state.shortcutsEnabled);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    // jsdom lacks showModal; fall back to the open attribute there.
    if (open && !element.open) {
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    } else if (!open && element.open) {
      if (typeof element.close === 'function') element.close();
      else element.removeAttribute('open');
    }
  }, [open]);

  return (
    <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={() => setUi({ shortcutsOpen: false })}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <p>They work anywhere except inside a text field, slider or switch.</p>
      <table>
        <tbody>
          {SHORTCUTS.map(([key, action]) => (
            <tr key={key}>
              <th scope="row"><kbd>{key}</kbd></th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="switch">
        <input type="checkbox" role="switch" checked={enabled} onChange={(event) => setUi({ shortcutsEnabled: event.target.checked })} />
        <span className="switch-track" aria-hidden="true" />
        <span className="setting-label">Keyboard shortcuts</span>
      </label>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => setUi({ shortcutsOpen: false })}>Close</button>
      </div>
    </dialog>
  );
}
