/**
 * The dataset as the exported scripts read it: one row per example, the split first, then the
 * model inputs (after derived features and standardization, so a script needs no pipeline), then
 * the label or target columns. Values are written as the shortest text that reads back as the same
 * float32, so a script sees exactly the numbers the playground trains on.
 */
import type { Dataset } from '../../data';
import { csvRow, float32Text } from './format';
import { csvColumns } from './modelPlan';

type Samples = Dataset['train'];

/** The CSV's header: "split", the input names, then the target columns. */
export function datasetCsvHeader(dataset: Dataset): string[] {
  return csvColumns(dataset);
}

/** float32Text with a memo: digits repeat a few hundred distinct values millions of times. */
function memoizedText(): (value: number) => string {
  const memo = new Map<number, string>();
  return (value) => {
    let text = memo.get(value);
    if (text === undefined) {
      text = float32Text(value);
      if (memo.size < 100_000) memo.set(value, text);
    }
    return text;
  };
}

function appendRows(lines: string[], split: 'train' | 'validation' | 'test', samples: Samples, inputSize: number, targetSize: number, text: (value: number) => string): void {
  for (let example = 0; example < samples.count; example++) {
    const cells: string[] = [split];
    const inputOffset = example * inputSize;
    for (let i = 0; i < inputSize; i++) cells.push(text(samples.inputs[inputOffset + i]));
    const targetOffset = example * targetSize;
    // Class indices are whole numbers: written as such ("3", not "3.0").
    for (let k = 0; k < targetSize; k++) cells.push(text(samples.targets[targetOffset + k]));
    lines.push(cells.join(','));
  }
}

/** The whole dataset as CSV text (training rows, then validation rows, then held-out test rows), ending with a line break. */
export function datasetToCsv(dataset: Dataset): string {
  const inputSize = dataset.inputShape.reduce((product, size) => product * size, 1);
  const targetSize = dataset.task === 'classification' ? 1 : dataset.outputSize;
  const lines = [csvRow(datasetCsvHeader(dataset))];
  const text = memoizedText();
  appendRows(lines, 'train', dataset.train, inputSize, targetSize, text);
  appendRows(lines, 'validation', dataset.validation, inputSize, targetSize, text);
  appendRows(lines, 'test', dataset.test, inputSize, targetSize, text);
  return `${lines.join('\n')}\n`;
}

/** A file name for the dataset CSV, e.g. "spirals-seed-1.csv". */
export function datasetFileName(dataset: Dataset, seed: number): string {
  return `${dataset.name}-seed-${seed}.csv`;
}
