/**
 * The whole playground state in a link. The settings table drives parsing, serialising and
 * validation; view parameters (lesson, compare, embed, panels, hidden controls, theme) sit beside
 * the settings. Decoding never throws: unknown, malformed or out-of-range values are dropped or
 * clamped, and every such decision is listed in `problems` for a dismissible notice.
 */
import { SETTINGS, type SettingKey, type Settings } from '../settings/settingsTable';
import { checkValue, DEFAULT_SETTINGS_CHECKED, NO_CHANGES, patchOf, type CheckedPatch, type CheckedSettings } from '../settings/settingsValidation';
import { capProblems } from './problemList';
import { FORMAT_VERSION, linkVersionNotice } from './formatChanges';
import { decodeSweep, encodeSweep, isSweepParam, type SweepSpec } from '../sweep/sweepSpec';

/** The URL format version; bumped when a short name changes meaning or a run's numbers change (formatChanges.ts). */
export const URL_VERSION = FORMAT_VERSION;

/** Panels an embed (or a teacher's link) can show, by URL name. */
export const PANEL_IDS = ['lesson', 'loss', 'diagnosis', 'boundary', 'network', 'masks', 'weights', 'gradients', 'batchnorm', 'digits', 'data'] as const;
/** A panel's URL name. */
export type PanelId = (typeof PANEL_IDS)[number];

/** Theme requested by a link or an embedding page. */
export type UrlTheme = 'light' | 'dark' | 'auto';

/** Everything a link can say besides the settings. */
export interface ViewState {
  embed: boolean;
  lesson: string | null;
  /** Run B's changes in compare mode (null = no comparison). */
  compare: CheckedPatch | null;
  /** Panels to show (null = all). */
  panels: PanelId[] | null;
  /** In embed mode: the controls to show (null = the run controls only). */
  controls: SettingKey[] | null;
  /** Controls a teacher hid from the sidebar. */
  hide: SettingKey[];
  autoplay: boolean;
  theme: UrlTheme;
  projector: boolean;
  /** Sweep mode and its specification (null = the main view); its own versioned `sweep=1&sw.*` parameters. */
  sweep: SweepSpec | null;
}

/** The default view: the full playground. */
export const DEFAULT_VIEW: ViewState = {
  embed: false,
  lesson: null,
  compare: null,
  panels: null,
  controls: null,
  hide: [],
  autoplay: false,
  theme: 'auto',
  projector: false,
  sweep: null,
};

/** A decoded link. */
export interface DecodedUrl {
  /** Settings the link sets (validated; others keep their current values). */
  settings: CheckedPatch;
  view: ViewState;
  /** One sentence per dropped or clamped value. */
  problems: string[];
  /** Whether the link carried any setting at all. */
  hasSettings: boolean;
}

const KEY_BY_URL = new Map<string, SettingKey>(SETTINGS.map((row) => [row.url, row.key]));
const URL_BY_KEY = new Map<SettingKey, string>(SETTINGS.map((row) => [row.key, row.url]));
const VIEW_PARAMS = new Set(['v', 'embed', 'lesson', 'panels', 'controls', 'hide', 'autoplay', 'theme', 'projector', 'compare']);
/** Longest value read from a parameter: anything longer is not ours. */
const MAX_VALUE_LENGTH = 200;

/**
 * Whether `id` names a lesson of `lessonTable` (the lesson table's LESSON_BY_ID): an own key, so
 * inherited names such as "constructor" or "__proto__" are not lessons. The table is passed in,
 * not imported: it is loaded lazily (src/ui/startup.ts checks a linked lesson before the first render).
 */
export function isLessonId(id: string, lessonTable: object): boolean {
  return Object.hasOwn(lessonTable, id);
}

/** The notice for a link's lesson id that is not a lesson. */
export function unknownLessonProblem(id: string): string {
  return `There is no lesson ${quoteName(id)}; the first lesson is shown.`;
}

/** A parameter name as a notice quotes it (short, printable). */
function quoteName(name: string): string {
  return `"${name.length > 30 ? `${name.slice(0, 30)}…` : name}"`;
}

function serialise(value: unknown): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Array.isArray(value)) return value.join('-');
  return String(value);
}

/** Settings as URL parameters (every setting, so a link means the same whatever the defaults). */
export function encodeSettings(settings: Settings, prefix = ''): [string, string][] {
  return SETTINGS.map((row) => [prefix + row.url, serialise(settings[row.key])]);
}

/** The query string (with "?") for settings and view. */
export function encodeUrl(settings: Settings, view: Partial<ViewState> = {}): string {
  const params = new URLSearchParams();
  params.set('v', String(URL_VERSION));
  if (view.embed) params.set('embed', '1');
  if (view.lesson) params.set('lesson', view.lesson);
  if (view.panels) params.set('panels', view.panels.join(','));
  if (view.controls) params.set('controls', view.controls.map((key) => URL_BY_KEY.get(key)).join(','));
  if (view.hide && view.hide.length > 0) params.set('hide', view.hide.map((key) => URL_BY_KEY.get(key)).join(','));
  if (view.autoplay) params.set('autoplay', '1');
  if (view.theme && view.theme !== 'auto') params.set('theme', view.theme);
  if (view.projector) params.set('projector', '1');
  for (const [name, value] of encodeSettings(settings)) params.set(name, value);
  if (view.sweep) for (const [name, value] of encodeSweep(view.sweep)) params.set(name, value);
  if (view.compare) {
    params.set('compare', '1');
    for (const [key, value] of Object.entries(view.compare)) params.set(`b.${URL_BY_KEY.get(key as SettingKey)}`, serialise(value));
  }
  return `?${params.toString()}`;
}

/** One link parameter, validated where it enters: the change it makes, or undefined (with a problem said). */
function parseSettingParam(key: SettingKey, raw: string, problems: string[]): CheckedPatch | undefined {
  const row = SETTINGS.find((candidate) => candidate.key === key)!;
  const value = row.kind.type === 'intList' ? (raw === '' ? [] : raw.split(/[-,]/)) : raw;
  const checked = checkValue(row, value, true);
  if (!checked.ok) {
    problems.push(`${checked.message} It was ignored.`);
    return undefined;
  }
  if (checked.clamped) problems.push(`${row.label} was out of range and set to ${serialise(checked.value)}.`);
  return patchOf(row, checked);
}

function parseKeyList(raw: string, name: string, problems: string[]): SettingKey[] {
  const keys: SettingKey[] = [];
  for (const part of raw.split(',')) {
    if (part === '') continue;
    const key = KEY_BY_URL.get(part) ?? (SETTINGS.some((row) => row.key === part) ? (part as SettingKey) : undefined);
    if (key) keys.push(key);
    else problems.push(`Unknown control "${part.slice(0, 30)}" in ${name} ignored.`);
  }
  return keys;
}

/** Decodes a query string (with or without "?"). Never throws. */
export function decodeUrl(search: string): DecodedUrl {
  const problems: string[] = [];
  let settings: CheckedPatch = NO_CHANGES;
  let compare: CheckedPatch = NO_CHANGES;
  const view: ViewState = { ...DEFAULT_VIEW, hide: [] };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  } catch {
    return { settings: NO_CHANGES, view, problems: ['The link could not be read; the defaults are used.'], hasSettings: false };
  }
  let hasSettings = false;
  let compareOn = false;
  // A repeated parameter is resolved as URLSearchParams.get would not: the last value wins, and the notice says so.
  const counts = new Map<string, number>();
  for (const [name] of params) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const [name, count] of counts) {
    if (count > 1) problems.push(`${quoteName(name)} appears ${count} times in the link; the last value is used.`);
  }
  const sweep = decodeSweep(params);
  view.sweep = sweep.spec;
  problems.push(...sweep.problems);
  for (const [name, rawValue] of params) {
    const raw = rawValue.length > MAX_VALUE_LENGTH ? rawValue.slice(0, MAX_VALUE_LENGTH) : rawValue;
    if (isSweepParam(name)) continue;
    if (VIEW_PARAMS.has(name)) {
      switch (name) {
        case 'v':
          if (raw !== String(URL_VERSION)) {
            const notice = linkVersionNotice(/^\d{1,6}$/.test(raw) ? Number(raw) : NaN);
            if (notice !== null) problems.push(notice);
          }
          break;
        case 'embed':
          view.embed = raw !== '0' && raw !== 'false';
          break;
        case 'lesson':
          // The form here; whether the lesson exists, once the lesson table is loaded (checkLinkedLesson).
          if (/^[a-z0-9-]{1,40}$/.test(raw)) view.lesson = raw;
          else {
            view.lesson = null;
            problems.push(unknownLessonProblem(raw));
          }
          break;
        case 'panels': {
          const panels = raw.split(',').filter((part) => part !== '');
          const valid = panels.filter((panel): panel is PanelId => (PANEL_IDS as readonly string[]).includes(panel));
          for (const panel of panels) if (!valid.includes(panel as PanelId)) problems.push(`Unknown panel "${panel.slice(0, 30)}" ignored.`);
          view.panels = valid.length > 0 ? valid : null;
          break;
        }
        case 'controls':
          view.controls = parseKeyList(raw, 'controls', problems);
          break;
        case 'hide':
          view.hide = parseKeyList(raw, 'hide', problems);
          break;
        case 'autoplay':
          view.autoplay = raw === '1' || raw === 'true';
          break;
        case 'theme':
          if (raw === 'light' || raw === 'dark' || raw === 'auto') view.theme = raw;
          else problems.push(`Theme "${raw.slice(0, 20)}" is not light, dark or auto; auto is used.`);
          break;
        case 'projector':
          view.projector = raw === '1' || raw === 'true';
          break;
        case 'compare':
          compareOn = raw === '1' || raw === 'true';
          break;
      }
      continue;
    }
    const isB = name.startsWith('b.');
    const key = KEY_BY_URL.get(isB ? name.slice(2) : name);
    if (!key) {
      problems.push(`Unknown link parameter ${quoteName(name)} ignored.`);
      continue;
    }
    const change = parseSettingParam(key, raw, problems);
    if (change === undefined) continue;
    if (isB) compare = { ...compare, ...change };
    else {
      settings = { ...settings, ...change };
      hasSettings = true;
    }
  }
  if (compareOn || Object.keys(compare).length > 0) view.compare = compare;
  return { settings, view, problems: capProblems(problems), hasSettings };
}

/** The default settings merged with a decoded link's. */
export function settingsFromUrl(decoded: DecodedUrl): CheckedSettings {
  return { ...DEFAULT_SETTINGS_CHECKED, ...decoded.settings };
}
