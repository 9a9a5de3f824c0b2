/**
 * The messages between an embedded playground (an iframe) and the page that embeds it.
 * Documented in the README; the page only accepts commands from its parent window.
 *
 * Page -> parent:  { type: 'regularization-playground:height', height: number }   (on every size change)
 *                  { type: 'regularization-playground:ready' }
 *                  { type: 'regularization-playground:error', message: string }    (a refused command)
 * Parent -> page:  { type: 'regularization-playground:command', command: 'play' | 'pause' | 'reset' }
 *                  { type: 'regularization-playground:command', command: 'setSettings', settings: { [name]: value } }
 *                  { type: 'regularization-playground:command', command: 'setTheme', theme: 'light' | 'dark' | 'auto' }
 * Setting names are the settings table's keys (e.g. "l2Enabled"), or else their URL names (e.g. "es");
 * values are validated like the URL: out-of-range numbers are clamped, invalid ones refused.
 */
import { SETTINGS } from '../../settings/settingsTable';
import { checkPatch, type CheckedPatch } from '../../settings/settingsValidation';
import { capProblems } from '../../state/problemList';

/** Prefix of every message type, so the host can tell ours from others. */
export const EMBED_PREFIX = 'regularization-playground:';

/** A validated command from the parent page. */
export type EmbedCommand =
  | { command: 'play' | 'pause' | 'reset' }
  | { command: 'setSettings'; settings: CheckedPatch }
  | { command: 'setTheme'; theme: 'light' | 'dark' | 'auto' };

/** The outcome of reading a message: a command, problems to report, or nothing (not ours). */
export interface ParsedMessage {
  command: EmbedCommand | null;
  problems: string[];
}

const KEY_BY_URL = new Map<string, string>(SETTINGS.map((row) => [row.url, row.key]));
const KEYS = new Set<string>(SETTINGS.map((row) => row.key));

/** Most settings one setSettings command may name (the table has about 50). */
const MAX_SETTINGS_PER_COMMAND = 100;

/** A field's type as an error message names it, without calling anything on the value (a hostile object may have no toString). */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * Reads an untrusted message. Never throws: every field is type-checked before it is used, and
 * nothing of the message is called or converted implicitly. Messages that are not ours yield no
 * command and no problems.
 */
export function parseEmbedMessage(data: unknown): ParsedMessage {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { command: null, problems: [] };
  const message = data as Record<string, unknown>;
  if (message.type !== `${EMBED_PREFIX}command`) return { command: null, problems: [] };
  if (typeof message.command !== 'string') {
    return { command: null, problems: [`The command must be a string such as "play" (got ${typeName(message.command)}).`] };
  }
  switch (message.command) {
    case 'play':
    case 'pause':
    case 'reset':
      return { command: { command: message.command }, problems: [] };
    case 'setTheme':
      if (message.theme === 'light' || message.theme === 'dark' || message.theme === 'auto') return { command: { command: 'setTheme', theme: message.theme }, problems: [] };
      return { command: null, problems: ['setTheme needs theme "light", "dark" or "auto".'] };
    case 'setSettings': {
      if (typeof message.settings !== 'object' || message.settings === null || Array.isArray(message.settings)) {
        return { command: null, problems: ['setSettings needs a settings object.'] };
      }
      const entries = Object.entries(message.settings as Record<string, unknown>);
      const renamed: Record<string, unknown> = {};
      for (const [name, value] of entries.slice(0, MAX_SETTINGS_PER_COMMAND)) {
        // A table key wins over a URL name ("l2" is the L2 strength, not the URL name of the L2 switch).
        renamed[KEYS.has(name) ? name : (KEY_BY_URL.get(name) ?? name)] = value;
      }
      const { patch, problems } = checkPatch(renamed, true);
      if (entries.length > MAX_SETTINGS_PER_COMMAND) problems.push(`Only the first ${MAX_SETTINGS_PER_COMMAND} of ${entries.length} settings were read.`);
      return { command: Object.keys(patch).length > 0 ? { command: 'setSettings', settings: patch } : null, problems: capProblems(problems) };
    }
    default:
      return { command: null, problems: [`Unknown command ${JSON.stringify(message.command.slice(0, 30))}.`] };
  }
}
