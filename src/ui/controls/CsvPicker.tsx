import { useEffect, useId, useState } from 'react';
import { parseCsvFile } from '../../worker/csvClient';
import { checkCsvOptions, defaultCsvOptions, CSV_LIMITS, type CsvOptions, type CsvTable } from '../../data';
import { adoptCsvTable } from '../../state/runController';
import { forgetStoredCsv, refreshStoredCsv, useStoredCsv } from '../../state/csvVault';

/**
 * Load the user's own CSV: parsed off the main thread, then a label column and task chosen.
 * A bad file gets its specific message and the current dataset stays in place.
 */
export function CsvPicker() {
  const id = useId();
  const [table, setTable] = useState<CsvTable | null>(null);
  const [options, setOptions] = useState<CsvOptions | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [forgotten, setForgotten] = useState<string | null>(null);
  const stored = useStoredCsv();
  useEffect(() => {
    void refreshStoredCsv();
  }, []);
  const megabytes = Math.round(CSV_LIMITS.maxBytes / 1_000_000);
  return (
    <div className="setting csv-picker">
      <label htmlFor={`${id}-file`} className="setting-label">Load a CSV file</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".csv,text/csv,text/plain"
        aria-describedby={`${id}-help`}
        onChange={async (event) => {
          const file = event.target.files?.[0];
          if (!file) return;
          setBusy(true);
          setMessage(null);
          const result = await parseCsvFile(file);
          setBusy(false);
          if (!result.ok) {
            setMessage(result.message);
            setTable(null);
            return;
          }
          setTable(result.table);
          setFile(file);
          setOptions(defaultCsvOptions(result.table));
        }}
      />
      <p id={`${id}-help`} className="setting-help">
        A header row, numeric feature columns and one label column; at most {megabytes} MB and {CSV_LIMITS.maxRows.toLocaleString('en')} rows. Parsed in your browser, never uploaded; the
        file you train on is kept in this browser so a reload finds it again.
      </p>
      {stored ? (
        <div className="csv-stored">
          <p className="setting-help">“{stored.name}” is kept in this browser.</p>
          <button
            type="button"
            className="small"
            onClick={() => {
              void forgetStoredCsv();
              setForgotten(stored.name);
            }}
          >
            Forget the stored CSV file
          </button>
        </div>
      ) : null}
      {forgotten && !stored ? (
        <p role="status" className="setting-help">
          Forgot “{forgotten}”: this page keeps using it until you reload or choose another dataset.
        </p>
      ) : null}
      {busy ? <p role="status">Reading the file…</p> : null}
      {message ? <p className="setting-error" role="alert">{message}</p> : null}
      {table && options ? (
        <div className="csv-options">
          <p className="setting-help">{table.rows.toLocaleString('en')} rows, {table.headers.length} columns.</p>
          <label htmlFor={`${id}-label`} className="setting-label">Label column</label>
          <select id={`${id}-label`} value={options.labelColumn} onChange={(event) => setOptions({ ...options, labelColumn: event.target.value })}>
            {table.headers.map((header) => (
              <option key={header} value={header}>{header}</option>
            ))}
          </select>
          <label htmlFor={`${id}-task`} className="setting-label">Task</label>
          <select id={`${id}-task`} value={options.task} onChange={(event) => setOptions({ ...options, task: event.target.value as CsvOptions['task'] })}>
            <option value="auto">Detect (classification for text or few whole numbers)</option>
            <option value="classification">Classification</option>
            <option value="regression">Regression</option>
          </select>
          <button
            type="button"
            className="primary"
            onClick={() => {
              const check = checkCsvOptions(table, options);
              if (!check.ok) {
                setMessage(check.message);
                return;
              }
              setMessage(null);
              setForgotten(null);
              adoptCsvTable(table, options, file ? { name: file.name, blob: file } : undefined);
            }}
          >
            Train on this file
          </button>
        </div>
      ) : null}
    </div>
  );
}
