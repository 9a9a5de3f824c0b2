/**
 * The playground's experiment as a runnable PyTorch script (torch + the standard library). The
 * playground follows Keras's conventions (shared/docs/semantics.md); every place PyTorch differs
 * is converted here and said so in a comment of the generated code.
 */
import type { LayerParameters } from '../../engine';
import type { Dataset } from '../../data';
import type { Settings } from '../../settings/settingsTable';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, LEAKY_RELU_SLOPE } from '../../engine';
import { commentText, pyBool, pyFloat, pyInt, pyString } from './format';
import { findLayer, planModel, transposed, type ModelPlan, type ScriptOptions } from './modelPlan';
import { convOihw, plain, pyNested } from './pythonLiterals';
import { PYTHON_LOAD_DATA } from './pythonLiterals';

export type { ScriptOptions } from './modelPlan';

/** 1 - m without float noise (0.99 -> 0.01, not 0.010000000000000009). */
export function torchMomentum(kerasMomentum: number): number {
  return Number((1 - kerasMomentum).toPrecision(12));
}

const ACTIVATION_MODULES: Record<ModelPlan['activation'], string | null> = {
  relu: 'nn.ReLU()',
  leakyRelu: `nn.LeakyReLU(negative_slope=${pyFloat(LEAKY_RELU_SLOPE)})`,
  tanh: 'nn.Tanh()',
  sigmoid: 'nn.Sigmoid()',
  linear: null,
};

const INITIALIZER_LINES: Record<ModelPlan['initializer'], { call: string; comment: string }> = {
  heNormal: { call: 'nn.init.kaiming_normal_(module.weight, mode="fan_in", nonlinearity="relu")', comment: 'He normal: N(0, 2 / fan_in), not truncated (Keras\'s HeNormal truncates)' },
  heUniform: { call: 'nn.init.kaiming_uniform_(module.weight, mode="fan_in", nonlinearity="relu")', comment: 'He uniform: U(-sqrt(6 / fan_in), +sqrt(6 / fan_in))' },
  glorotNormal: { call: 'nn.init.xavier_normal_(module.weight)', comment: 'Glorot normal: N(0, 2 / (fan_in + fan_out)), not truncated' },
  glorotUniform: { call: 'nn.init.xavier_uniform_(module.weight)', comment: 'Glorot uniform: U(-sqrt(6 / (fan_in + fan_out)), +...)' },
  normal1: { call: 'nn.init.normal_(module.weight, mean=0.0, std=1.0)', comment: 'naive N(0, 1)' },
  normal001: { call: 'nn.init.normal_(module.weight, mean=0.0, std=0.01)', comment: 'naive N(0, 0.01^2)' },
};

/** Python attribute names of our layers: "dense 1" -> dense1, "batch norm 1" -> bn1, "conv 1" -> conv1. */
export function torchLayerName(ourName: string): string {
  if (ourName.startsWith('batch norm ')) return `bn${ourName.slice('batch norm '.length)}`;
  return ourName.replace(/\s+/g, '');
}

/**
 * Which paths of the script were run and compared with the playground (npm run verify:export on the
 * CPU; scripts/gpu-check.sh on a GPU machine). Update it when a GPU machine has checked more.
 */
export const VERIFIED_PATHS = `# Checked by the playground: CPU, one process and torchrun with 2 processes (gloo). The CUDA, NCCL
# and multi-machine paths are written to PyTorch's documented recipe; MPS and Colab are not
# verified here (scripts/gpu-check.sh checks CUDA and NCCL on a GPU machine).`;

function header(plan: ModelPlan, options: ScriptOptions, exact: boolean): string {
  const s = plan.settings;
  const digits = plan.imageShape !== null;
  return `#!/usr/bin/env python3
# Regularization Playground -> PyTorch: the same experiment, ready to run.
#
# Dataset: ${commentText(plan.datasetName)} (${commentText(plan.datasetSummary)}), read from ${commentText(options.dataFile)}
#   next to this file. It holds the model inputs AFTER the playground's derived features and
#   standardization (training statistics), so nothing of that is recomputed here. --data FILE reads
#   any CSV with the same columns (more rows: the experiment scales past what the browser holds).${
    digits ? '\n#   --full-mnist DIR trains on the 60,000 MNIST training digits and validates on the 10,000 test digits.' : ''
  }
# Run:   python3 <this file> [--epochs N] [--device auto|cpu|cuda|mps] [--data FILE]${exact ? ' [--scheme-init]' : ''}
#        python3 <this file> --help   (every option)
# Many processes (DistributedDataParallel; gloo on CPU, NCCL on CUDA), one machine:
#        torchrun --nproc_per_node N <this file> [--device cpu|cuda]
# Many machines: the same on each, with torchrun's usual flags:
#        torchrun --nnodes M --node_rank R --nproc_per_node N --master_addr HOST --master_port 29500 <this file>
#   The global batch stays BATCH_SIZE (each process takes BATCH_SIZE / N of it, dealt by a
#   DistributedSampler); rank 0 alone prints, evaluates, saves and decides early stopping.
# Needs: Python 3.8+ and PyTorch 1.13+ (Debian: apt install python3-torch). No other packages.
# Prints one line per epoch, then a machine-readable line: RESULT {json}.
${VERIFIED_PATHS}
#
# The playground follows Keras's conventions; where PyTorch differs this file converts, and says so.
# Same: the data loss is a batch mean; softmax cross-entropy from logits / MSE; dropout rate = p;
# Dense -> BatchNorm -> activation -> Dropout. Not reproduced bit for bit: the batch order and the
# dropout masks (the playground draws them from its own seeded generator; here torch's, seed ${s.seed}).`;
}

function settingsBlock(plan: ModelPlan, options: ScriptOptions): string {
  const live = plan.live;
  const lines = [
    `SEED = ${pyInt(plan.settings.seed)}`,
    `EPOCHS = ${pyInt(options.epochs)}`,
    `DATA_FILE = ${pyString(options.dataFile)}`,
    `N_INPUTS = ${pyInt(plan.inputSize)}`,
    `N_OUTPUTS = ${pyInt(plan.outputSize)}`,
    `TARGET_COLUMNS = [${plan.targetColumns.map(pyString).join(', ')}]`,
    `# The dataset CSV's header; --data checks a file against it.`,
    `COLUMNS = [${plan.columns.map(pyString).join(', ')}]`,
    `BATCH_SIZE = ${pyInt(live.batchSize)}`,
    `LEARNING_RATE = ${pyFloat(live.learningRate)}`,
  ];
  if (live.optimizer === 'momentum') lines.push(`MOMENTUM = ${pyFloat(live.momentum)}`);
  if (plan.l1Loss > 0) lines.push(`L1 = ${pyFloat(plan.l1Loss)}  # lambda1 in lambda1 * sum|w|`);
  if (plan.l2 > 0) lines.push(`L2 = ${pyFloat(plan.l2)}  # lambda2 in lambda2 * sum w^2 (Keras l2(lambda2); NOT weight_decay, see penalty())`);
  if (plan.l1Proximal > 0) lines.push(`L1_PROXIMAL = ${pyFloat(plan.l1Proximal)}  # "exact zeros": soft-threshold by lr * lambda1 after each step`);
  if (plan.weightDecay > 0) lines.push(`WEIGHT_DECAY = ${pyFloat(plan.weightDecay)}  # decoupled: w <- w - lr * wd * w, kernels only`);
  if (live.clipMode !== 'none') lines.push(`CLIP = ${pyFloat(live.clipValue)}  # gradient clipping ${live.clipMode === 'norm' ? 'by global norm' : 'by value'}`);
  if (live.batchNorm) {
    lines.push(`BN_MOMENTUM = ${pyFloat(torchMomentum(live.batchNormMomentum))}  # Keras/ours m = ${pyFloat(live.batchNormMomentum)} in moving = m * moving + (1 - m) * batch; PyTorch counts the other way: 1 - m`);
    lines.push(`BN_EPS = ${pyFloat(live.batchNormEpsilon)}  # Keras's epsilon, set explicitly (PyTorch's default is 1e-5)`);
  }
  const es = live.earlyStopping;
  if (es.enabled) {
    lines.push(`PATIENCE = ${pyInt(es.patience)}`);
    lines.push(`MIN_DELTA = ${pyFloat(es.minDelta)}`);
    lines.push(`RESTORE_BEST_WEIGHTS = ${pyBool(es.restoreBestWeights)}`);
    lines.push(`START_FROM_EPOCH = ${pyInt(es.startFromEpoch)}`);
  }
  if (plan.imageShape !== null) {
    lines.push(`IMAGE_SIZE = ${pyInt(plan.imageShape[0])}  # the playground's digits: ${plan.imageShape[0]}x${plan.imageShape[1]}${plan.imageShape[0] === 14 ? ' (2x2 means of the 28x28 MNIST digits, rounded)' : ''}`);
    const mean = plan.pixelStandardization?.mean ?? null;
    const std = plan.pixelStandardization?.std ?? null;
    lines.push(`PIXEL_MEAN = ${mean === null ? 'None' : pyFloat(mean)}  # standardization the CSV went through: (pixel / 255 - mean) / std, training statistics${mean === null ? ' (off)' : ''}`);
    lines.push(`PIXEL_STD = ${std === null ? 'None' : pyFloat(std)}`);
  }
  return lines.join('\n');
}

function loadDataBlock(plan: ModelPlan): string {
  const targets =
    plan.task === 'classification'
      ? `    # Class indices for nn.CrossEntropyLoss.
    return x, torch.tensor([int(float(row[0])) for row in targets], dtype=torch.long)`
      : `    return x, torch.tensor(targets, dtype=torch.float32)`;
  const fullMnist = plan.imageShape !== null ? `\n\n\n${FULL_MNIST_BLOCK}` : '';
  return `def load_split(inputs, targets):
    x = torch.tensor(inputs, dtype=torch.float32)
${targets}
${PYTHON_LOAD_DATA}${fullMnist}`;
}

/** Reads the standard MNIST files and applies the playground's digits transform (digits only). */
const FULL_MNIST_BLOCK = `def read_idx(directory, stem):
    """One of the standard MNIST files (IDX format), plain or .gz, as a flat uint8 tensor and its shape."""
    for name in (stem, stem + ".gz", stem.replace("-idx", ".idx")):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rb") as file:
                data = file.read()
            dims = data[3]
            shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
            return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8), shape
    raise SystemExit(f"--full-mnist: {directory} has no {stem} (or {stem}.gz): it needs the four standard MNIST files "
                     "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte")


def mnist_inputs(pixels, shape):
    """The playground's transform: 28x28 (or 2x2 means, rounded, for 14x14), / 255, then PIXEL_MEAN / PIXEL_STD."""
    count, height, width = shape
    images = pixels.reshape(count, height, width).to(torch.float64)
    if IMAGE_SIZE != height:
        blocks = images.reshape(count, IMAGE_SIZE, height // IMAGE_SIZE, IMAGE_SIZE, width // IMAGE_SIZE)
        images = torch.floor(blocks.sum(dim=(2, 4)) / 4 + 0.5)  # Math.round of the 2x2 mean
    x = (images / 255).to(torch.float32).reshape(count, IMAGE_SIZE * IMAGE_SIZE)
    if PIXEL_MEAN is not None:
        x = (x - PIXEL_MEAN) * (1 / PIXEL_STD)
    return x


def load_full_mnist(directory):
    """The 60,000 training digits for training and the 10,000 test digits for validation."""
    splits = []
    for images, labels in (("train-images-idx3-ubyte", "train-labels-idx1-ubyte"), ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")):
        pixels, shape = read_idx(directory, images)
        label_values, _ = read_idx(directory, labels)
        splits.append((mnist_inputs(pixels, shape), label_values.to(torch.long)))
    return splits[0], splits[1]`;

function modelBlock(plan: ModelPlan): string {
  const live = plan.live;
  const activation = ACTIVATION_MODULES[plan.activation];
  const entries: string[] = [];
  const add = (name: string, module: string, comment?: string) => entries.push(`        (${pyString(name)}, ${module}),${comment ? `  # ${comment}` : ''}`);
  if (plan.inputDropoutRate > 0) add('input_dropout', `nn.Dropout(p=${pyFloat(plan.inputDropoutRate)})`, 'input dropout; p = the fraction dropped (Keras rate)');
  if (plan.conv.length > 0 && plan.imageShape !== null) {
    const [height, width] = plan.imageShape;
    add('image', `nn.Unflatten(1, (1, ${height}, ${width}))`, 'the CSV holds each image row by row, one channel');
    for (const conv of plan.conv) {
      const name = torchLayerName(conv.name);
      add(name, `nn.Conv2d(${conv.inChannels}, ${conv.filters}, kernel_size=${conv.kernelSize}, padding=${(conv.kernelSize - 1) / 2})`, '"same" padding, stride 1');
      if (activation !== null) add(`${name}_act`, activation);
      add(`pool${conv.index}`, 'nn.MaxPool2d(2)', '2x2, stride 2, floor (Keras "valid")');
    }
    add('channels_last', 'ChannelsLast()', 'NCHW -> NHWC: flatten in the playground\'s (and Keras\'s) order');
    add('flatten', 'nn.Flatten()');
  }
  for (const block of plan.hidden) {
    const name = torchLayerName(block.name);
    // Before batch norm the bias is redundant (BN's beta takes its place); the playground holds it at 0.
    if (live.batchNorm) add(name, `nn.Linear(${block.inputs}, ${block.units}, bias=False)`, 'no bias: BatchNorm\'s beta takes its place');
    else add(name, `nn.Linear(${block.inputs}, ${block.units})`);
    if (live.batchNorm) add(torchLayerName(block.batchNormName), `KerasBatchNorm1d(${block.units}, momentum=BN_MOMENTUM, eps=BN_EPS)`);
    if (activation !== null) add(`${name}_act`, activation);
    if (block.dropoutRate > 0) add(`${name}_dropout`, `nn.Dropout(p=${pyFloat(block.dropoutRate)})`);
  }
  add('output', `nn.Linear(${plan.output.inputs}, ${plan.output.units})`, plan.task === 'classification' ? 'logits' : 'values');
  const channelsLast =
    plan.conv.length > 0
      ? `class ChannelsLast(nn.Module):
    """NCHW -> NHWC. The playground (like Keras) flattens images as (row, column, channel)."""

    def forward(self, x):
        return x.permute(0, 2, 3, 1)


`
      : '';
  const batchNormClass = live.batchNorm
    ? `class KerasBatchNorm1d(nn.BatchNorm1d):
    """nn.BatchNorm1d that keeps Keras's (and the playground's) running variance.
    PyTorch folds the UNBIASED batch variance (n / (n - 1) times larger) into running_var; Keras and
    the playground the biased one. Training-mode outputs are the same either way; only inference
    (validation) differs, slightly, for small batches. Use plain nn.BatchNorm1d if that is fine.
    Both start at gamma 1, beta 0, running mean 0, running variance 1."""

    def forward(self, x):
        if not self.training:
            return super().forward(x)
        with torch.no_grad():
            biased_variance = x.var(dim=0, unbiased=False)
        output = super().forward(x)
        with torch.no_grad():
            # PyTorch just added momentum * biased_variance * n / (n - 1): take back the excess
            # (into a new tensor: autograd saved the old one for the backward pass).
            self.running_var = self.running_var - self.momentum * biased_variance / (x.shape[0] - 1)
        return output


`
    : '';
  const init = INITIALIZER_LINES[plan.initializer];
  return `${channelsLast}${batchNormClass}def build_model():
    """Dense -> BatchNorm -> activation -> Dropout per hidden layer, as in the playground.${plan.activation === 'linear' ? ' (Linear activation: no activation modules.)' : ''}"""
    return nn.Sequential(OrderedDict([
${entries.join('\n')}
    ]))


def kernels(model):
    """The weight matrices and conv kernels: the only parameters the playground penalizes or decays."""
    return [module.weight for module in model.modules() if isinstance(module, (nn.Linear, nn.Conv2d))]


def initialize(model):
    """Kernels: ${init.comment}; biases zero.
    (PyTorch's own default for Linear is U(+-1/sqrt(fan_in)); fans follow Keras: conv fan_in = k*k*in.)"""
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            ${init.call}
            if module.bias is not None:
                nn.init.zeros_(module.bias)`;
}

function initialWeightsBlock(plan: ModelPlan, weights: readonly LayerParameters[]): string {
  const entries: string[] = [];
  const add = (key: string, literal: string) => entries.push(`    ${pyString(key)}: ${literal},`);
  for (const conv of plan.conv) {
    const layer = findLayer(weights, conv.name);
    const name = torchLayerName(conv.name);
    add(`${name}.weight`, pyNested(convOihw(layer), '    '));
    add(`${name}.bias`, pyNested(plain(layer.bias), '    '));
  }
  const dense = [...plan.hidden.map((block) => ({ name: block.name, inputs: block.inputs, units: block.units, bn: block.batchNormName })), { name: plan.output.name, inputs: plan.output.inputs, units: plan.output.units, bn: null }];
  for (const layer of dense) {
    const entry = findLayer(weights, layer.name);
    const name = torchLayerName(layer.name);
    add(`${name}.weight`, pyNested(transposed(entry.kernel, layer.inputs, layer.units), '    '));
    // A dense layer before batch norm has no bias (bias=False).
    if (layer.bn === null || !plan.live.batchNorm) add(`${name}.bias`, pyNested(plain(entry.bias), '    '));
    if (layer.bn !== null && plan.live.batchNorm) {
      const bn = weights.find((candidate) => candidate.name === layer.bn);
      if (bn !== undefined) {
        const bnName = torchLayerName(layer.bn);
        add(`${bnName}.weight`, pyNested(plain(bn.kernel), '    '));
        add(`${bnName}.bias`, pyNested(plain(bn.bias), '    '));
        if (bn.runningMean) add(`${bnName}.running_mean`, pyNested(plain(bn.runningMean), '    '));
        if (bn.runningVariance) add(`${bnName}.running_var`, pyNested(plain(bn.runningVariance), '    '));
      }
    }
  }
  return `# The playground's exact initial parameters (seed ${plan.settings.seed}). Our kernels are stored
# [inputs, outputs] (Keras's layout); nn.Linear.weight is [outputs, inputs], so they are transposed
# here. Conv kernels: ours HWIO, PyTorch OIHW (permuted here).
INITIAL_WEIGHTS = {
${entries.join('\n')}
}


def load_initial_weights(model):
    """Overwrites the freshly initialized parameters with INITIAL_WEIGHTS."""
    tensors = dict(model.named_parameters())
    tensors.update(model.named_buffers())
    with torch.no_grad():
        for name, values in INITIAL_WEIGHTS.items():
            tensors[name].copy_(torch.tensor(values, dtype=torch.float32))`;
}

function penaltyBlock(plan: ModelPlan): string {
  const terms: string[] = [];
  if (plan.l1Loss > 0) terms.push('L1 * weight.abs().sum()');
  if (plan.l2 > 0) terms.push('L2 * weight.pow(2).sum()');
  if (terms.length === 0) return '';
  return `


def penalty(model):
    """lambda1 * sum|w| + lambda2 * sum w^2 over kernels only, added to the batch-mean data loss
    (Keras's kernel_regularizer; biases and BatchNorm gamma/beta are never penalized).
    Deliberately NOT torch.optim's weight_decay: that also decays biases and BatchNorm parameters,
    acts on the gradient after clip_grad_norm_, and Keras's l2(lambda2) is a PyTorch decay of 2 * lambda2."""
    total = 0.0
    for weight in kernels(model):
        total = total + ${terms.join(' + ')}
    return total`;
}

function optimizerBlock(plan: ModelPlan): string {
  const live = plan.live;
  const adam = live.optimizer === 'adam' || live.optimizer === 'adamw';
  const betas = `betas=(${pyFloat(ADAM_BETA1)}, ${pyFloat(ADAM_BETA2)}), eps=${pyFloat(ADAM_EPSILON)}`;
  let body: string;
  if (adam && plan.weightDecay > 0) {
    body = `    # AdamW: decoupled decay w <- w - lr * wd * w outside Adam's moments, as the playground. The
    # playground decays kernels only, so biases and BatchNorm parameters get weight_decay 0.
    decayed = kernels(model)
    others = [p for p in model.parameters() if all(p is not w for w in decayed)]
    return torch.optim.AdamW(
        [{"params": decayed, "weight_decay": WEIGHT_DECAY}, {"params": others, "weight_decay": 0.0}],
        lr=LEARNING_RATE, ${betas})`;
  } else if (adam) {
    body = `    # Adam with bias correction; eps is added to the bias-corrected sqrt(v) in both PyTorch and the playground.${live.optimizer === 'adamw' ? '\n    # AdamW with weight decay 0 is Adam.' : ''}
    return torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, ${betas})`;
  } else if (live.optimizer === 'momentum') {
    body = `    # PyTorch's form b = mu * b + g; w -= lr * b, as the playground (Keras's v = mu * v - lr * g is the
    # same for a constant learning rate).
    return torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)`;
  } else {
    body = `    return torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)`;
  }
  return `def make_optimizer(model):
${body}`;
}

function trainBlock(plan: ModelPlan): string {
  const live = plan.live;
  const adam = live.optimizer === 'adam' || live.optimizer === 'adamw';
  const classification = plan.task === 'classification';
  const lossLine = classification ? 'nn.CrossEntropyLoss()  # softmax cross-entropy from logits, batch mean' : 'nn.MSELoss()  # mean over every output of the batch';
  const sumLine = classification ? 'nn.CrossEntropyLoss(reduction="sum")' : 'nn.MSELoss(reduction="sum")';
  const step: string[] = [];
  step.push('        outputs = model(x[batch])');
  step.push('        # The batch-mean data loss of the GLOBAL batch: this process\'s sum over the global count.');
  step.push('        # DistributedDataParallel averages gradients over the processes, hence "* world".');
  step.push(`        data_loss_sum = LOSS_SUM(outputs, y[batch])`);
  step.push(`        data_loss = data_loss_sum * (world / ${classification ? 'global_count' : '(global_count * N_OUTPUTS)'})`);
  step.push(plan.l1Loss > 0 || plan.l2 > 0 ? '        loss = data_loss + penalty(model)' : '        loss = data_loss');
  step.push('        optimizer.zero_grad()');
  step.push('        loss.backward()');
  if (live.clipMode === 'norm') {
    step.push('        # Global norm over every trained parameter, after the penalty gradient (Keras global_clipnorm).');
    step.push('        # PyTorch divides by (norm + 1e-6); the playground by max(norm, CLIP): a negligible difference.');
    step.push('        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=CLIP)');
  } else if (live.clipMode === 'value') {
    step.push('        torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=CLIP)  # Keras clipvalue');
  }
  if (plan.weightDecay > 0 && !adam) {
    step.push('        # Decoupled weight decay by hand (torch.optim.SGD has only the coupled kind): kernels only,');
    step.push('        # not clipped, before the gradient step, as the playground (and Keras 3\'s weight_decay).');
    step.push('        with torch.no_grad():');
    step.push('            for weight in kernels(model):');
    step.push('                weight.mul_(1.0 - LEARNING_RATE * WEIGHT_DECAY)');
  }
  step.push('        optimizer.step()');
  if (plan.l1Proximal > 0) {
    step.push('        # Proximal L1 ("exact zeros"): soft-threshold the kernels. Neither PyTorch nor Keras does this.');
    step.push('        with torch.no_grad():');
    step.push('            for weight in kernels(model):');
    step.push('                weight.copy_(torch.sign(weight) * torch.clamp(weight.abs() - LEARNING_RATE * L1_PROXIMAL, min=0.0))');
  }
  step.push(`        totals[0] += data_loss_sum.detach().to(torch.float64)${classification ? '' : ' / N_OUTPUTS'}`);
  step.push('        totals[1] += len(batch)');
  const bnGuard = live.batchNorm
    ? `        if global_count // world < 2:
            continue  # BatchNorm1d cannot train on a single example per process in PyTorch (Keras and the playground can)
`
    : '';
  const accuracy = classification
    ? `
            correct += (outputs.argmax(dim=1) == targets).sum().item()`
    : '';
  const evaluateReturn = classification ? 'return loss_sum / len(x), correct / len(x)' : 'return loss_sum / len(x), math.sqrt(loss_sum / len(x))';
  return `LOSS = ${lossLine}
LOSS_SUM = ${sumLine}


class FixedOrderSampler(DistributedSampler):
    """A DistributedSampler that deals out a given global order per epoch (--batch-order FILE, e.g. the
    playground's own) instead of its seeded shuffle; padded and split over the processes the same way."""

    def __init__(self, count, orders, num_replicas, rank):
        super().__init__(range(count), num_replicas=num_replicas, rank=rank, shuffle=False)
        self.orders = orders

    def __iter__(self):
        order = list(self.orders[self.epoch % len(self.orders)])
        order += order[:self.total_size - len(order)]
        return iter(order[self.rank:self.total_size:self.num_replicas])


def epoch_batches(sampler, epoch, world):
    """This process's share of each global minibatch of BATCH_SIZE, and the global batch's size.
    A DistributedSampler gives process r the positions r, r + N, r + 2N, ... of the epoch's order,
    so the k-th slice of BATCH_SIZE / N of every process together make the k-th global batch: one
    process and N processes train on the same global batches. (When N does not divide the training
    rows, the sampler repeats the first few to even the shares, as PyTorch's always does.)"""
    sampler.set_epoch(epoch)
    indices = list(sampler)
    local = BATCH_SIZE // world
    for k, start in enumerate(range(0, len(indices), local)):
        yield torch.tensor(indices[start:start + local], dtype=torch.long), min(BATCH_SIZE, sampler.total_size - k * BATCH_SIZE)


def train_epoch(model, optimizer, x, y, sampler, epoch, world):
    """One epoch of shuffled minibatches (the last one may be smaller); returns the mean
    training-mode data loss (with dropout, batch statistics), weighted by batch size as Keras does,
    over every process."""
    model.train()
    totals = torch.zeros(2, dtype=torch.float64, device=x.device)
    for batch, global_count in epoch_batches(sampler, epoch, world):
        batch = batch.to(x.device)
${bnGuard}${step.join('\n')}
    if world > 1:
        dist.all_reduce(totals)
    return (totals[0] / torch.clamp(totals[1], min=1.0)).item()


def evaluate(model, x, y):
    """Data loss (no penalty) in inference mode: running BatchNorm statistics, no dropout.
    Returns (loss, ${classification ? 'accuracy' : 'rmse'})."""
    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(x), 1024):
            inputs, targets = x[start:start + 1024], y[start:start + 1024]
            outputs = model(inputs)
            loss_sum += LOSS(outputs, targets).item() * len(targets)${accuracy}
    ${evaluateReturn}`;
}

function earlyStoppingBlock(): string {
  return `


class EarlyStopping:
    """Keras 3's EarlyStopping, by hand (PyTorch has none): monitor the validation data loss, mode
    min, baseline none. epoch counts from 0, as in Keras. The saved weights are the whole
    state_dict, running BatchNorm statistics included."""

    def __init__(self):
        self.wait = 0
        self.best = None
        self.best_epoch = None
        self.best_weights = None
        self.stopped_epoch = None

    def on_epoch_end(self, epoch, current, model):
        """Returns True when training should stop."""
        if epoch < START_FROM_EPOCH:
            return False
        if RESTORE_BEST_WEIGHTS and self.best_weights is None:
            self.best_weights = copy.deepcopy(model.state_dict())
        self.wait += 1
        # Strict: an improvement must beat the best by MORE than MIN_DELTA.
        if self.best is None or current < self.best - MIN_DELTA:
            self.best = current
            self.best_epoch = epoch
            if RESTORE_BEST_WEIGHTS:
                self.best_weights = copy.deepcopy(model.state_dict())
            self.wait = 0
            return False
        if self.wait >= PATIENCE and epoch > 0:
            self.stopped_epoch = epoch
            return True
        return False

    def restore(self, model):
        """Brings the best weights back (Keras 3: on the stop, and when training ends otherwise)."""
        if RESTORE_BEST_WEIGHTS and self.best_weights is not None:
            model.load_state_dict(self.best_weights)`;
}

/** Device choice and the process group under torchrun. */
const DEVICE_BLOCK = `def pick_device(name, local_rank):
    """--device: auto takes CUDA, then MPS (Apple), then the CPU. Under torchrun each process takes
    the GPU of its local rank."""
    mps = getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "mps" if mps else "cpu"
    if name == "cuda":
        if not torch.cuda.is_available():
            raise SystemExit("--device cuda: this PyTorch sees no CUDA GPU (torch.cuda.is_available() is False).")
        torch.cuda.set_device(local_rank)
        # Full float32 products, as the playground computes: recent GPUs would otherwise run
        # convolutions in TF32 (10-bit mantissa). Set both True for speed when exactness does not matter.
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        return torch.device("cuda", local_rank)
    if name == "mps":
        if not mps:
            raise SystemExit("--device mps: this PyTorch has no MPS (Apple GPU) backend.")
        return torch.device("mps")
    return torch.device("cpu")


def start_processes(device):
    """Under torchrun (WORLD_SIZE > 1) joins the process group: NCCL on CUDA, gloo on the CPU.
    Returns (rank, world size); (0, 1) for a plain run."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world == 1:
        return 0, 1
    if device.type == "mps":
        raise SystemExit("MPS has no distributed backend: run one process (python3 <this file> --device mps).")
    if BATCH_SIZE % world != 0:
        raise SystemExit(f"The global batch ({BATCH_SIZE}, the playground's batch size) is dealt out evenly: run a number "
                         f"of processes that divides it, or change BATCH_SIZE to a multiple of {world}.")
    dist.init_process_group(backend="nccl" if device.type == "cuda" else "gloo")
    return dist.get_rank(), world`;

function mainBlock(plan: ModelPlan, exact: boolean, digits: boolean): string {
  const es = plan.live.earlyStopping.enabled;
  const second = plan.task === 'classification' ? 'accuracy' : 'rmse';
  const loadWeights = exact
    ? `
    if not args.scheme_init:
        load_initial_weights(net)`
    : '';
  const schemeArgument = exact
    ? `
    parser.add_argument("--scheme-init", action="store_true", help="initialize by the scheme instead of the playground's exact initial weights")`
    : '';
  const mnistArgument = digits
    ? `
    parser.add_argument("--full-mnist", metavar="DIR", help="train on the 60,000 MNIST training digits and validate on the 10,000 test digits: "
                        "DIR holds the four standard files (train-images-idx3-ubyte, ... , .gz or not)")`
    : '';
  const loadData = digits
    ? `    if args.full_mnist:
        (train_x, train_y), (validation_x, validation_y) = load_full_mnist(args.full_mnist)
    else:
        (train_x, train_y), (validation_x, validation_y) = load_data(args.data)`
    : '    (train_x, train_y), (validation_x, validation_y) = load_data(args.data)';
  const esSetup = es ? '\n    stopping = EarlyStopping()' : '';
  const esStep = es
    ? `
        stop = torch.zeros(1, device=device)
        if rank == 0 and stopping.on_epoch_end(epoch, validation_loss, net):
            log(f"early stopping at epoch {epoch + 1}: best epoch {stopping.best_epoch + 1} ({stopping.best:.6f})")
            stop[0] = 1
        if world > 1:
            dist.broadcast(stop, 0)  # rank 0 decides; every process stops at the same epoch
        if stop.item():
            break`
    : '';
  const esEnd = es ? '\n    if rank == 0:\n        stopping.restore(net)' : '';
  const esResult = es
    ? `
            "stopped_epoch": None if stopping.stopped_epoch is None else stopping.stopped_epoch + 1,
            "best_epoch": None if stopping.best_epoch is None else stopping.best_epoch + 1,`
    : '';
  const syncBn = plan.live.batchNorm
    ? `
    if world > 1 and args.sync_bn:
        if device.type != "cuda":
            raise SystemExit("--sync-bn needs CUDA: SyncBatchNorm has no CPU implementation.")
        net = nn.SyncBatchNorm.convert_sync_batchnorm(net)  # PyTorch's running variance (unbiased) from here on
    elif world > 1:
        log(f"note: with batch norm each of the {world} processes normalizes its own share of every batch "
            f"({BATCH_SIZE // world} examples), so the numbers differ from one process; --sync-bn (CUDA only) normalizes over the whole batch.")`
    : '';
  const syncBnArgument = plan.live.batchNorm
    ? `
    parser.add_argument("--sync-bn", action="store_true", help="under torchrun on CUDA: SyncBatchNorm, batch statistics over the whole global batch")`
    : '';
  return `${DEVICE_BLOCK}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="The Regularization Playground's experiment in PyTorch.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""many processes (DistributedDataParallel with a DistributedSampler; gloo on CPU, NCCL on CUDA):
  torchrun --nproc_per_node N this_file.py [--device cpu|cuda]
  torchrun --nnodes M --node_rank R --nproc_per_node N --master_addr HOST --master_port 29500 this_file.py
The global batch stays BATCH_SIZE (each process takes BATCH_SIZE / N of it); rank 0 alone prints,
saves and decides early stopping. Without batch norm and dropout, 1 and N processes on the CPU give
the same losses up to float rounding; with batch norm each process normalizes its own share.""")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="epochs to train (default %(default)s)")
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"],
                        help="where to train: auto takes CUDA, then MPS, then the CPU (default auto)")
    parser.add_argument("--data", default=os.path.join(HERE, DATA_FILE), metavar="FILE",
                        help="a CSV with the exported dataset's columns (default: %(default)s)")${mnistArgument}
    parser.add_argument("--batch-order", metavar="FILE",
                        help="JSON list of per-epoch orders of the training rows to use instead of the seeded shuffle (e.g. the playground's)")
    parser.add_argument("--save", metavar="FILE", help="save the trained weights (state_dict) to FILE (rank 0)")${syncBnArgument}${schemeArgument}
    return parser.parse_args(argv)


def run(args, log=print):
    """Trains as the playground does; returns the history, one dict per epoch (rank 0; [] elsewhere)."""
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    device = pick_device(args.device, local_rank)
    rank, world = start_processes(device)
    if rank != 0:
        log = lambda *_: None  # noqa: E731 (rank 0 alone prints)
    torch.manual_seed(SEED)
${loadData}
    train_x, train_y = train_x.to(device), train_y.to(device)
    validation_x, validation_y = validation_x.to(device), validation_y.to(device)
    net = build_model()
    initialize(net)${loadWeights}
    net = net.to(device)${syncBn}
    # Every process builds the same initial weights (same seed); DDP checks and keeps them in step.
    model = DistributedDataParallel(net, device_ids=[device.index] if device.type == "cuda" else None) if world > 1 else net
    torch.manual_seed(SEED + rank)  # each process draws its own dropout masks
    optimizer = make_optimizer(model)
    if args.batch_order:
        with open(args.batch_order, encoding="utf-8") as file:
            orders = json.load(file)
        if any(sorted(order) != list(range(len(train_x))) for order in orders):
            raise SystemExit(f"{args.batch_order}: every epoch's order must list each of the {len(train_x)} training rows once.")
        sampler = FixedOrderSampler(len(train_x), orders, num_replicas=world, rank=rank)
    else:
        sampler = DistributedSampler(range(len(train_x)), num_replicas=world, rank=rank, shuffle=True, seed=SEED)

    history = []
    if rank == 0:
        initial_train_loss, initial_train_${second} = evaluate(net, train_x, train_y)
        initial_validation_loss, initial_validation_${second} = evaluate(net, validation_x, validation_y)
        log(f"device {device}, {world} process{'es' if world > 1 else ''}; initial: train loss {initial_train_loss:.6f}, validation loss {initial_validation_loss:.6f}")${esSetup}
    epochs_run = 0
    for epoch in range(args.epochs):
        training_mode_loss = train_epoch(model, optimizer, train_x, train_y, sampler, epoch, world)
        epochs_run = epoch + 1
        if rank == 0:
            train_loss, train_${second} = evaluate(net, train_x, train_y)
            validation_loss, validation_${second} = evaluate(net, validation_x, validation_y)
            history.append({"epoch": epoch + 1, "training_mode_loss": training_mode_loss, "train_loss": train_loss,
                            "validation_loss": validation_loss, "train_${second}": train_${second}, "validation_${second}": validation_${second}})
            log(f"epoch {epoch + 1}: train loss {train_loss:.6f} (training mode {training_mode_loss:.6f}), "
                f"validation loss {validation_loss:.6f}, ${second} {train_${second}:.4f} / {validation_${second}:.4f}")${esStep}${esEnd}

    if rank == 0:
        final_train_loss, final_train_${second} = evaluate(net, train_x, train_y)
        final_validation_loss, final_validation_${second} = evaluate(net, validation_x, validation_y)
        if args.save:
            torch.save(net.state_dict(), args.save)
        log("RESULT " + json.dumps({
            "framework": "pytorch",
            "device": str(device),
            "world_size": world,
            "epochs": epochs_run,
            "initial_train_loss": initial_train_loss,
            "initial_validation_loss": initial_validation_loss,
            "final_train_loss": final_train_loss,
            "final_validation_loss": final_validation_loss,
            "initial_train_${second}": initial_train_${second},
            "initial_validation_${second}": initial_validation_${second},
            "final_train_${second}": final_train_${second},
            "final_validation_${second}": final_validation_${second},${esResult}
        }))
    if world > 1:
        dist.destroy_process_group()
    return history`;
}

function imports(plan: ModelPlan): string {
  const modules = [
    'argparse',
    ...(plan.live.earlyStopping.enabled ? ['copy'] : []),
    'csv',
    ...(plan.imageShape !== null ? ['gzip'] : []),
    'json',
    ...(plan.task === 'regression' ? ['math'] : []),
    'os',
    ...(plan.imageShape !== null ? ['struct'] : []),
  ];
  return `${modules.map((name) => `import ${name}`).join('\n')}
from collections import OrderedDict

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data.distributed import DistributedSampler

# The folder of this file (the dataset CSV's default place); the working folder in a notebook.
HERE = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()`;
}

/** The code of an export, section by section (the script joins them; the notebook puts them in cells). */
export interface PytorchSections {
  header: string;
  imports: string;
  settings: string;
  data: string;
  model: string;
  /** Our exact initial weights, or null when the script initializes by the scheme. */
  initialWeights: string | null;
  optimizer: string;
  training: string;
  earlyStopping: string | null;
  run: string;
}

/** The sections of the PyTorch export of `settings` on `dataset`. */
export function pytorchSections(settings: Settings, dataset: Dataset, options: ScriptOptions): PytorchSections {
  const plan = planModel(settings, dataset);
  const weights = options.initialWeights ?? null;
  const exact = weights !== null && weights.length > 0;
  return {
    header: header(plan, options, exact),
    imports: imports(plan),
    settings: `# ---- the playground's settings ----\n${settingsBlock(plan, options)}`,
    data: loadDataBlock(plan),
    model: modelBlock(plan),
    initialWeights: exact ? initialWeightsBlock(plan, weights) : null,
    optimizer: `${optimizerBlock(plan)}${penaltyBlock(plan)}`,
    training: trainBlock(plan),
    earlyStopping: plan.live.earlyStopping.enabled ? earlyStoppingBlock().trimStart() : null,
    run: mainBlock(plan, exact, plan.imageShape !== null),
  };
}

/** A complete PyTorch script reproducing `settings` on `dataset` (data in `options.dataFile`). */
export function toPytorchScript(settings: Settings, dataset: Dataset, options: ScriptOptions): string {
  const sections = pytorchSections(settings, dataset, options);
  const parts = [sections.header, sections.imports, sections.settings, sections.data, sections.model];
  if (sections.initialWeights !== null) parts.push(sections.initialWeights);
  parts.push(sections.optimizer, sections.training);
  if (sections.earlyStopping !== null) parts.push(sections.earlyStopping);
  parts.push(
    sections.run,
    `def main():
    run(parse_args())


if __name__ == "__main__":
    main()
`,
  );
  return parts.join('\n\n\n');
}
