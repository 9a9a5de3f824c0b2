/**
 * The data layer: seeded dataset generators, the digits loader, CSV import, splitting and
 * normalization. Pure TypeScript (no DOM, React or worker imports): runs in Node, workers and tests.
 */
export type { DataSettings, Dataset, DatasetName, DerivedFeature, DigitsSet, FeaturePipeline, PreviewTable } from './types';
export { DERIVED_FEATURES } from './types';
export {
  DATASET_TABLE,
  DIGITS_TRAIN_SIZES,
  DOMAIN_2D,
  resolveSettings,
  validationCountFor,
  type DatasetInfo,
  type DatasetKind,
  type ResolvedSettings,
} from './catalog';
export { PREVIEW_IMAGES, datasetForPreview, generateDataset, type DataSources } from './dataset';
export { applyPipeline, fitPipeline, DERIVED_FEATURE_NAMES } from './pipeline';
export { bumpsTarget, planeTarget, sineTarget, SINE_X_RANGE } from './toySets';
export { flipLabels } from './labelNoise';
export {
  DIGITS_CREDIT,
  DIGITS_HEADER_BYTES,
  DIGITS_MAGIC,
  DIGITS_VERSION,
  digitsSplit,
  digitsUrl,
  loadDigits,
  parseDigitsBinary,
  resolveAgainst,
  type FetchLike,
} from './digits';
export {
  CSV_LIMITS,
  CSV_MESSAGES,
  CSV_PARSER_PROTOCOL,
  checkCsvOptions,
  csvTransferables,
  defaultCsvOptions,
  parseCsv,
  parseCsvBlob,
  type BlobLike,
  type CsvCheckResult,
  type CsvColumnKind,
  type CsvOptions,
  type CsvParseResult,
  type CsvPlan,
  type CsvTable,
} from './csv';
