import { useState } from 'react';

/** One button that saves every panel on screen as PNG and the run's data files, in one zip. */
export function DownloadAllButton() {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="button-row">
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          setStatus('Packing the panels and data files…');
          try {
            // Loaded on first use: zipping is not needed for the first screen.
            const { downloadAll } = await import('./downloadAll');
            const count = await downloadAll();
            setStatus(`Saved ${count} files in one zip.`);
          } catch (failure) {
            setStatus(null);
            setError(failure instanceof Error ? failure.message : String(failure));
          } finally {
            setBusy(false);
          }
        }}
      >
        Download all (zip)
      </button>
      {status ? (
        <span role="status" className="notice">
          {status}
        </span>
      ) : null}
      {error ? (
        <span role="alert" className="setting-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
