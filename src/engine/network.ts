/**
 * The layer stack built from a ModelSpec, and its forward and backward passes.
 *   input -> dropout (inputs) -> [conv -> activation -> 2x2 max-pool]* -> flatten ->
 *   [dense -> batch norm -> activation -> dropout]* -> dense (output, logits or values).
 * Batch-norm and dropout layers always exist; a switched-off batch norm or a zero-rate dropout is
 * left out of the path, so toggling them never rebuilds or resets anything else.
 */
import { ActivationLayer } from './activationLayer.ts';
import { BatchNormLayer } from './batchNorm.ts';
import type { ModelSpec } from './contract.ts';
import { Conv2dLayer } from './conv2d.ts';
import { DenseLayer } from './dense.ts';
import { DropoutLayer } from './dropout.ts';
import { FlattenLayer } from './flatten.ts';
import type { Dtype, FloatArray } from './floatArray.ts';
import { initializers, resolveInitializer } from './initializers.ts';
import type { Layer, Param } from './layer.ts';
import { MaxPoolLayer } from './maxPool.ts';
import { createStream } from './rng.ts';

/** One hidden dense block: Dense -> BN -> activation -> dropout. */
export interface HiddenBlock {
  dense: DenseLayer;
  batchNorm: BatchNormLayer;
  activation: ActivationLayer;
  dropout: DropoutLayer;
}

/**
 * One convolution block: conv -> activation -> max-pool, computed as conv -> max-pool -> activation.
 * The two orders are the same function for every activation here (all are non-decreasing, so
 * max(f(v)) = f(max(v))) with the same gradients (the window's winner is the same), and the
 * activation then runs on a quarter of the values.
 */
export interface ConvBlock {
  conv: Conv2dLayer;
  activation: ActivationLayer;
  pool: MaxPoolLayer;
}

/** A layer with a kernel: what metrics and histograms are reported for. */
export type TrainableLayer = DenseLayer | Conv2dLayer;

/** Number of values per example of an input shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** The network of one run. */
export class Network {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly inputDropout: DropoutLayer;
  readonly convBlocks: ConvBlock[] = [];
  readonly hidden: HiddenBlock[] = [];
  readonly output: DenseLayer;
  /** Conv and dense layers in order, the output layer last. */
  readonly trainable: TrainableLayer[] = [];
  /** Every layer in order (including bypassed ones). */
  readonly layers: Layer[] = [];
  /** Examples the buffers currently hold. */
  capacity = 0;
  private batchNormOn = false;
  /** Layers a training-mode / inference-mode pass goes through. */
  private trainingPath: Layer[] = [];
  private inferencePath: Layer[] = [];
  /** Output of each layer of the last pass, aligned with the path it ran. */
  private readonly lastOutputs: FloatArray[] = [];
  private lastPath: Layer[] = [];

  /** Builds the layers and initializes the kernels from the streams "init/<layer>" of `seed`. */
  constructor(
    readonly spec: ModelSpec,
    readonly dtype: Dtype,
    seed: number,
  ) {
    this.inputSize = shapeSize(spec.inputShape);
    this.outputSize = spec.outputSize;
    this.inputDropout = new DropoutLayer('input dropout', this.inputSize, createStream(seed, 'dropout/input'), dtype);
    this.layers.push(this.inputDropout);
    let size = this.inputSize;
    if (spec.convBlocks.length > 0) {
      if (spec.inputShape.length !== 3) throw new RangeError('Convolution blocks need images: an input shape of [height, width, channels].');
      let [height, width, channels] = spec.inputShape;
      spec.convBlocks.forEach((block, index) => {
        const name = `conv ${index + 1}`;
        const conv = new Conv2dLayer(name, height, width, channels, block.filters, block.kernelSize, dtype);
        const pool = new MaxPoolLayer(`pool ${index + 1}`, height, width, block.filters, dtype);
        const activation = new ActivationLayer(`${name} ${spec.activation}`, spec.activation, pool.outputSize, dtype);
        this.convBlocks.push({ conv, activation, pool });
        this.trainable.push(conv);
        this.layers.push(conv, pool, activation);
        height = pool.outHeight;
        width = pool.outWidth;
        channels = block.filters;
        if (height < 1 || width < 1) throw new RangeError('Too many pooling steps for the image size.');
      });
      size = height * width * channels;
      this.layers.push(new FlattenLayer('flatten', size));
    }
    spec.hiddenUnits.forEach((units, index) => {
      const name = `dense ${index + 1}`;
      const dense = new DenseLayer(name, size, units, dtype);
      const batchNorm = new BatchNormLayer(`batch norm ${index + 1}`, units, units, dtype);
      const activation = new ActivationLayer(`${name} ${spec.activation}`, spec.activation, units, dtype);
      const dropout = new DropoutLayer(`${name} dropout`, units, createStream(seed, `dropout/${name}`), dtype);
      this.hidden.push({ dense, batchNorm, activation, dropout });
      this.trainable.push(dense);
      this.layers.push(dense, batchNorm, activation, dropout);
      size = units;
    });
    this.output = new DenseLayer('output', size, spec.outputSize, dtype);
    this.trainable.push(this.output);
    this.layers.push(this.output);
    this.initialize(seed);
    this.refreshPaths();
  }

  /** Kernels from the model's initializer (stream "init/<layer>"), biases zero. */
  initialize(seed: number): void {
    const scheme = initializers[resolveInitializer(this.spec.initializer, this.spec.activation)];
    for (const layer of this.trainable) {
      const [fanIn, fanOut] = fans(layer);
      scheme.fill(layer.kernel.value, fanIn, fanOut, createStream(seed, `init/${layer.name}`));
      layer.bias.value.fill(0);
    }
  }

  /** Standard deviation the initializer used for `layer`'s kernel. */
  initialStd(layer: TrainableLayer): number {
    const [fanIn, fanOut] = fans(layer);
    return initializers[resolveInitializer(this.spec.initializer, this.spec.activation)].std(fanIn, fanOut);
  }

  /** Whether the batch-norm layers are in the path. */
  get batchNormEnabled(): boolean {
    return this.batchNormOn;
  }

  /** Puts the batch-norm layers in or out of the path (their parameters are kept either way). */
  setBatchNorm(on: boolean): void {
    this.batchNormOn = on;
    this.refreshPaths();
  }

  /** Recomputes which layers run; call after a dropout rate changes. */
  refreshPaths(): void {
    const inPath = (layer: Layer, training: boolean): boolean => {
      if (layer instanceof BatchNormLayer) return this.batchNormOn;
      if (layer instanceof DropoutLayer) return training && layer.active;
      if (layer instanceof FlattenLayer) return false;
      return !(layer instanceof ActivationLayer && layer.rule.identity);
    };
    this.trainingPath = this.layers.filter((layer) => inPath(layer, true));
    this.inferencePath = this.layers.filter((layer) => inPath(layer, false));
  }

  /**
   * Parameters updated by training: every layer's, BN's only while it is on. While BN is on, the
   * bias of each dense layer before it is left out (held at 0): BN subtracts the batch mean, so
   * that bias's true gradient is 0, and Adam would scale the ~1e-9 of float noise both frameworks
   * compute for it into full-size steps. BN's beta takes its place (semantics.md section 3).
   */
  activeParams(): Param[] {
    const heldBiases = new Set<Param>(this.batchNormOn ? this.hidden.map((block) => block.dense.bias) : []);
    const params: Param[] = [];
    for (const layer of this.layers) {
      if (layer instanceof BatchNormLayer && !this.batchNormOn) continue;
      for (const param of layer.params) if (!heldBiases.has(param)) params.push(param);
    }
    return params;
  }

  /**
   * Makes the dense biases before batch norm 0 without changing the function: z + b - mu equals
   * z - (mu - b), so each bias moves into the running mean (training mode subtracts the batch mean,
   * which no constant changes). Call while BN is on, after parameters were set from outside.
   */
  foldBiasesIntoRunningMeans(): void {
    if (!this.batchNormOn) return;
    for (const { dense, batchNorm } of this.hidden) {
      const bias = dense.bias.value;
      for (let u = 0; u < bias.length; u++) {
        batchNorm.runningMean[u] -= bias[u];
        bias[u] = 0;
      }
    }
  }

  /** Makes every buffer hold `batch` examples (allocates only when growing). */
  reserve(batch: number): void {
    if (batch <= this.capacity) return;
    for (const layer of this.layers) layer.reserve(batch);
    this.capacity = batch;
  }

  /**
   * Runs `batch` examples through the network; returns the output layer's buffer. With `stopAfter`,
   * stops after that layer (or where it would be, if it is out of the path) and returns its output.
   */
  forward(input: FloatArray, batch: number, training: boolean, stopAfter: Layer | null = null): FloatArray {
    const path = training ? this.trainingPath : this.inferencePath;
    this.lastPath = path;
    let x = input;
    const stopIndex = stopAfter === null ? -1 : this.layers.indexOf(stopAfter);
    for (let i = 0; i < path.length; i++) {
      const layer = path[i];
      if (stopIndex >= 0 && this.layers.indexOf(layer) > stopIndex) break;
      x = layer.forward(x, batch, training);
      this.lastOutputs[i] = x;
    }
    return x;
  }

  /** Backpropagates d(loss)/d(outputs) through the last training-mode pass, filling every active gradient. */
  backward(outputGradient: FloatArray, batch: number): void {
    const path = this.trainingPath;
    // Layers before the first one with parameters need no input gradient (saves dX of the first dense/conv).
    let first = 0;
    while (first < path.length && path[first].params.length === 0) first++;
    let g: FloatArray | null = outputGradient;
    for (let i = path.length - 1; i >= first && g !== null; i--) {
      g = path[i].backward(g, batch, i > first);
    }
  }

  /** Name of the first layer whose output in the last pass holds NaN or Infinity, or null. */
  firstNonFiniteOutput(batch: number): string | null {
    for (let i = 0; i < this.lastPath.length; i++) {
      const layer = this.lastPath[i];
      const values = this.lastOutputs[i];
      const n = batch * layer.outputSize;
      for (let j = 0; j < n; j++) if (!Number.isFinite(values[j])) return layer.name;
    }
    return null;
  }
}

/** (fanIn, fanOut) in Keras's convention. */
function fans(layer: TrainableLayer): [number, number] {
  if (layer instanceof Conv2dLayer) {
    const area = layer.kernelSize * layer.kernelSize;
    return [area * layer.inChannels, area * layer.filters];
  }
  return [layer.inputSize, layer.outputSize];
}
