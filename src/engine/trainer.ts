/**
 * The trainer: epochs of seeded-shuffled minibatches, live setting changes between steps,
 * per-epoch metrics, early stopping, divergence detection and the probes' data.
 *
 * One step: gather a minibatch -> forward (training mode) -> data loss -> backward ->
 * add penalty gradients (kernels only) -> measure norms, check for NaN/Inf -> clip ->
 * fused optimizer update (decoupled decay, proximal L1) -> check the weights.
 * Randomness: kernels from "init/<layer>", batch order from "shuffle", masks from
 * "dropout/<layer>": switching dropout on never changes the batch order.
 */
import type { ActivationLayer } from './activationLayer.ts';
import { gradientBound, gradientScale } from './clipping.ts';
import type {
  DivergenceInfo,
  EarlyStoppingEvent,
  EpochMetrics,
  LayerMetrics,
  LayerParameters,
  LiveSettings,
  ModelSpec,
  MonitorName,
  Samples,
  StepResult,
  TrainingData,
  WeightHistogramProbe,
  DropoutMaskProbe,
  BatchNormProbe,
} from './contract.ts';
import { EarlyStopping } from './earlyStopping.ts';
import { Evaluator, type DeadUnitTracker, type SetScore } from './evaluation.ts';
import { allocate, toFloat32, type Dtype, type FloatArray } from './floatArray.ts';
import type { Param } from './layer.ts';
import { losses, softmaxRows, type LossRule } from './losses.ts';
import { Network, shapeSize } from './network.ts';
import { createUpdateContext, optimizers, type UpdateContext } from './optimizers.ts';
import { Probes, sparsity } from './probes.ts';
import { regularizers } from './regularizers.ts';
import { createStream, type Rng } from './rng.ts';
import { copySettings, validateLiveSettings } from './settings.ts';
import { gatherSamples, subsampleIndices } from './subsample.ts';

/** How to build a trainer. */
export interface TrainerOptions {
  model: ModelSpec;
  settings: LiveSettings;
  data: TrainingData;
  seed: number;
  /** Storage precision of every buffer (default float32). */
  dtype?: Dtype;
  /**
   * Compute EpochMetrics (an inference pass over the training and validation sets) at the end of
   * every epoch (default true). When false, trainStep() never returns epoch metrics and early
   * stopping does not run; call evaluate() at your own pace instead (used by the benchmark).
   */
  epochMetrics?: boolean;
  /**
   * Called after every chunk of a long inference pass (epoch metrics, predictions), so a host can
   * show it is still alive while one call runs for a long time (a worker's heartbeat). It must be
   * cheap and must not touch the trainer: it changes nothing the trainer computes.
   */
  tick?: () => void;
  /**
   * Per-epoch figures of a set larger than this are measured on a fixed subsample of this many of
   * its examples (streams "evaluation/train" and "evaluation/validation"), except the figure early
   * stopping monitors, which stays on its whole set so every stop and restore matches a full run.
   * `evaluate()` always uses the whole sets. Default: no subsample.
   */
  evaluationSubsample?: number;
}

/** A parameter being trained, with its optimizer state. */
interface ParamEntry {
  param: Param;
  /** Index into network.trainable when this is a kernel, else -1. */
  kernelOf: number;
  /** Optimizer state buffers (allocated when the optimizer or the parameter set changes). */
  state: FloatArray[];
  /** Steps taken with the current optimizer (Adam's t), per parameter as in PyTorch. */
  t: number;
}

/** A gradient-norm figure of one trainable layer (cheap; for the live panel). */
export interface LayerGradientNorm {
  layer: string;
  /** L2 norm of the kernel gradient of the last minibatch (data loss + penalty, before clipping). */
  gradientNorm: number;
}

/** Values per example the evaluation chunk may occupy across all layer buffers (~8 MB in float32). */
const CHUNK_BUDGET = 1 << 21;
const MAX_CHUNK = 1024;

/** Trains one network on one dataset. */
export class Trainer {
  private readonly network: Network;
  private readonly data: TrainingData;
  private readonly dtype: Dtype;
  private readonly loss: LossRule;
  private readonly evaluator: Evaluator;
  private readonly probes: Probes;
  private current: LiveSettings;
  private readonly shuffleRng: Rng;
  private readonly order: Int32Array;
  /** Position in this epoch's order; equal to the training count when the next step starts an epoch. */
  private cursor: number;
  private steps = 0;
  private lastBatchStart = 0;
  private lastBatchSize = 0;
  private epochs = 0;
  private batchInputs: FloatArray;
  private batchTargets: FloatArray;
  private lossGradient: FloatArray;
  private epochLossSum = 0;
  private epochExamples = 0;
  private lastEpochTrainingLoss = NaN;
  private divergence: DivergenceInfo | null = null;
  private stopped = false;
  private readonly earlyStopping: EarlyStopping;
  private best: { values: FloatArray[]; epoch: number } | null = null;
  private entries: ParamEntry[] = [];
  private readonly context: UpdateContext = createUpdateContext();
  private readonly kernelGradientNorm: Float64Array;
  private readonly kernelUpdateSquared: Float64Array;
  private readonly deadTrackers: (DeadUnitTracker | null)[];
  private readonly initial: LayerParameters[];
  private readonly metricsEachEpoch: boolean;
  /** The per-epoch stand-ins of the training and validation sets (the sets themselves without a subsample). */
  private readonly epochTrainSet: Samples;
  private readonly epochValidationSet: Samples;

  /** Builds and initializes the network; throws a RangeError for invalid settings or mismatched data. */
  constructor(options: TrainerOptions) {
    const { model, data, seed } = options;
    this.dtype = options.dtype ?? 'float32';
    this.metricsEachEpoch = options.epochMetrics ?? true;
    this.data = data;
    this.epochTrainSet = epochSubsample(data, 'train', options.evaluationSubsample, seed);
    this.epochValidationSet = epochSubsample(data, 'validation', options.evaluationSubsample, seed);
    checkModelAndData(model, data);
    const problems = validateLiveSettings(options.settings);
    if (problems.length > 0) throw new RangeError(problems.join(' '));
    this.network = new Network(model, this.dtype, seed);
    this.loss = losses[model.loss];
    const chunk = evaluationChunk(this.network);
    this.network.reserve(Math.max(chunk, options.settings.batchSize));
    this.evaluator = new Evaluator(this.network, this.dtype, chunk, options.tick);
    this.probes = new Probes(this.network);
    this.shuffleRng = createStream(seed, 'shuffle');
    this.order = new Int32Array(data.train.count);
    this.cursor = data.train.count;
    this.batchInputs = allocate(this.dtype, 0);
    this.batchTargets = allocate(this.dtype, 0);
    this.lossGradient = allocate(this.dtype, 0);
    this.kernelGradientNorm = new Float64Array(this.network.trainable.length);
    this.kernelUpdateSquared = new Float64Array(this.network.trainable.length);
    this.deadTrackers = this.network.trainable.map((layer) => {
      const activation = activationAfter(this.network, layer);
      if (activation === null || !activation.rule.canDie) return null;
      const channels = 'filters' in layer ? layer.filters : layer.outputSize;
      return { layer: activation, channels, alive: new Uint8Array(channels) };
    });
    this.current = copySettings(options.settings);
    this.earlyStopping = new EarlyStopping({ ...this.current.earlyStopping });
    this.applySettings(this.current, null);
    this.initial = this.parameters();
  }

  /** Minibatch steps taken. */
  get stepCount(): number {
    return this.steps;
  }

  /** Completed epochs. */
  get epochCount(): number {
    return this.epochs;
  }

  /** ceil(training examples / batch size) with the current batch size. */
  get stepsPerEpoch(): number {
    return Math.ceil(this.data.train.count / this.current.batchSize);
  }

  /** Where and when the run produced NaN or Infinity, or null. */
  get diverged(): DivergenceInfo | null {
    return this.divergence;
  }

  /** True after early stopping stopped the run, until resumeAfterStop(). */
  get stoppedEarly(): boolean {
    return this.stopped;
  }

  /** A copy of the current live settings. */
  settings(): LiveSettings {
    return copySettings(this.current);
  }

  /** One minibatch step; returns the epoch's metrics when it completed an epoch. Throws after divergence or an early stop. */
  trainStep(): StepResult {
    if (this.divergence !== null) {
      throw new Error(`Training diverged at step ${this.divergence.step} (${this.divergence.where}); build a new trainer to start again.`);
    }
    if (this.stopped) throw new Error('Early stopping stopped this run; call resumeAfterStop() to continue training.');
    const train = this.data.train;
    if (this.cursor >= train.count) this.startEpoch();
    const batch = Math.min(this.current.batchSize, train.count - this.cursor);
    this.gatherBatch(batch);
    this.lastBatchStart = this.cursor;
    this.lastBatchSize = batch;
    const network = this.network;
    const outputs = network.forward(this.batchInputs, batch, true);
    const batchLoss = this.loss.compute(outputs, this.batchTargets, batch, network.outputSize, this.lossGradient);
    this.steps++;
    if (!Number.isFinite(batchLoss)) {
      const layer = network.firstNonFiniteOutput(batch);
      return this.diverge(batchLoss, layer === null ? 'loss' : `activations of ${layer}`);
    }
    network.backward(this.lossGradient, batch);
    const failure = this.applyGradients();
    if (failure !== null) return this.diverge(batchLoss, failure);
    this.cursor += batch;
    this.epochLossSum += batchLoss * batch;
    this.epochExamples += batch;
    let epochMetrics: EpochMetrics | null = null;
    let events: EarlyStoppingEvent[] = [];
    let stoppedNow = false;
    if (this.cursor >= train.count) {
      this.epochs++;
      // Keras weights each minibatch's loss by its size: the mean over the epoch's examples.
      this.lastEpochTrainingLoss = this.epochLossSum / this.epochExamples;
      if (this.metricsEachEpoch) epochMetrics = this.computeMetrics(this.lastEpochTrainingLoss, true);
      if (epochMetrics !== null && this.current.earlyStopping.enabled) {
        const outcome = this.runEarlyStopping(epochMetrics);
        events = outcome.events;
        stoppedNow = outcome.stopped;
      }
    }
    return { step: this.steps, epoch: this.epochs, batchLoss, epochMetrics, events, diverged: null, stopped: stoppedNow };
  }

  /**
   * Changes live settings; they apply from the next minibatch. Values are not validated again here:
   * the caller validated them (the playground checks every value once, where it enters the page;
   * the constructor states the engine's contract with `validateLiveSettings`). A value that breaks
   * a layer's own invariant (a dropout rate of 1) throws from that layer, and the previous settings
   * are put back; one that merely misbehaves shows as a divergence (NaN).
   * Batch size applies at once: the current epoch continues with the new size, so every example
   * is still seen once per epoch. Switching batch norm on inserts it function-preserving.
   */
  patch(change: Partial<LiveSettings>): void {
    const next = copySettings({
      ...this.current,
      ...change,
      earlyStopping: { ...this.current.earlyStopping, ...(change.earlyStopping ?? {}) },
    });
    const previous = this.current;
    this.current = next;
    try {
      this.applySettings(next, previous);
    } catch (error) {
      this.current = previous;
      this.applySettings(previous, next);
      throw error;
    }
  }

  /** Puts the best weights saved by early stopping back; the 'restored' event, or null if nothing was saved. */
  restoreBestWeights(): EarlyStoppingEvent | null {
    if (this.best === null) return null;
    this.restoreSnapshot();
    return { type: 'restored', epoch: this.epochs, bestEpoch: this.best.epoch };
  }

  /** Continue after an early stop, with a fresh early-stopping count. */
  resumeAfterStop(): void {
    this.stopped = false;
    this.earlyStopping.reset();
  }

  /**
   * Metrics of the current weights without advancing (epoch = epochCount). The training-mode loss
   * is the running mean of the current epoch so far, or the last epoch's if none of this epoch's
   * steps ran yet (NaN before the first step).
   */
  evaluate(): EpochMetrics {
    const trainingModeLoss = this.epochExamples > 0 ? this.epochLossSum / this.epochExamples : this.lastEpochTrainingLoss;
    return this.computeMetrics(trainingModeLoss);
  }

  /**
   * Inference-mode data loss and accuracy (or RMSE) of the current weights on another sample set
   * of the same shape: the held-out test set, scored once for the weights a run keeps.
   */
  score(samples: Samples): SetScore {
    this.checkInputs(samples.inputs, samples.count);
    return this.evaluator.score(samples, this.data.task, this.loss);
  }

  /** Inference-mode outputs of `count` examples: softmax probabilities (classification) or values, count * outputs. */
  predict(inputs: Float32Array, count: number): Float32Array {
    this.checkInputs(inputs, count);
    const size = this.network.outputSize;
    const result = new Float32Array(count * size);
    const classification = this.data.task === 'classification';
    this.evaluator.forEachChunk(inputs, count, null, (start, n, output) => {
      const target = result.subarray(start * size, (start + n) * size);
      if (classification) softmaxRows(output, target, n, size);
      else for (let i = 0; i < n * size; i++) target[i] = output[i];
    });
    return result;
  }

  /** Post-activation outputs (inference mode) of hidden dense layer `hiddenLayerIndex`, count * units. */
  hiddenActivations(inputs: Float32Array, count: number, hiddenLayerIndex: number): Float32Array {
    this.checkInputs(inputs, count);
    const block = this.network.hidden[hiddenLayerIndex];
    if (block === undefined) {
      throw new RangeError(`There is no hidden layer ${hiddenLayerIndex + 1}: the network has ${this.network.hidden.length}.`);
    }
    const units = block.dense.outputSize;
    const result = new Float32Array(count * units);
    this.evaluator.forEachChunk(inputs, count, block.activation, (start, n, output) => {
      const offset = start * units;
      for (let i = 0; i < n * units; i++) result[offset + i] = output[i];
    });
    return result;
  }

  /** Kernel histograms per conv/dense layer on edges fixed at construction (widened only by tripling: each new bin is three old ones). */
  weightHistograms(): WeightHistogramProbe[] {
    return this.probes.weights();
  }

  /** Dropout masks of the last training minibatch, per active dropout layer (input dropout first). */
  dropoutMasks(): DropoutMaskProbe[] {
    return this.probes.dropoutMasks();
  }

  /** Batch-norm statistics and activation histograms (empty while batch norm is off). */
  batchNormStats(): BatchNormProbe[] {
    return this.probes.batchNorm();
  }

  /** Indices (into the training set) of the examples of the last minibatch, in batch order. */
  lastBatchExamples(): Int32Array {
    return this.order.slice(this.lastBatchStart, this.lastBatchStart + this.lastBatchSize);
  }

  /** Kernel gradient norm of every conv/dense layer for the last minibatch (no evaluation pass). */
  layerGradientNorms(): LayerGradientNorm[] {
    return this.network.trainable.map((layer, index) => ({ layer: layer.name, gradientNorm: this.kernelGradientNorm[index] }));
  }

  /** Copies of the parameters: conv and dense layers in order, batch-norm layers while on. */
  parameters(): LayerParameters[] {
    const result: LayerParameters[] = [];
    for (const layer of this.network.trainable) {
      const isConv = 'filters' in layer;
      result.push({
        name: layer.name,
        kind: isConv ? 'conv' : 'dense',
        shape: isConv ? layer.shape : [layer.inputSize, layer.outputSize],
        kernel: toFloat32(layer.kernel.value),
        bias: toFloat32(layer.bias.value),
      });
      const block = this.network.hidden.find((candidate) => candidate.dense === layer);
      if (block !== undefined && this.network.batchNormEnabled) {
        const bn = block.batchNorm;
        result.push({
          name: bn.name,
          kind: 'batchNorm',
          shape: [bn.features],
          kernel: toFloat32(bn.gamma.value),
          bias: toFloat32(bn.beta.value),
          runningMean: toFloat32(bn.runningMean),
          runningVariance: toFloat32(bn.runningVariance),
        });
      }
    }
    return result;
  }

  /** The parameters right after initialization (for export). */
  initialParameters(): LayerParameters[] {
    return this.initial.map((entry) => ({
      ...entry,
      shape: [...entry.shape],
      kernel: entry.kernel.slice(),
      bias: entry.bias.slice(),
      runningMean: entry.runningMean?.slice(),
      runningVariance: entry.runningVariance?.slice(),
    }));
  }

  /**
   * Overwrites parameters by layer name; throws a RangeError if a name or size does not match.
   * While batch norm is on, a nonzero bias of a dense layer before it moves into the running mean.
   */
  setParameters(params: LayerParameters[]): void {
    for (const entry of params) {
      const trainable = this.network.trainable.find((layer) => layer.name === entry.name);
      const bn = this.network.hidden.find((block) => block.batchNorm.name === entry.name)?.batchNorm;
      if (trainable !== undefined) {
        copyInto(trainable.kernel.value, entry.kernel, `${entry.name} kernel`);
        copyInto(trainable.bias.value, entry.bias, `${entry.name} bias`);
      } else if (bn !== undefined) {
        copyInto(bn.gamma.value, entry.kernel, `${entry.name} gamma`);
        copyInto(bn.beta.value, entry.bias, `${entry.name} beta`);
        if (entry.runningMean) copyInto(bn.runningMean, entry.runningMean, `${entry.name} running mean`);
        if (entry.runningVariance) copyInto(bn.runningVariance, entry.runningVariance, `${entry.name} running variance`);
      } else {
        throw new RangeError(`This network has no layer named "${entry.name}".`);
      }
    }
    // Keep "bias before BN is 0 while BN is on" whatever was set; the function does not change.
    this.network.foldBiasesIntoRunningMeans();
  }

  // ---------------------------------------------------------------------------------------------

  /** Shuffles a fresh order for the next epoch (stream "shuffle": depends only on the epoch number). */
  private startEpoch(): void {
    const order = this.order;
    for (let i = 0; i < order.length; i++) order[i] = i;
    this.shuffleRng.shuffle(order);
    this.cursor = 0;
    this.epochLossSum = 0;
    this.epochExamples = 0;
  }

  /** Copies the next `batch` examples of the epoch's order into the minibatch buffers. */
  private gatherBatch(batch: number): void {
    const train = this.data.train;
    const inputSize = this.network.inputSize;
    const classification = this.data.task === 'classification';
    const targetSize = classification ? 1 : this.network.outputSize;
    if (this.batchInputs.length < batch * inputSize) {
      this.batchInputs = allocate(this.dtype, batch * inputSize);
      this.batchTargets = allocate(this.dtype, batch * targetSize);
      this.lossGradient = allocate(this.dtype, batch * this.network.outputSize);
    }
    const inputs = this.batchInputs;
    const targets = this.batchTargets;
    for (let b = 0; b < batch; b++) {
      const example = this.order[this.cursor + b];
      const from = example * inputSize;
      const to = b * inputSize;
      for (let i = 0; i < inputSize; i++) inputs[to + i] = train.inputs[from + i];
      const targetFrom = example * targetSize;
      for (let i = 0; i < targetSize; i++) targets[b * targetSize + i] = train.targets[targetFrom + i];
    }
  }

  /**
   * Penalty gradients, norms, NaN checks, clipping and the optimizer update. Returns where a
   * non-finite value appeared, or null.
   */
  private applyGradients(): string | null {
    const s = this.current;
    const entries = this.entries;
    const l1Gradient = s.l1 > 0 && !s.l1Proximal;
    let totalSquared = 0;
    for (let e = 0; e < entries.length; e++) {
      const { param, kernelOf } = entries[e];
      const n = param.value.length;
      const g = param.gradient;
      if (param.decay > 0) {
        if (l1Gradient) regularizers.l1.addGradient(param.value, g, n, s.l1 * param.decay);
        if (s.l2 > 0) regularizers.l2.addGradient(param.value, g, n, s.l2 * param.decay);
      }
      let squared = 0;
      for (let i = 0; i < n; i++) squared += g[i] * g[i];
      // NaN or Infinity anywhere makes the sum non-finite: stop before touching the weights.
      if (!Number.isFinite(squared)) return `gradient of ${param.layer}`;
      if (kernelOf >= 0) this.kernelGradientNorm[kernelOf] = Math.sqrt(squared);
      totalSquared += squared;
    }
    const c = this.context;
    c.learningRate = s.learningRate;
    c.momentum = s.momentum;
    c.gradientScale = gradientScale(s.clipMode, s.clipValue, Math.sqrt(totalSquared));
    c.gradientBound = gradientBound(s.clipMode, s.clipValue);
    const rule = optimizers[s.optimizer];
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e];
      const param = entry.param;
      entry.t++;
      c.t = entry.t;
      c.decayFactor = 1 - s.learningRate * s.weightDecay * param.decay;
      c.proximalThreshold = s.l1Proximal ? s.learningRate * s.l1 * param.decay : 0;
      const deltaSquared = rule.update(param.value, param.gradient, entry.state, param.value.length, c);
      if (!Number.isFinite(deltaSquared)) return `weights of ${param.layer}`;
      if (entry.kernelOf >= 0) this.kernelUpdateSquared[entry.kernelOf] = deltaSquared;
    }
    return null;
  }

  private diverge(batchLoss: number, where: string): StepResult {
    this.divergence = { step: this.steps, epoch: this.epochs, where };
    return { step: this.steps, epoch: this.epochs, batchLoss, epochMetrics: null, events: [], diverged: this.divergence, stopped: false };
  }

  /** Early stopping after an epoch: saves, stops and restores as Keras 3 does. */
  private runEarlyStopping(metrics: EpochMetrics): { events: EarlyStoppingEvent[]; stopped: boolean } {
    const settings = this.current.earlyStopping;
    const decision = this.earlyStopping.onEpochEnd(metrics.epoch, monitorValue(metrics, settings.monitor));
    if (decision.save) this.saveSnapshot(this.earlyStopping.bestEpoch);
    const events = decision.events;
    if (decision.stop) {
      this.stopped = true;
      if (settings.restoreBestWeights && this.best !== null) {
        this.restoreSnapshot();
        events.push({ type: 'restored', epoch: metrics.epoch, bestEpoch: this.best.epoch });
      }
    }
    return { events, stopped: decision.stop };
  }

  /** Every value that defines the network's function: parameters and BN running statistics. */
  private stateArrays(): FloatArray[] {
    const arrays: FloatArray[] = [];
    for (const layer of this.network.layers) for (const param of layer.params) arrays.push(param.value);
    for (const block of this.network.hidden) arrays.push(block.batchNorm.runningMean, block.batchNorm.runningVariance);
    return arrays;
  }

  private saveSnapshot(epoch: number): void {
    const arrays = this.stateArrays();
    if (this.best === null) this.best = { values: arrays.map((array) => array.slice()), epoch };
    else arrays.forEach((array, index) => this.best!.values[index].set(array));
    this.best.epoch = epoch;
  }

  private restoreSnapshot(): void {
    if (this.best === null) return;
    const saved = this.best.values;
    this.stateArrays().forEach((array, index) => array.set(saved[index]));
  }

  /** Makes the network, optimizer state and early stopping follow `next`. */
  private applySettings(next: LiveSettings, previous: LiveSettings | null): void {
    const network = this.network;
    network.inputDropout.rate = next.inputDropoutRate;
    network.hidden.forEach((block, index) => {
      block.dropout.rate = next.dropoutLayerRates[index] ?? next.dropoutRate;
      block.batchNorm.momentum = next.batchNormMomentum;
      block.batchNorm.epsilon = next.batchNormEpsilon;
    });
    let rebuildEntries = previous === null || previous.optimizer !== next.optimizer;
    if (next.batchNorm !== network.batchNormEnabled) {
      if (next.batchNorm && previous !== null) this.insertBatchNormPreserving();
      else network.setBatchNorm(next.batchNorm);
      this.probes.resetBatchNormHistograms();
      rebuildEntries = true;
      // The monitored values and saved weights before and after are of different networks:
      // count afresh and drop the saved best weights (restoring them would mix the two).
      if (previous !== null) {
        this.earlyStopping.reset();
        this.best = null;
      }
    }
    network.refreshPaths();
    if (rebuildEntries) this.rebuildEntries(previous !== null && previous.optimizer === next.optimizer);
    network.reserve(next.batchSize);
    const es = next.earlyStopping;
    if (previous !== null) {
      const old = previous.earlyStopping;
      const switchedOn = es.enabled && !old.enabled;
      const redefined = es.monitor !== old.monitor || es.mode !== old.mode || es.baseline !== old.baseline;
      if (switchedOn || redefined) this.earlyStopping.reset();
    }
    this.earlyStopping.settings = { ...es };
  }

  /**
   * The list of parameters to update. Keeps the optimizer state of parameters that stay when
   * `keepState` (a batch-norm toggle); a new optimizer starts from fresh state, as a new Keras
   * or PyTorch optimizer would. Newly inserted BN parameters always start fresh.
   */
  private rebuildEntries(keepState: boolean): void {
    const previous = new Map(this.entries.map((entry) => [entry.param, entry]));
    const rule = optimizers[this.current.optimizer];
    this.entries = this.network.activeParams().map((param) => {
      const old = previous.get(param);
      if (keepState && old !== undefined && param.role !== 'gamma' && param.role !== 'beta') return old;
      const state: FloatArray[] = [];
      for (let i = 0; i < rule.stateBuffers; i++) state.push(allocate(this.dtype, param.value.length));
      const kernelOf = param.role === 'kernel' ? this.network.trainable.findIndex((layer) => layer.kernel === param) : -1;
      return { param, kernelOf, state, t: 0 };
    });
  }

  /**
   * Switches batch norm on without changing the function: running mean and variance from the
   * current pre-BN activations z of the whole training set (inference mode), gamma = sqrt(var + eps),
   * beta = mean(z); the dense bias b before BN goes to 0 and the running mean to mean(z) - b. Inference
   * outputs stay the same; training mode differs only by batch statistics, so the loss barely moves.
   * Switching off later resumes training those biases from 0 (with fresh optimizer state).
   */
  private insertBatchNormPreserving(): void {
    const network = this.network;
    const blocks = network.hidden;
    if (blocks.length === 0) {
      network.setBatchNorm(true);
      return;
    }
    const sums = blocks.map((block) => new Float64Array(block.dense.outputSize));
    const squares = blocks.map((block) => new Float64Array(block.dense.outputSize));
    const train = this.data.train;
    this.evaluator.forEachChunk(train.inputs, train.count, blocks[blocks.length - 1].dense, (_start, count) => {
      blocks.forEach((block, b) => {
        const units = block.dense.outputSize;
        const values = block.dense.output;
        const sum = sums[b];
        const square = squares[b];
        for (let r = 0, index = 0; r < count; r++) {
          for (let u = 0; u < units; u++, index++) {
            const v = values[index];
            sum[u] += v;
            square[u] += v * v;
          }
        }
      });
    });
    const count = Math.max(train.count, 1);
    blocks.forEach((block, b) => {
      const mean = sums[b].map((sum) => sum / count);
      const variance = squares[b].map((square, u) => Math.max(square / count - mean[u] * mean[u], 0));
      // The dense bias is held at 0 while BN is on: it goes into beta (the statistics above are of
      // the whole network as it was, so they needed every bias in place until now).
      block.batchNorm.initializeFunctionPreserving(mean, variance, block.dense.bias.value);
      block.dense.bias.value.fill(0);
      block.batchNorm.lastTrainingRows = 0;
    });
    network.setBatchNorm(true);
  }

  /** Inference-mode metrics of the current weights (at an epoch's end, on its subsamples where set). */
  private computeMetrics(trainingModeLoss: number, epochEnd = false): EpochMetrics {
    const s = this.current;
    const task = this.data.task;
    const trackers = this.deadTrackers.filter((tracker): tracker is DeadUnitTracker => tracker !== null);
    for (const tracker of trackers) tracker.alive.fill(0);
    // Early stopping decides on its monitor's figure: that one is always measured on its whole set.
    const monitor = s.earlyStopping.enabled ? s.earlyStopping.monitor : null;
    const trainSet = epochEnd && monitor !== 'trainLoss' ? this.epochTrainSet : this.data.train;
    const validationSet = epochEnd && monitor !== 'validationLoss' && monitor !== 'validationAccuracy' ? this.epochValidationSet : this.data.validation;
    const train = this.evaluator.score(trainSet, task, this.loss, trackers);
    const validation = this.evaluator.score(validationSet, task, this.loss);
    let penalty = 0;
    const layers: LayerMetrics[] = this.network.trainable.map((layer, index) => {
      const w = layer.kernel.value;
      let absSum = 0;
      let squareSum = 0;
      for (let i = 0; i < w.length; i++) {
        absSum += Math.abs(w[i]);
        squareSum += w[i] * w[i];
      }
      penalty += s.l1 * absSum + s.l2 * squareSum;
      const weightL2 = Math.sqrt(squareSum);
      const update = Math.sqrt(this.kernelUpdateSquared[index]);
      const tracker = this.deadTrackers[index];
      let deadFraction: number | null = null;
      if (tracker !== null) {
        let dead = 0;
        for (let c = 0; c < tracker.channels; c++) if (tracker.alive[c] === 0) dead++;
        deadFraction = dead / tracker.channels;
      }
      return {
        name: layer.name,
        weightL1: absSum,
        weightL2,
        sparsity: sparsity(w),
        gradientNorm: this.kernelGradientNorm[index],
        updateRatio: weightL2 > 0 ? update / weightL2 : update > 0 ? Infinity : 0,
        deadFraction,
      };
    });
    return {
      epoch: this.epochs,
      step: this.steps,
      trainLossTrainingMode: trainingModeLoss,
      trainLoss: train.loss,
      validationLoss: validation.loss,
      penalty,
      trainAccuracy: train.accuracy,
      validationAccuracy: validation.accuracy,
      trainRmse: train.rmse,
      validationRmse: validation.rmse,
      layers,
    };
  }

  private checkInputs(inputs: Float32Array, count: number): void {
    if (!Number.isInteger(count) || count < 0 || inputs.length < count * this.network.inputSize) {
      throw new RangeError(`Expected ${count} examples of ${this.network.inputSize} values, got ${inputs.length} values.`);
    }
  }
}

/** The monitored quantity of an epoch, or null when the task has none (accuracy in regression). */
function monitorValue(metrics: EpochMetrics, monitor: MonitorName): number | null {
  if (monitor === 'validationAccuracy') return metrics.validationAccuracy;
  return monitor === 'trainLoss' ? metrics.trainLoss : metrics.validationLoss;
}

/** The per-epoch stand-in of one split: the split itself, or its fixed subsample of `size` examples. */
function epochSubsample(data: TrainingData, split: 'train' | 'validation', size: number | undefined, seed: number): Samples {
  const samples = data[split];
  if (size === undefined || samples.count <= size) return samples;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`The evaluation subsample must be a whole number of examples, at least 1 (got ${size}).`);
  const targetSize = data.task === 'classification' ? 1 : data.outputSize;
  return gatherSamples(samples, subsampleIndices(samples.count, size, seed, `evaluation/${split}`), targetSize);
}

/** The activation layer right after a conv or hidden dense layer (null for the output layer). */
function activationAfter(network: Network, layer: unknown): ActivationLayer | null {
  for (const block of network.convBlocks) if (block.conv === layer) return block.activation;
  for (const block of network.hidden) if (block.dense === layer) return block.activation;
  return null;
}

/** Examples per inference pass, so that all layer buffers together stay near CHUNK_BUDGET values. */
function evaluationChunk(network: Network): number {
  let perExample = 0;
  for (const layer of network.layers) perExample += 2 * (layer.inputSize + layer.outputSize);
  for (const block of network.convBlocks) perExample += 2 * block.conv.height * block.conv.width * block.conv.fieldSize;
  return Math.max(16, Math.min(MAX_CHUNK, Math.floor(CHUNK_BUDGET / perExample)));
}

/** Throws a RangeError with a sentence when the model does not fit the data. */
function checkModelAndData(model: ModelSpec, data: TrainingData): void {
  if (shapeSize(model.inputShape) !== shapeSize(data.inputShape)) {
    throw new RangeError(`The model expects inputs of shape [${model.inputShape}] but the data has [${data.inputShape}].`);
  }
  if (model.outputSize !== data.outputSize) {
    throw new RangeError(`The model has ${model.outputSize} outputs but the data needs ${data.outputSize}.`);
  }
  const expectedLoss = data.task === 'classification' ? 'softmaxCrossEntropy' : 'mse';
  if (model.loss !== expectedLoss) throw new RangeError(`A ${data.task} task needs the ${expectedLoss} loss (got ${model.loss}).`);
  if (data.train.count < 1) throw new RangeError('The training set is empty.');
  if (model.hiddenUnits.some((units) => !Number.isInteger(units) || units < 1)) {
    throw new RangeError('Every hidden layer needs a whole number of units, at least 1.');
  }
}

/** Copies `source` into `target` after checking the length. */
function copyInto(target: FloatArray, source: ArrayLike<number>, what: string): void {
  if (source.length !== target.length) throw new RangeError(`The ${what} has ${source.length} values; expected ${target.length}.`);
  for (let i = 0; i < source.length; i++) target[i] = source[i];
}
