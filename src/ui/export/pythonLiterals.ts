/**
 * Our parameters as Python nested-list literals in each framework's layout. Kernels come in
 * Keras's layout (dense [inputs, outputs], conv HWIO); PyTorch wants dense [out, in] and conv OIHW.
 */
import type { LayerParameters } from '../../engine';
import { float32Text } from './format';

/** A nested array of numbers as a Python list literal, one top-level row per line after `indent`. */
export function pyNested(value: number[] | number[][] | number[][][] | number[][][][], indent: string): string {
  const inner = (item: unknown): string => (Array.isArray(item) ? `[${item.map(inner).join(', ')}]` : float32Text(item as number));
  if (value.length === 0) return '[]';
  if (!Array.isArray(value[0])) return inner(value);
  return `[\n${value.map((row) => `${indent}    ${inner(row)},`).join('\n')}\n${indent}]`;
}

/** The values of a flat array as a plain number array. */
export function plain(values: ArrayLike<number>): number[] {
  return Array.from(values);
}

/** A conv kernel in HWIO (kernel[((ky * k + kx) * in + ci) * out + co]) as nested [k][k][in][out] (Keras). */
export function convHwio(layer: LayerParameters): number[][][][] {
  const [kh, kw, inChannels, filters] = layer.shape;
  return Array.from({ length: kh }, (_, ky) =>
    Array.from({ length: kw }, (_, kx) =>
      Array.from({ length: inChannels }, (_, ci) => Array.from({ length: filters }, (_, co) => layer.kernel[((ky * kw + kx) * inChannels + ci) * filters + co])),
    ),
  );
}

/** A conv kernel in HWIO as nested [out][in][k][k] (PyTorch's OIHW). */
export function convOihw(layer: LayerParameters): number[][][][] {
  const [kh, kw, inChannels, filters] = layer.shape;
  return Array.from({ length: filters }, (_, co) =>
    Array.from({ length: inChannels }, (_, ci) =>
      Array.from({ length: kh }, (_, ky) => Array.from({ length: kw }, (_, kx) => layer.kernel[((ky * kw + kx) * inChannels + ci) * filters + co])),
    ),
  );
}

/**
 * The dataset loader both exported scripts share: reads the exported CSV into train and
 * validation splits and hands each to the script's own `load_split` (numpy or torch tensors).
 */
export const PYTHON_LOAD_DATA = `

def load_data(path):
    """A CSV with the exported dataset's columns (COLUMNS: a split column, train | validation | test, then
    N_INPUTS inputs, then TARGET_COLUMNS), any number of rows. Stops with a message naming what
    differs when it does not fit."""
    splits = {"train": ([], []), "validation": ([], []), "test": ([], [])}
    if not os.path.exists(path):
        raise SystemExit(f"{path}: no such file. Download the dataset CSV from the playground's Export menu, or pass --data FILE.")
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = [name.strip() for name in next(reader, [])]
        if header != COLUMNS:
            if len(header) != len(COLUMNS):
                raise SystemExit(f"{path}: expected {len(COLUMNS)} columns ({COLUMNS[0]}, {N_INPUTS} inputs, "
                                 f"{', '.join(TARGET_COLUMNS)}), found {len(header)}.")
            index = next(i for i, (found, wanted) in enumerate(zip(header, COLUMNS)) if found != wanted)
            raise SystemExit(f"{path}: column {index + 1} is {header[index]!r}; the exported dataset has {COLUMNS[index]!r} there.")
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(COLUMNS) or row[0] not in splits:
                raise SystemExit(f"{path}, line {line}: expected {len(COLUMNS)} values starting with train, validation or test.")
            inputs, targets = splits[row[0]]
            try:
                inputs.append([float(value) for value in row[1:1 + N_INPUTS]])
                targets.append([float(value) for value in row[1 + N_INPUTS:]])
            except ValueError as error:
                raise SystemExit(f"{path}, line {line}: {error}")
    if not splits["train"][0] or not splits["validation"][0]:
        raise SystemExit(f"{path}: needs rows of both splits, train and validation.")
    return load_split(*splits["train"]), load_split(*splits["validation"])`;
