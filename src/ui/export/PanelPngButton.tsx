import { useState } from 'react';

/** Props of the PNG button. */
export interface PanelPngButtonProps {
  /** The panel's name: the file is "<name>.png" and the button's accessible name says which panel. */
  name: string;
  /** On the first screen the button reads "PNG" (its accessible name stays "Save PNG of …"). */
  compact?: boolean;
}

/**
 * A small "Save PNG" button for a panel's actions: it finds the panel around itself (the closest
 * `section`) and downloads its title, caption, charts and canvases as one PNG.
 */
export function PanelPngButton({ name, compact = false }: PanelPngButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="small png-button"
        aria-label={`Save PNG of ${name}`}
        disabled={busy}
        onClick={async (event) => {
          const panel = event.currentTarget.closest<HTMLElement>('section[data-panel], section, [role="region"]');
          if (panel === null) {
            setError('This button is not inside a panel.');
            return;
          }
          setBusy(true);
          setError(null);
          try {
            // The PNG code loads on first use: it is not needed for the first screen.
            const { downloadPanelPng } = await import('./pngExport');
            await downloadPanelPng(panel, name);
          } catch (failure) {
            setError(failure instanceof Error ? failure.message : String(failure));
          } finally {
            setBusy(false);
          }
        }}
      >
        {compact ? 'PNG' : 'Save PNG'}
      </button>
      {error ? (
        <span className="setting-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
