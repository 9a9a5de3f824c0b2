/**
 * What a page says when its settings ask for a CSV file it does not have: a CSV file never travels
 * in a link, and is kept only in the browser that loaded it.
 */
import { SETTING_BY_KEY, type Settings } from '../settings/settingsTable';

/** A dataset's name as the Dataset menu shows it. */
export function datasetLabel(dataset: Settings['dataset']): string {
  const kind = SETTING_BY_KEY.dataset.kind;
  const option = kind.type === 'enum' ? kind.options.find((candidate) => candidate.value === dataset) : undefined;
  return option ? option.label : dataset;
}

/** The notice for a `data=csv` whose file is not here; `fallback` is the dataset shown instead. */
export function missingCsvNotice(fallback: Settings['dataset'], embed: boolean): string {
  const shown = datasetLabel(fallback);
  if (embed) return `This widget was made with a CSV file, and a CSV file cannot travel in a link: it shows the ${shown} dataset instead.`;
  return `The CSV file these settings used is not stored in this browser, so the ${shown} dataset is shown instead. To train on the file again, choose it with "Load a CSV file" in the Data section.`;
}

/** The settings to put in a link or an embed snippet: a CSV dataset becomes `fallback` (the file cannot travel). */
export function shareableSettings(settings: Settings, fallback: Settings['dataset']): Settings {
  return settings.dataset === 'csv' ? { ...settings, dataset: fallback } : settings;
}
