import { SETTINGS, type SettingKey, type SettingSection, type Settings } from '../../settings/settingsTable';
import { useSettings } from '../../state/settingsStore';
import { SettingControl } from '../controls/SettingControl';
import { LayerDropoutRates } from '../controls/LayerDropoutRates';
import { RestoreBestButton, SpeedControl } from '../controls/RunActions';
import { lazy, Suspense } from 'react';

const CsvPicker = lazy(() => import('../controls/CsvPicker').then((module) => ({ default: module.CsvPicker })));

// Regularization first: its switches are what a student reaches for while the network trains.
const SECTIONS: { id: SettingSection; title: string; summary: string }[] = [
  { id: 'regularization', title: 'Regularization', summary: 'Switch any of these on while it trains.' },
  { id: 'data', title: 'Data', summary: 'What the network learns from, and how much of it.' },
  { id: 'model', title: 'Model', summary: 'Changing the architecture starts a new run.' },
  { id: 'optimizer', title: 'Optimizer', summary: 'Changes apply at the next minibatch.' },
];

const TWO_D = new Set(['circle', 'xor', 'gaussians', 'spirals', 'moons', 'plane', 'bumps']);
const CLASSIFICATION = new Set(['circle', 'xor', 'gaussians', 'spirals', 'moons', 'features', 'digits', 'csv']);

/** Which settings make sense for the current dataset (others are hidden, not just disabled). */
export function isRelevant(key: SettingKey, settings: Settings): boolean {
  const dataset = settings.dataset;
  switch (key) {
    case 'classes':
      return dataset === 'gaussians' || dataset === 'spirals';
    case 'labelNoise':
      return CLASSIFICATION.has(dataset) && dataset !== 'csv';
    case 'noise':
      return dataset !== 'digits' && dataset !== 'csv';
    case 'featureX2':
    case 'featureY2':
    case 'featureXY':
    case 'featureSinX':
    case 'featureSinY':
      return TWO_D.has(dataset);
    case 'featureCount':
    case 'informativeCount':
      return dataset === 'features';
    case 'digitsResolution':
    case 'convolutional':
      return dataset === 'digits';
    case 'validationFraction':
      return dataset !== 'digits';
    case 'momentum':
      return settings.optimizer === 'momentum';
    case 'clipValue':
      return settings.clipMode !== 'none';
    default:
      return true;
  }
}

/** The settings column: one section per part of the table, advanced rows folded away. */
export function Sidebar({ hidden }: { hidden?: ReadonlySet<SettingKey> }) {
  const settings = useSettings();
  return (
    <nav className="sidebar" aria-label="Settings">
      {SECTIONS.map((section) => {
        const rows = SETTINGS.filter((row) => row.section === section.id && isRelevant(row.key, settings) && !hidden?.has(row.key));
        const basic = rows.filter((row) => !('advanced' in row && row.advanced));
        const advanced = rows.filter((row) => 'advanced' in row && row.advanced);
        if (rows.length === 0) return null;
        return (
          <section key={section.id} className="sidebar-section" aria-labelledby={`section-${section.id}`}>
            <h2 id={`section-${section.id}`}>{section.title}</h2>
            <p className="section-summary">{section.summary}</p>
            {basic.map((row) => (
              <SettingControl key={row.key} settingKey={row.key} />
            ))}
            {section.id === 'data' ? (
              <Suspense fallback={null}>
                <CsvPicker />
              </Suspense>
            ) : null}
            {section.id === 'optimizer' ? <SpeedControl /> : null}
            {section.id === 'regularization' ? <RestoreBestButton /> : null}
            {advanced.length > 0 ? (
              <details className="advanced">
                <summary>More {section.title.toLowerCase()} settings</summary>
                {advanced.map((row) =>
                  row.key === 'dropoutLayerRates' ? <LayerDropoutRates key={row.key} /> : <SettingControl key={row.key} settingKey={row.key} />,
                )}
              </details>
            ) : null}
          </section>
        );
      })}
    </nav>
  );
}
