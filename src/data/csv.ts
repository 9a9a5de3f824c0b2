/**
 * The user's own CSV: parsing and validation. Pure and total: `parseCsv` and `checkCsvOptions`
 * never throw; every bad file gets one specific sentence (see CSV_MESSAGES), and keeping the
 * previous dataset in place is the caller's job (these functions touch nothing).
 *
 * Format: a header row of unique column names, then data rows; delimiter comma, semicolon or tab
 * (whichever the header uses most); optional "double quotes" with "" escapes; \n, \r\n or \r line
 * ends; blank lines skipped; UTF-8 with or without a byte-order mark. Rows are numbered as a
 * spreadsheet shows them: the header is row 1, blank lines count.
 *
 * Columns: a column is numeric when at least half its cells are numbers (then any other cell is an
 * error); numeric columns are the model's features (and may be the label); text columns can only be
 * a classification label.
 */
import { formatCount, plural } from './format';
import { decodeUtf8 } from './utf8';

/**
 * Limits on what the parser accepts. `maxMagnitude`: the largest absolute value a cell may hold.
 * Standardization sums squares over up to 100,000 rows and the engine computes in float32 (largest
 * value about 3.4e38): (1e15)² x 1e5 = 1e35 still fits, while 1e308 overflows on the first step
 * and would look like a learning rate that is too high.
 */
export const CSV_LIMITS = { maxBytes: 20 * 1024 * 1024, maxRows: 100_000, maxColumns: 1_000, maxClasses: 50, maxMagnitude: 1e15 } as const;

/** Classification with at most this many distinct integer values is the "auto" guess for a numeric label. */
const AUTO_CLASSIFICATION_MAX_VALUES = 20;
/** Column names proposed as the label, in order of preference (case-insensitive); else the last column. */
const LABEL_NAMES = ['label', 'target', 'class', 'y'];
/** Data rows kept as text for the preview table. */
const PREVIEW_ROWS = 10;

/** A column's kind, decided from its cells. */
export type CsvColumnKind = 'numeric' | 'text';

/** A parsed CSV file, in columns. Plain data (structured-clone safe). */
export interface CsvTable {
  /** Column names, in file order. */
  headers: string[];
  /** Data rows (the header excluded). */
  rows: number;
  kinds: CsvColumnKind[];
  /** One column per header: the values of a numeric column, or for a text column the index of each cell in `categories[c]`. */
  columns: Float64Array[];
  /** For text columns: the distinct values in order of first appearance; null for numeric columns. */
  categories: (string[] | null)[];
  /** The first rows, as text, for the preview table. */
  preview: string[][];
  /** The column proposed as label: the first of label, target, class, y (case-insensitive) present, else the last column. */
  defaultLabelColumn: string;
  /** The file's size in bytes (UTF-8). */
  bytes: number;
}

/** Which column to predict, and as what. "auto": text or few distinct integers -> classification, else regression. */
export type CsvOptions = { labelColumn: string; task: 'auto' | 'classification' | 'regression' };

/** The outcome of parsing: a table, or one user-facing sentence. */
export type CsvParseResult = { ok: true; table: CsvTable } | { ok: false; message: string };

/** What a valid choice of label column gives the dataset builder. */
export interface CsvPlan {
  task: 'classification' | 'regression';
  labelIndex: number;
  /** Numeric columns other than the label, in file order. */
  featureIndices: number[];
  /** Classification: class names in index order (sorted: numerically for numbers, alphabetically for text). */
  classNames: string[] | null;
  /** Per row: the class index (classification) or the value (regression). */
  targets: Float64Array;
}

/** The outcome of checking options against a table. */
export type CsvCheckResult = { ok: true; plan: CsvPlan } | { ok: false; message: string };

const quote = (text: string): string => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;

/** Sizes in MB (2^20 bytes), rounded up to 0.1 so a file over the limit never reads as equal to it. */
function megabytes(bytes: number): string {
  const tenths = Math.ceil((bytes / (1024 * 1024)) * 10) / 10;
  return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)} MB`;
}

/** Every message a bad file can get, so tests and docs quote the same sentences. */
export const CSV_MESSAGES = {
  empty: 'The file is empty.',
  notText: 'This file is not text: choose a CSV file saved as plain text (UTF-8).',
  tooLarge: (bytes: number) => `The file is ${megabytes(bytes)}; the limit is ${megabytes(CSV_LIMITS.maxBytes)}.`,
  tooManyRows: () => `The file has more than ${formatCount(CSV_LIMITS.maxRows)} data rows; the limit is ${formatCount(CSV_LIMITS.maxRows)}.`,
  tooManyColumns: (columns: number) => `The file has ${formatCount(columns)} columns; the limit is ${formatCount(CSV_LIMITS.maxColumns)}.`,
  headerOnly: 'The file has a header row but no data rows.',
  oneColumn: 'The file has only one column: it needs at least one feature column and a label column.',
  unnamedColumn: (column: number) => `Column ${column} has no name in the header row.`,
  duplicateHeader: (name: string, first: number, second: number) =>
    `The header names the column ${quote(name)} twice (columns ${first} and ${second}): column names must be unique.`,
  unclosedQuote: (row: number) => `Row ${row} opens a quote (") that is never closed.`,
  ragged: (row: number, cells: number, columns: number) =>
    `Row ${row} has ${plural(cells, 'value')}, but the header has ${plural(columns, 'column')}.`,
  emptyCell: (row: number, column: string) => `Row ${row}, column ${quote(column)} is empty: every cell needs a value.`,
  notNumber: (row: number, column: string, text: string) => `Row ${row}, column ${quote(column)}: ${quote(text)} is not a number.`,
  notFinite: (row: number, column: string, text: string) =>
    `Row ${row}, column ${quote(column)} holds ${quote(text)}: values must be finite numbers (no NaN or Infinity).`,
  tooLargeValue: (row: number, column: string, text: string) =>
    `Row ${row}, column ${quote(column)} holds ${quote(text)}: values must lie between -1e15 and 1e15, or training overflows. Rescale the column (e.g. to thousands or millions).`,
  noNumericColumn: 'No column holds numbers: the model needs at least one numeric feature column.',
  noSuchColumn: (name: string) => `There is no column named ${quote(name)}.`,
  singleClass: (column: string, value: string) =>
    `The label column ${quote(column)} has a single class (${quote(value)}): classification needs at least two.`,
  tooManyClasses: (column: string, count: number) =>
    `The label column ${quote(column)} has ${formatCount(count)} different values: classification supports at most ${CSV_LIMITS.maxClasses} classes. Choose regression or another column.`,
  textRegression: (column: string) => `The label column ${quote(column)} holds text, so it can only be used for classification.`,
  constantTarget: (column: string, value: string) =>
    `The label column ${quote(column)} has the same value (${value}) in every row: there is nothing to predict.`,
  noFeatures: (column: string) =>
    `No numeric column is left besides the label column ${quote(column)}: the model needs at least one numeric feature.`,
  tooFewRows: 'The file needs at least 2 data rows: one to train on and one to validate.',
} as const;

// ---------------------------------------------------------------- tokenizer

const QUOTE = 34;
const CR = 13;
const LF = 10;
const COMMA = 44;
const SEMICOLON = 59;
const TAB = 9;

/** Called per non-blank record with its cells and row number; returns an error sentence to stop, or null. */
type RecordVisitor = (cells: string[], row: number) => string | null;

/**
 * Splits `text` into records and cells. Unquoted cells are trimmed; quoted cells keep their
 * content verbatim. Returns the first error (a visitor's, or an unclosed quote), or null.
 */
function scanRecords(text: string, delimiter: number, visit: RecordVisitor): string | null {
  const length = text.length;
  let position = 0;
  let row = 0;
  while (position < length) {
    row++;
    const cells: string[] = [];
    let anyQuoted = false;
    for (;;) {
      // One cell.
      let cell: string;
      let start = position;
      while (start < length && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === TAB) && text.charCodeAt(start) !== delimiter) start++;
      if (start < length && text.charCodeAt(start) === QUOTE) {
        anyQuoted = true;
        let cursor = start + 1;
        let content = '';
        let chunkStart = cursor;
        for (;;) {
          const next = text.indexOf('"', cursor);
          if (next < 0) return CSV_MESSAGES.unclosedQuote(row);
          if (text.charCodeAt(next + 1) === QUOTE) {
            content += text.slice(chunkStart, next + 1);
            cursor = next + 2;
            chunkStart = cursor;
            continue;
          }
          content += text.slice(chunkStart, next);
          cursor = next + 1;
          break;
        }
        // Anything between the closing quote and the delimiter is ignored (lenient, like spreadsheets).
        while (cursor < length) {
          const code = text.charCodeAt(cursor);
          if (code === delimiter || code === LF || code === CR) break;
          cursor++;
        }
        cell = content;
        position = cursor;
      } else {
        let cursor = position;
        while (cursor < length) {
          const code = text.charCodeAt(cursor);
          if (code === delimiter || code === LF || code === CR) break;
          cursor++;
        }
        cell = text.slice(position, cursor).trim();
        position = cursor;
      }
      cells.push(cell);
      if (position < length && text.charCodeAt(position) === delimiter) {
        position++;
        if (position >= length) {
          cells.push('');
          break;
        }
        continue;
      }
      break;
    }
    // End of record: consume \n, \r\n or \r.
    if (position < length) {
      const code = text.charCodeAt(position);
      if (code === CR) position += text.charCodeAt(position + 1) === LF ? 2 : 1;
      else if (code === LF) position++;
    }
    const blank = !anyQuoted && cells.length === 1 && cells[0] === '';
    if (blank) continue;
    const error = visit(cells, row);
    if (error) return error;
  }
  return null;
}

/** The delimiter the header line uses most (outside quotes): comma, semicolon or tab. */
function detectDelimiter(text: string): number {
  const counts = new Map<number, number>([
    [COMMA, 0],
    [SEMICOLON, 0],
    [TAB, 0],
  ]);
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && (code === LF || code === CR)) {
      // Stop at the first line end that has content before it.
      if ([...counts.values()].some((count) => count > 0) || text.slice(0, i).trim() !== '') break;
    } else if (!inQuotes && counts.has(code)) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let best = COMMA;
  for (const [code, count] of counts) if (count > (counts.get(best) ?? 0)) best = code;
  return best;
}

// ---------------------------------------------------------------- cells

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE_PATTERN = /^[+-]?(?:nan|inf|infinity)$/i;

/** 0 = finite number, 1 = NaN/Inf (looks numeric), 2 = empty, 3 = text, 4 = finite but beyond maxMagnitude (looks numeric). */
type CellClass = 0 | 1 | 2 | 3 | 4;

function classifyCell(cell: string): { kind: CellClass; value: number } {
  if (cell === '') return { kind: 2, value: NaN };
  if (NUMBER_PATTERN.test(cell)) {
    const value = Number(cell);
    if (!Number.isFinite(value)) return { kind: 1, value };
    return Math.abs(value) > CSV_LIMITS.maxMagnitude ? { kind: 4, value } : { kind: 0, value };
  }
  if (NON_FINITE_PATTERN.test(cell)) return { kind: 1, value: NaN };
  return { kind: 3, value: NaN };
}

/** Bytes a string takes in UTF-8. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** More than 1% control characters (other than tab and line ends) means the "text" is binary. */
function looksBinary(text: string): boolean {
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return true;
    if ((code < 32 && code !== TAB && code !== LF && code !== CR && code !== 12) || code === 127) control++;
  }
  return control > text.length * 0.01;
}

// ---------------------------------------------------------------- parse

/** Per-column bookkeeping of pass 1. */
interface ColumnScan {
  values: Float64Array;
  numberLike: number;
  text: number;
  firstEmpty: { row: number } | null;
  firstText: { row: number; cell: string } | null;
  firstNonFinite: { row: number; cell: string } | null;
  firstTooLarge: { row: number; cell: string } | null;
}

/** Parses a CSV file (bytes or already-decoded text). Never throws. */
export function parseCsv(input: Uint8Array | string): CsvParseResult {
  try {
    return parseCsvUnsafe(input);
  } catch (error) {
    // A bug here must not take the page down: report it as a message.
    return { ok: false, message: `The file could not be read (${error instanceof Error ? error.message : String(error)}).` };
  }
}

function parseCsvUnsafe(input: Uint8Array | string): CsvParseResult {
  const fail = (message: string): CsvParseResult => ({ ok: false, message });
  const byteCount = typeof input === 'string' ? utf8Length(input) : input.length;
  if (byteCount > CSV_LIMITS.maxBytes) return fail(CSV_MESSAGES.tooLarge(byteCount));
  let text: string;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    const decoded = decodeUtf8(input);
    if (decoded === null) return fail(CSV_MESSAGES.notText);
    text = decoded;
  }
  if (looksBinary(text)) return fail(CSV_MESSAGES.notText);
  if (text.trim() === '') return fail(CSV_MESSAGES.empty);

  const delimiter = detectDelimiter(text);
  // Upper bound on data rows, for preallocating the columns.
  let lineEnds = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineEnds++;
  if (lineEnds === 1) for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) lineEnds++;
  const capacity = Math.min(lineEnds, CSV_LIMITS.maxRows + 1);

  let headers: string[] | null = null;
  let columns: ColumnScan[] = [];
  let rows = 0;
  const preview: string[][] = [];
  const dataRowNumbers: number[] = [];

  const scanError = scanRecords(text, delimiter, (cells, row) => {
    if (headers === null) {
      headers = cells;
      if (cells.length > CSV_LIMITS.maxColumns) return CSV_MESSAGES.tooManyColumns(cells.length);
      if (cells.length < 2) return CSV_MESSAGES.oneColumn;
      for (let c = 0; c < cells.length; c++) if (cells[c] === '') return CSV_MESSAGES.unnamedColumn(c + 1);
      const seen = new Map<string, number>();
      for (let c = 0; c < cells.length; c++) {
        const earlier = seen.get(cells[c]);
        if (earlier !== undefined) return CSV_MESSAGES.duplicateHeader(cells[c], earlier + 1, c + 1);
        seen.set(cells[c], c);
      }
      columns = cells.map(() => ({
        values: new Float64Array(capacity),
        numberLike: 0,
        text: 0,
        firstEmpty: null,
        firstText: null,
        firstNonFinite: null,
        firstTooLarge: null,
      }));
      return null;
    }
    if (cells.length !== columns.length) return CSV_MESSAGES.ragged(row, cells.length, columns.length);
    if (rows >= CSV_LIMITS.maxRows) return CSV_MESSAGES.tooManyRows();
    if (preview.length < PREVIEW_ROWS) preview.push(cells);
    dataRowNumbers.push(row);
    for (let c = 0; c < cells.length; c++) {
      const column = columns[c];
      const { kind, value } = classifyCell(cells[c]);
      column.values[rows] = value;
      if (kind === 0) column.numberLike++;
      else if (kind === 1) {
        column.numberLike++;
        column.firstNonFinite ??= { row, cell: cells[c] };
      } else if (kind === 4) {
        column.numberLike++;
        column.firstTooLarge ??= { row, cell: cells[c] };
      } else if (kind === 2) column.firstEmpty ??= { row };
      else {
        column.text++;
        column.firstText ??= { row, cell: cells[c] };
      }
    }
    rows++;
    return null;
  });
  if (scanError) return fail(scanError);
  const headerRow = headers as string[] | null;
  if (headerRow === null) return fail(CSV_MESSAGES.empty);
  if (rows === 0) return fail(CSV_MESSAGES.headerOnly);

  const kinds: CsvColumnKind[] = columns.map((column) => (column.numberLike > 0 && column.numberLike >= column.text ? 'numeric' : 'text'));

  // The first bad cell in reading order (row, then column).
  let worst: { row: number; column: number; message: string } | null = null;
  const consider = (row: number, column: number, message: string): void => {
    if (!worst || row < worst.row || (row === worst.row && column < worst.column)) worst = { row, column, message };
  };
  columns.forEach((column, c) => {
    const name = headerRow[c];
    if (column.firstEmpty) consider(column.firstEmpty.row, c, CSV_MESSAGES.emptyCell(column.firstEmpty.row, name));
    if (kinds[c] === 'numeric') {
      if (column.firstText) consider(column.firstText.row, c, CSV_MESSAGES.notNumber(column.firstText.row, name, column.firstText.cell));
      if (column.firstNonFinite) {
        consider(column.firstNonFinite.row, c, CSV_MESSAGES.notFinite(column.firstNonFinite.row, name, column.firstNonFinite.cell));
      }
      if (column.firstTooLarge) consider(column.firstTooLarge.row, c, CSV_MESSAGES.tooLargeValue(column.firstTooLarge.row, name, column.firstTooLarge.cell));
    }
  });
  const firstBad = worst as { message: string } | null;
  if (firstBad) return fail(firstBad.message);
  if (!kinds.includes('numeric')) return fail(CSV_MESSAGES.noNumericColumn);

  // Pass 2, only when there are text columns: their categories.
  const categories: (string[] | null)[] = kinds.map(() => null);
  const textColumns = kinds.flatMap((kind, c) => (kind === 'text' ? [c] : []));
  if (textColumns.length > 0) {
    const indexMaps = textColumns.map(() => new Map<string, number>());
    const lists: string[][] = textColumns.map(() => []);
    let dataRow = -1;
    scanRecords(text, delimiter, (cells) => {
      if (dataRow >= 0) {
        textColumns.forEach((c, t) => {
          let index = indexMaps[t].get(cells[c]);
          if (index === undefined) {
            index = lists[t].length;
            lists[t].push(cells[c]);
            indexMaps[t].set(cells[c], index);
          }
          columns[c].values[dataRow] = index;
        });
      }
      dataRow++;
      return dataRow >= rows + 1 ? 'stop' : null;
    });
    textColumns.forEach((c, t) => {
      categories[c] = lists[t];
    });
  }

  const lowerCase = headerRow.map((name) => name.toLowerCase());
  const preferred = LABEL_NAMES.map((name) => lowerCase.indexOf(name)).find((index) => index >= 0);
  const defaultLabelColumn = headerRow[preferred ?? headerRow.length - 1];
  return {
    ok: true,
    table: {
      headers: headerRow,
      rows,
      kinds,
      columns: columns.map((column) => column.values.slice(0, rows)),
      categories,
      preview,
      defaultLabelColumn,
      bytes: byteCount,
    },
  };
}

/** Options a freshly parsed table starts with: its proposed label column, task detected. */
export function defaultCsvOptions(table: CsvTable): CsvOptions {
  return { labelColumn: table.defaultLabelColumn, task: 'auto' };
}

function formatValue(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

/** Checks a label column and task against a table. Never throws. */
export function checkCsvOptions(table: CsvTable, options: CsvOptions): CsvCheckResult {
  const fail = (message: string): CsvCheckResult => ({ ok: false, message });
  const labelIndex = table.headers.indexOf(options.labelColumn);
  if (labelIndex < 0) return fail(CSV_MESSAGES.noSuchColumn(options.labelColumn));
  const name = options.labelColumn;
  const featureIndices = table.kinds.flatMap((kind, c) => (kind === 'numeric' && c !== labelIndex ? [c] : []));
  if (featureIndices.length === 0) return fail(CSV_MESSAGES.noFeatures(name));
  if (table.rows < 2) return fail(CSV_MESSAGES.tooFewRows);
  const labels = table.columns[labelIndex];
  const isText = table.kinds[labelIndex] === 'text';
  if (isText && options.task === 'regression') return fail(CSV_MESSAGES.textRegression(name));

  // Distinct label values.
  const distinct = new Set<number>();
  let allIntegers = true;
  for (let i = 0; i < table.rows; i++) {
    distinct.add(labels[i]);
    if (!Number.isInteger(labels[i])) allIntegers = false;
  }
  const task: 'classification' | 'regression' =
    options.task !== 'auto'
      ? options.task
      : isText || (allIntegers && distinct.size <= AUTO_CLASSIFICATION_MAX_VALUES)
        ? 'classification'
        : 'regression';

  const labelText = (value: number): string => (isText ? (table.categories[labelIndex] as string[])[value] : formatValue(value));
  if (task === 'regression') {
    if (distinct.size === 1) return fail(CSV_MESSAGES.constantTarget(name, labelText(labels[0])));
    return { ok: true, plan: { task, labelIndex, featureIndices, classNames: null, targets: labels.slice() } };
  }
  if (distinct.size === 1) return fail(CSV_MESSAGES.singleClass(name, labelText(labels[0])));
  if (distinct.size > CSV_LIMITS.maxClasses) return fail(CSV_MESSAGES.tooManyClasses(name, distinct.size));
  // Class order: numbers ascending; text alphabetically (code-unit order, the same everywhere).
  const values = [...distinct];
  if (isText) values.sort((a, b) => (labelText(a) < labelText(b) ? -1 : labelText(a) > labelText(b) ? 1 : 0));
  else values.sort((a, b) => a - b);
  const classOf = new Map(values.map((value, index) => [value, index]));
  const targets = new Float64Array(table.rows);
  for (let i = 0; i < table.rows; i++) targets[i] = classOf.get(labels[i]) as number;
  return { ok: true, plan: { task, labelIndex, featureIndices, classNames: values.map(labelText), targets } };
}

/** Version of the CSV parser worker's two messages (src/worker/csvClient.ts); bump on any incompatible change. */
export const CSV_PARSER_PROTOCOL = 1;

/** The parts of a File/Blob that parseCsvBlob uses (typed structurally: the data layer has no DOM types). */
export interface BlobLike {
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Parses a File or Blob: checks the size before reading (so a huge file is refused without being
 * loaded), then parses. Never rejects.
 */
export async function parseCsvBlob(blob: BlobLike): Promise<CsvParseResult> {
  if (blob.size > CSV_LIMITS.maxBytes) return { ok: false, message: CSV_MESSAGES.tooLarge(blob.size) };
  let buffer: ArrayBuffer;
  try {
    buffer = await blob.arrayBuffer();
  } catch {
    return { ok: false, message: 'The file could not be read: it may have been moved or deleted. Choose it again.' };
  }
  return parseCsv(new Uint8Array(buffer));
}

/** The buffers of a parse result that can be transferred (not copied) between threads. */
export function csvTransferables(result: CsvParseResult): ArrayBuffer[] {
  return result.ok ? result.table.columns.map((column) => column.buffer as ArrayBuffer) : [];
}
