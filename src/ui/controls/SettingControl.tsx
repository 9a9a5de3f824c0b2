import { useId, useState, type ChangeEvent } from 'react';
import type { SettingKey, SettingRow, Settings } from '../../settings/settingsTable';
import { SETTING_BY_KEY } from '../../settings/settingsTable';
import { useSetting } from '../../state/settingsStore';
import { changeSetting } from '../../state/runController';
import { formatSettingNumber, nearestIndex, niceValues } from './niceValues';

/** Props of one setting's control. */
interface SettingControlProps {
  settingKey: SettingKey;
  disabled?: boolean;
  /** The first screen's form: the help stays the control's description and tooltip, not visible text. */
  compact?: boolean;
  /** A switch's short visible name where its column is narrow; the full label stays its accessible name. */
  shortLabel?: string;
}

/** The help under a control: one plain sentence, then the exact conventions behind "details". */
function SettingHelp({ id, row, compact }: { id: string; row: SettingRow; compact: boolean }) {
  if (compact) return <p id={id} className="visually-hidden">{row.help}</p>;
  return (
    <div className="setting-help">
      <p id={id}>{row.help}</p>
      {row.details ? (
        <details className="setting-details">
          <summary>details<span className="visually-hidden"> of {row.label}</span></summary>
          <p>{row.details}</p>
        </details>
      ) : null}
    </div>
  );
}

/** The control for one row of the settings table, chosen by the row's kind. */
export function SettingControl({ settingKey, disabled = false, compact = false, shortLabel }: SettingControlProps) {
  const row = SETTING_BY_KEY[settingKey];
  const value = useSetting(settingKey);
  const id = useId();
  const helpId = `${id}-help`;
  const onChange = (next: Settings[SettingKey]) => changeSetting(settingKey, next);

  const kind = row.kind;
  switch (kind.type) {
    case 'boolean':
      return (
        <div className="setting setting-switch">
          <label className="switch" title={compact ? row.help : undefined}>
            <input
              type="checkbox"
              role="switch"
              checked={value as boolean}
              disabled={disabled}
              aria-describedby={helpId}
              // With a short visible name, the full one stays the switch's name when only the short one shows.
              aria-label={shortLabel ? row.label : undefined}
              onChange={(event) => onChange(event.target.checked)}
            />
            <span className="switch-track" aria-hidden="true" />
            <span className="setting-label">
              {shortLabel ? (
                <>
                  <span className="label-full">{row.label}</span>
                  <span className="label-short">{shortLabel}</span>
                </>
              ) : (
                row.label
              )}
            </span>
            <span className="switch-state" aria-hidden="true">{value ? 'on' : 'off'}</span>
          </label>
          <SettingHelp id={helpId} row={row} compact={compact} />
        </div>
      );
    case 'enum':
      return (
        <div className="setting">
          <label htmlFor={id} className="setting-label">{row.label}</label>
          <select id={id} value={value as string} disabled={disabled} aria-describedby={helpId} onChange={(event) => onChange(event.target.value as Settings[SettingKey])}>
            {kind.options.map((option) => (
              <option key={option.value} value={option.value}>{option.label}</option>
            ))}
          </select>
          <SettingHelp id={helpId} row={row} compact={compact} />
        </div>
      );
    case 'number':
    case 'int':
      return <NumberControl row={row} id={id} helpId={helpId} value={value as number} disabled={disabled} compact={compact} onChange={onChange} />;
    case 'intList':
      return <ListControl row={row} id={id} helpId={helpId} value={value as number[]} disabled={disabled} compact={compact} onChange={onChange} />;
  }
}

interface NumberControlProps {
  row: SettingRow;
  id: string;
  helpId: string;
  value: number;
  disabled: boolean;
  compact: boolean;
  onChange: (value: number) => void;
}

/** Slider for bounded numbers: log-scale ones step through nice values; the seed gets a number box. */
function NumberControl({ row, id, helpId, value, disabled, compact, onChange }: NumberControlProps) {
  const kind = row.kind as Extract<SettingRow['kind'], { type: 'number' | 'int' }>;
  const unit = 'unit' in kind && kind.unit ? ` ${kind.unit}` : '';
  const wide = kind.type === 'int' && kind.max / Math.max(kind.min, 1) > 200;
  if (row.key === 'seed') {
    return (
      <div className="setting">
        <label htmlFor={id} className="setting-label">{row.label}</label>
        <div className="seed-row">
          <input
            id={id}
            type="number"
            inputMode="numeric"
            min={kind.min}
            max={kind.max}
            step={1}
            value={value}
            disabled={disabled}
            aria-describedby={helpId}
            onChange={(event: ChangeEvent<HTMLInputElement>) => {
              const next = Number(event.target.value);
              if (event.target.value !== '' && Number.isInteger(next) && next >= kind.min && next <= kind.max) onChange(next);
            }}
          />
          <button type="button" disabled={disabled} onClick={() => onChange((value * 7919 + 104729) % (kind.max + 1))}>
            New seed
          </button>
        </div>
        <SettingHelp id={helpId} row={row} compact={compact} />
      </div>
    );
  }
  const logScale = (kind.type === 'number' && kind.scale === 'log') || wide;
  const choices = logScale ? niceValues(Math.max(kind.min, kind.type === 'int' ? 1 : kind.min), kind.max) : null;
  const sliderValue = choices ? nearestIndex(choices, value) : value;
  return (
    <div className={`setting${compact ? ' setting-compact' : ''}`}>
      <div className="setting-heading" title={compact ? row.help : undefined}>
        <label htmlFor={id} className="setting-label">{row.label}</label>
        <output htmlFor={id} className="setting-value">{formatSettingNumber(value)}{unit}</output>
      </div>
      <input
        id={id}
        type="range"
        min={choices ? 0 : kind.min}
        max={choices ? choices.length - 1 : kind.max}
        step={choices ? 1 : kind.step}
        value={sliderValue}
        disabled={disabled}
        aria-describedby={helpId}
        aria-valuetext={`${formatSettingNumber(value)}${unit}`}
        onChange={(event) => {
          const position = Number(event.target.value);
          onChange(choices ? choices[position] : position);
        }}
      />
      <SettingHelp id={helpId} row={row} compact={compact} />
    </div>
  );
}

interface ListControlProps {
  row: SettingRow;
  id: string;
  helpId: string;
  value: number[];
  disabled: boolean;
  compact: boolean;
  onChange: (value: number[]) => string | null;
}

/** A comma-separated list of whole numbers, applied on Enter or when focus leaves. */
function ListControl({ row, id, helpId, value, disabled, compact, onChange }: ListControlProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const text = draft ?? value.join(', ');
  const commit = () => {
    if (draft === null) return;
    const message = onChange(draft as unknown as number[]);
    setError(message);
    if (!message) setDraft(null);
  };
  return (
    <div className="setting">
      <label htmlFor={id} className="setting-label">{row.label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        value={text}
        disabled={disabled}
        aria-describedby={helpId}
        aria-invalid={error ? true : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') {
            setDraft(null);
            setError(null);
          }
        }}
      />
      {error ? <p className="setting-error" role="alert">{error}</p> : null}
      <SettingHelp id={helpId} row={row} compact={compact} />
    </div>
  );
}
