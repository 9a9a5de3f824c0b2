import type { SettingKey } from '../../settings/settingsTable';
import { SettingControl } from '../controls/SettingControl';
import { setUi } from '../../state/uiStore';

/** The five techniques of the guide, each a switch and (where it has one) its strength. */
const TECHNIQUES: { toggle: SettingKey; strength: SettingKey | null; shortLabel?: string }[] = [
  { toggle: 'l2Enabled', strength: 'l2' },
  { toggle: 'dropoutEnabled', strength: 'dropoutRate' },
  { toggle: 'l1Enabled', strength: 'l1' },
  { toggle: 'batchNorm', strength: null, shortLabel: 'Batch norm' },
  { toggle: 'earlyStopping', strength: 'patience', shortLabel: 'Early stop' },
];

/**
 * The first screen's controls: the five regularization switches with their strengths, always in
 * reach (a column on wide screens, a strip along the bottom on phones). Their help is one plain
 * sentence, read by screen readers and shown on hover; the full settings are one click away.
 */
export function TechniqueSwitches({ hidden }: { hidden?: ReadonlySet<SettingKey> }) {
  return (
    <section className="technique-switches" aria-labelledby="techniques-title">
      <h2 id="techniques-title">Regularization</h2>
      <div className="technique-list">
        {TECHNIQUES.filter((technique) => !hidden?.has(technique.toggle)).map(({ toggle, strength, shortLabel }) => (
          <div key={toggle} className="technique" data-technique={toggle}>
            <SettingControl settingKey={toggle} compact shortLabel={shortLabel} />
            {strength && !hidden?.has(strength) ? <SettingControl settingKey={strength} compact /> : null}
          </div>
        ))}
      </div>
      <button type="button" className="more-settings" aria-controls="settings-column" onClick={() => setUi({ sidebarOpen: true })}>
        All settings…<span className="visually-hidden"> (data, network, optimizer)</span>
      </button>
    </section>
  );
}
