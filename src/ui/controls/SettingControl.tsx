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
}

/** The control for one row of the settings table, chosen by the row's kind. */
export function SettingControl({ settingKey, disabled = false }: SettingControlProps) {
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
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={value as boolean}
              disabled={disabled}
              aria-describedby={helpId}
              onChange={(event) => onChange(event.target.checked)}
            />
            <span className="switch-track" aria-hidden="true" />
            <span className="setting-label">{row.label}</span>
            <span className="switch-state" aria-hidden="true">{value ? 'on' : 'off'}</span>
          </label>
          <p id={helpId} className="setting-help">{row.help}</p>
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
          <p id={helpId} className="setting-help">{row.help}</p>
        </div>
      );
    case 'number':
    case 'int':
      return <NumberControl row={row} id={id} helpId={helpId} value={value as number} disabled={disabled} onChange={onChange} />;
    case 'intList':
      return <ListControl row={row} id={id} helpId={helpId} value={value as number[]} disabled={disabled} onChange={onChange} />;
  }
}

interface NumberControlProps {
  row: SettingRow;
  id: string;
  helpId: string;
  value: number;
  disabled: boolean;
  onChange: (value: number) => void;
}

/** Slider for bounded numbers: log-scale ones step through nice values; the seed gets a number box. */
function NumberControl({ row, id, helpId, value, disabled, onChange }: NumberControlProps) {
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
        <p id={helpId} className="setting-help">{row.help}</p>
      </div>
    );
  }
  const logScale = (kind.type === 'number' && kind.scale === 'log') || wide;
  const choices = logScale ? niceValues(Math.max(kind.min, kind.type === 'int' ? 1 : kind.min), kind.max) : null;
  const sliderValue = choices ? nearestIndex(choices, value) : value;
  return (
    <div className="setting">
      <div className="setting-heading">
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
      <p id={helpId} className="setting-help">{row.help}</p>
    </div>
  );
}

interface ListControlProps {
  row: SettingRow;
  id: string;
  helpId: string;
  value: number[];
  disabled: boolean;
  onChange: (value: number[]) => string | null;
}

/** A comma-separated list of whole numbers, applied on Enter or when focus leaves. */
function ListControl({ row, id, helpId, value, disabled, onChange }: ListControlProps) {
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
      <p id={helpId} className="setting-help">{row.help}</p>
    </div>
  );
}
