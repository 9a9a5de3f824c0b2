import { useId, useState } from 'react';
import { MAX_REPLAY_FILE_BYTES, parseReplayJson } from './replayFile';
import { tooLargeMessage } from './settingsFile';
import { replayRunFile } from '../../state/runController';

/** "Load replay file": rebuilds a saved run and trains it to the step it was saved at. */
export function ReplayLoader() {
  const id = useId();
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);
  return (
    <div className="setting">
      <label htmlFor={id} className="setting-label">Load replay file</label>
      <input
        id={id}
        type="file"
        accept=".json,application/json"
        onChange={async (event) => {
          const input = event.currentTarget;
          const file = input.files?.[0];
          // Allow choosing the same file again.
          input.value = '';
          if (!file) return;
          if (file.size > MAX_REPLAY_FILE_BYTES) {
            setMessage({ kind: 'error', text: tooLargeMessage(file.name, file.size, 'replay file', MAX_REPLAY_FILE_BYTES) });
            return;
          }
          let text: string;
          try {
            text = await file.text();
          } catch {
            setMessage({ kind: 'error', text: `"${file.name.slice(0, 60)}" could not be read. Nothing was changed.` });
            return;
          }
          const parsed = parseReplayJson(text);
          if (!parsed.ok) {
            setMessage({ kind: 'error', text: parsed.message });
            return;
          }
          const { settings, runLog, steps } = parsed.replay;
          const sent = await replayRunFile(settings, runLog, steps);
          setMessage(
            sent
              ? { kind: 'done', text: `Replaying ${steps.toLocaleString('en')} steps with ${runLog.length} live change${runLog.length === 1 ? '' : 's'}.${parsed.notes.length > 0 ? ` ${parsed.notes.join(' ')}` : ''}` }
              : { kind: 'error', text: 'The replay needs data that is not loaded (a CSV file): load it first.' },
          );
        }}
      />
      <p className="setting-help">Same settings, seed and live changes at the same steps: the same numbers.</p>
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'setting-error' : 'notice'}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
