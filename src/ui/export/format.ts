/**
 * Text formatting shared by the exports: numbers that read back as the same float32, Python
 * literals, and RFC 4180 CSV cells. Pure functions, no DOM.
 */

/**
 * The shortest decimal that reads back as the same float32 (so a CSV or script written from
 * Float32Array data reproduces the values bit for bit). Non-finite values become "NaN",
 * "Infinity" or "-Infinity", which Python's float() reads.
 */
export function float32Text(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const target = Math.fround(value);
  if (target === 0) return '0';
  for (let precision = 1; precision < 9; precision++) {
    const text = target.toPrecision(precision);
    if (Math.fround(Number(text)) === target) return String(Number(text));
  }
  // Nine significant digits always identify a float32.
  return String(Number(target.toPrecision(9)));
}

/** A float64 value as text: the shortest round-trip form, or NaN/Infinity as Python's float() spells them. */
export function float64Text(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

/** A finite number as a Python float literal (always with a decimal point or exponent: 1 -> 1.0). */
export function pyFloat(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} as a Python literal.`);
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A whole number as a Python int literal. */
export function pyInt(value: number): string {
  if (!Number.isInteger(value)) throw new RangeError(`Expected a whole number, got ${value}.`);
  return String(value);
}

/** A Python bool literal. */
export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}

/** A Python str literal (JSON's escapes are all valid Python escapes). */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

/** A list of float32 values as a Python list literal. */
export function pyFloatList(values: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) parts.push(float32Text(values[i]));
  return `[${parts.join(', ')}]`;
}

/** Text made safe for one line of a comment: no line breaks, no control characters. */
export function commentText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/** One CSV cell: quoted when it holds a comma, quote, line break or leading/trailing space. */
export function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line (without the line break). */
export function csvRow(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}
