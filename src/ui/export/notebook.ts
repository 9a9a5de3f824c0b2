/**
 * The PyTorch export as a Jupyter notebook (nbformat 4.5): the same code as the script, cell by
 * cell, with a short explanation of each regularizer in our words, the dataset CSV embedded (or a
 * cell that says what to upload when it is too large to embed), and the loss curves drawn with
 * matplotlib at the end. It runs top to bottom in Jupyter or Colab with no edits, and its code
 * cells joined in order run as a plain script (npm run verify:export checks that).
 */
import type { Dataset } from '../../data';
import type { Settings } from '../../settings/settingsTable';
import { planModel, type ModelPlan, type ScriptOptions } from './modelPlan';
import { pytorchSections } from './pytorchScript';

/** Largest dataset CSV embedded in the notebook; larger ones are uploaded next to it. */
export const MAX_EMBEDDED_CSV_CHARACTERS = 4_000_000;

/** Options of a notebook export: those of the script plus the dataset CSV's text. */
export interface NotebookOptions extends ScriptOptions {
  /** The dataset CSV (datasetToCsv); embedded when at most MAX_EMBEDDED_CSV_CHARACTERS long. */
  datasetCsv: string;
}

interface Cell {
  cell_type: 'markdown' | 'code';
  id: string;
  metadata: Record<string, never>;
  source: string[];
  execution_count?: null;
  outputs?: [];
}

/** nbformat's "multiline string": the lines, each with its line break but the last. */
function sourceLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.map((line, index) => (index < lines.length - 1 ? `${line}\n` : line)).filter((line) => line !== '');
}

/** One line per regularizer: what it does, in the playground's words, and whether this run uses it. */
function regularizerNotes(plan: ModelPlan): string {
  const live = plan.live;
  const on = (used: boolean) => (used ? '**on in this run**' : 'off in this run');
  const dropoutOn = plan.inputDropoutRate > 0 || plan.hidden.some((block) => block.dropoutRate > 0);
  const lines = [
    `- **L1** adds λ₁·Σ|w| over the kernels to the loss: it pushes weights toward zero at a constant rate, so unhelpful ones end up near zero (exact zeros only with the proximal step). ${on(live.l1 > 0)}.`,
    `- **L2** adds λ₂·Σw² (Keras's \`l2(λ₂)\`, not PyTorch's \`weight_decay\`, which would be 2λ₂ and also decay biases): large weights cost the most, so the fit gets smoother. ${on(live.l2 > 0)}.`,
    `- **Decoupled weight decay** shrinks the kernels by lr·wd each step outside the gradient (AdamW). ${on(live.weightDecay > 0)}.`,
    `- **Dropout** zeroes each unit with probability p at every training step and scales the rest by 1/(1-p): no unit can rely on another, and inference uses the whole network. ${on(dropoutOn)}.`,
    `- **Batch normalization** normalizes each unit over the minibatch, then scales by γ and shifts by β; the dense layer before it needs no bias (β takes its place). It mostly speeds training; its batch noise regularizes a little. ${on(live.batchNorm)}.`,
    `- **Early stopping** watches the validation loss and stops when it has not improved for a number of epochs, bringing back the best weights. ${on(live.earlyStopping.enabled)}.`,
    `- **Gradient clipping** caps the size of each step's gradient, against the occasional huge one. ${on(live.clipMode !== 'none')}.`,
  ];
  return lines.join('\n');
}

function dataCell(options: NotebookOptions): string {
  if (options.datasetCsv.length <= MAX_EMBEDDED_CSV_CHARACTERS) {
    return `# The dataset CSV (model inputs after the playground's features and standardization), embedded so
# that this notebook needs no upload. It is written next to the notebook unless a file is already there.
DATASET_CSV = ${JSON.stringify(options.datasetCsv)}
if not os.path.exists(os.path.join(HERE, DATA_FILE)):
    with open(os.path.join(HERE, DATA_FILE), "w", encoding="utf-8") as file:
        file.write(DATASET_CSV)
print(f"dataset: {os.path.join(HERE, DATA_FILE)}")`;
  }
  return `# The dataset is too large to embed here: upload ${options.dataFile} (the playground's Export menu,
# "Download dataset CSV") next to this notebook, in Colab with the Files panel on the left, then run on.
if not os.path.exists(os.path.join(HERE, DATA_FILE)):
    raise SystemExit(f"Upload {DATA_FILE} to {HERE} first (Export menu: Download dataset CSV).")
print(f"dataset: {os.path.join(HERE, DATA_FILE)}")`;
}

const PLOT_CELL = `import matplotlib.pyplot as plt

epochs = [row["epoch"] for row in history]
figure, axes = plt.subplots(figsize=(7, 4))
axes.plot(epochs, [row["train_loss"] for row in history], linestyle="-", marker="o", markersize=3, label="training loss (inference mode)")
axes.plot(epochs, [row["validation_loss"] for row in history], linestyle="--", marker="s", markersize=3, label="validation loss")
axes.set_xlabel("epoch")
axes.set_ylabel("data loss (no penalty)")
axes.set_title("Loss curves (a growing gap between them is overfitting)")
axes.xaxis.get_major_locator().set_params(integer=True)
axes.legend()
figure.tight_layout()
figure.savefig(os.path.join(HERE, "loss-curves.png"), dpi=120)
plt.show()`;

/** The notebook's JSON text (nbformat 4.5) for `settings` on `dataset`. */
export function toNotebook(settings: Settings, dataset: Dataset, options: NotebookOptions): string {
  const plan = planModel(settings, dataset);
  const sections = pytorchSections(settings, dataset, options);
  const cells: Cell[] = [];
  const markdown = (text: string) => cells.push({ cell_type: 'markdown', id: `cell-${cells.length + 1}`, metadata: {}, source: sourceLines(text) });
  const code = (text: string) => cells.push({ cell_type: 'code', id: `cell-${cells.length + 1}`, metadata: {}, execution_count: null, outputs: [], source: sourceLines(text) });
  markdown(`# Regularization Playground → PyTorch: ${plan.datasetName}, seed ${settings.seed}

The experiment you set up in the playground, as PyTorch code: the same network, optimizer and regularizers, converted
where PyTorch's conventions differ from Keras's (the comments say where). Run the cells from top to bottom (Jupyter:
*Run All*; Colab: *Runtime → Run all*). It trains on a GPU when there is one (\`--device auto\`).

Dataset: ${plan.datasetName} (${plan.datasetSummary}).`);
  markdown(`## The regularizers\n\n${regularizerNotes(plan)}`);
  code(sections.imports);
  code(sections.settings);
  markdown('## The data\n\nThe exported dataset CSV: a split column (train or validation), the model inputs, then the target.');
  code(dataCell(options));
  code(sections.data);
  markdown('## The network\n\nDense → batch norm → activation → dropout per hidden layer, as in the playground.');
  code(sections.model);
  if (sections.initialWeights !== null) code(sections.initialWeights);
  markdown('## Optimizer and penalty');
  code(sections.optimizer);
  markdown('## Training and evaluation');
  code(sections.training);
  if (sections.earlyStopping !== null) code(sections.earlyStopping);
  code(sections.run);
  markdown('## Train\n\nChange the options in the list, e.g. `parse_args(["--epochs", "200", "--device", "cpu"])`.');
  code('args = parse_args([])\nhistory = run(args)');
  markdown('## The loss curves');
  code(PLOT_CELL);
  const notebook = {
    cells,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

/** The notebook's file name, e.g. "playground-spirals-seed-1.ipynb". */
export function notebookFileName(settings: Settings): string {
  return `playground-${settings.dataset}-seed-${settings.seed}.ipynb`;
}
