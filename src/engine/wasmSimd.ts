/**
 * A WebAssembly SIMD (f32x4) matrix-product kernel for float32 storage, assembled at load time
 * from the bytes below (no toolchain, no fetch: a few hundred bytes compiled synchronously).
 * JavaScript tops out near 3-4 GFLOP/s in V8; this kernel does several times that on the digits
 * workloads (see docs/toolchain.md and the README benchmark).
 *
 * The kernel computes C = A B (+ bias) for tiles of 4 rows x 8 columns held in eight f32x4
 * accumulators. A is read through two strides, so the same code serves A (row-major, NN) and
 * A^T (TN). Operands are copied into the module's own memory, padded so that m is a multiple of
 * 4 and n of 8: the kernel has no edge cases, and padded rows and columns are simply not copied
 * back. B^T for the NT product is built while copying. Copies cost O(mk + kn + mn) against the
 * O(mnk) product, so small products stay in JavaScript (see SIMD_MIN_WORK).
 */
import type { FloatArray } from './floatArray.ts';

/** Products with fewer multiply-adds than this stay in JavaScript (copy and call overhead). */
export const SIMD_MIN_WORK = 16384;

// ---- a minimal WebAssembly encoder ------------------------------------------------------------

function uleb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function sleb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(text: string): number[] {
  return [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
}

const I32 = 0x7f;
const V128 = 0x7b;
const SIMD = 0xfd;

/** Instruction helpers (each returns its bytes). */
const get = (index: number) => [0x20, ...uleb(index)];
const set = (index: number) => [0x21, ...uleb(index)];
const i32 = (value: number) => [0x41, ...sleb(value)];
const add = [0x6a];
const sub = [0x6b];
const mul = [0x6c];
const shl = [0x74];
const ltU = [0x49];
const loop = [0x03, 0x40];
const ifVoid = [0x04, 0x40];
const elseOp = [0x05];
const end = [0x0b];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
/** memarg: alignment hint 4 bytes (log2 = 2), byte offset. */
const memarg = (offset: number) => [0x02, ...uleb(offset)];
const v128Load = (offset: number) => [SIMD, ...uleb(0x00), ...memarg(offset)];
const v128Store = (offset: number) => [SIMD, ...uleb(0x0b), ...memarg(offset)];
const load32Splat = [SIMD, ...uleb(0x09), ...memarg(0)];
const v128Zero = [SIMD, ...uleb(0x0c), ...new Array<number>(16).fill(0)];
const f32x4Add = [SIMD, ...uleb(0xe4)];
const f32x4Mul = [SIMD, ...uleb(0xe6)];

// Parameters of gemm (all i32 byte addresses or byte strides, counts in elements).
const A = 0, A_ROW = 1, A_COL = 2, B = 3, C = 4, M = 5, N = 6, K = 7, BIAS = 8, ACCUMULATE = 9;
// i32 locals
const I = 10, J = 11, P = 12, A_PTR = 13, B_PTR = 14, C_PTR = 15, N_BYTES = 16, A_ROW2 = 17, A_ROW3 = 18;
// v128 locals: accumulators acc[row][half], then the two B vectors and the splatted A value.
const ACC = 19;
const B0 = 27, B1 = 28, X = 29;

/** acc[row][half] += x * b[half], for both halves. */
function accumulateRow(row: number): number[] {
  return [
    ...get(ACC + 2 * row), ...get(X), ...get(B0), ...f32x4Mul, ...f32x4Add, ...set(ACC + 2 * row),
    ...get(ACC + 2 * row + 1), ...get(X), ...get(B1), ...f32x4Mul, ...f32x4Add, ...set(ACC + 2 * row + 1),
  ];
}

/**
 * gemm(a, aRow, aCol, b, c, m, n, k, bias, accumulate): C[m x n] = A B (+ bias), or C += A B when
 * accumulate != 0, where A[i][p] is at a + i*aRow + p*aCol, B is [k x n] row-major, C is [m x n]
 * row-major, m % 4 == 0, n % 8 == 0, k >= 1, and bias (0 = none) holds n values. Loop order: column tiles outer, so the 8 columns
 * of B being used stay in L1 while every row tile of A streams past.
 */
function gemmBody(): number[] {
  const code: number[] = [
    ...get(N), ...i32(2), ...shl, ...set(N_BYTES),
    ...get(A_ROW), ...i32(1), ...shl, ...set(A_ROW2),
    ...get(A_ROW2), ...get(A_ROW), ...add, ...set(A_ROW3),
    ...i32(0), ...set(J),
    ...loop, // J
    ...i32(0), ...set(I),
    ...loop, // I
    // Accumulators start from C itself (accumulate), else from the bias, else from zero.
    ...get(ACCUMULATE), ...ifVoid,
    ...get(C), ...get(I), ...get(N_BYTES), ...mul, ...add, ...get(J), ...i32(2), ...shl, ...add, ...set(B_PTR),
  ];
  for (let row = 0; row < 4; row++) {
    if (row > 0) code.push(...get(B_PTR), ...get(N_BYTES), ...add, ...set(B_PTR));
    code.push(...get(B_PTR), ...v128Load(0), ...set(ACC + 2 * row), ...get(B_PTR), ...v128Load(16), ...set(ACC + 2 * row + 1));
  }
  code.push(
    ...elseOp,
    ...get(BIAS), ...ifVoid,
    ...get(BIAS), ...get(J), ...i32(2), ...shl, ...add, ...set(B_PTR),
    ...get(B_PTR), ...v128Load(0), ...set(ACC),
    ...get(B_PTR), ...v128Load(16), ...set(ACC + 1),
    ...elseOp,
    ...v128Zero, ...set(ACC),
    ...v128Zero, ...set(ACC + 1),
    ...end,
  );
  for (let row = 1; row < 4; row++) code.push(...get(ACC), ...set(ACC + 2 * row), ...get(ACC + 1), ...set(ACC + 2 * row + 1));
  code.push(...end);
  code.push(
    ...get(A), ...get(I), ...get(A_ROW), ...mul, ...add, ...set(A_PTR),
    ...get(B), ...get(J), ...i32(2), ...shl, ...add, ...set(B_PTR),
    ...get(K), ...set(P),
    ...loop, // P
    ...get(B_PTR), ...v128Load(0), ...set(B0),
    ...get(B_PTR), ...v128Load(16), ...set(B1),
    ...get(A_PTR), ...load32Splat, ...set(X), ...accumulateRow(0),
    ...get(A_PTR), ...get(A_ROW), ...add, ...load32Splat, ...set(X), ...accumulateRow(1),
    ...get(A_PTR), ...get(A_ROW2), ...add, ...load32Splat, ...set(X), ...accumulateRow(2),
    ...get(A_PTR), ...get(A_ROW3), ...add, ...load32Splat, ...set(X), ...accumulateRow(3),
    ...get(A_PTR), ...get(A_COL), ...add, ...set(A_PTR),
    ...get(B_PTR), ...get(N_BYTES), ...add, ...set(B_PTR),
    ...get(P), ...i32(1), ...sub, ...set(P),
    ...get(P), ...brIf(0),
    ...end, // P
    ...get(C), ...get(I), ...get(N_BYTES), ...mul, ...add, ...get(J), ...i32(2), ...shl, ...add, ...set(C_PTR),
  );
  for (let row = 0; row < 4; row++) {
    if (row > 0) code.push(...get(C_PTR), ...get(N_BYTES), ...add, ...set(C_PTR));
    code.push(...get(C_PTR), ...get(ACC + 2 * row), ...v128Store(0), ...get(C_PTR), ...get(ACC + 2 * row + 1), ...v128Store(16));
  }
  code.push(
    ...get(I), ...i32(4), ...add, ...set(I),
    ...get(I), ...get(M), ...ltU, ...brIf(0),
    ...end, // I
    ...get(J), ...i32(8), ...add, ...set(J),
    ...get(J), ...get(N), ...ltU, ...brIf(0),
    ...end, // J
    ...end, // function
  );
  return code;
}

/** The module: one exported memory and the exported gemm function. */
export function buildSimdModuleBytes(): Uint8Array<ArrayBuffer> {
  const locals = [...uleb(2), ...uleb(9), I32, ...uleb(11), V128];
  // Parameters: 10 i32 (a, aRow, aCol, b, c, m, n, k, bias, accumulate).
  const body = [...locals, ...gemmBody()];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [...uleb(1), 0x60, ...uleb(10), ...new Array<number>(10).fill(I32), ...uleb(0)]),
    ...section(3, [...uleb(1), ...uleb(0)]),
    ...section(5, [...uleb(1), 0x00, ...uleb(1)]),
    ...section(7, [...uleb(2), ...name('memory'), 0x02, ...uleb(0), ...name('gemm'), 0x00, ...uleb(0)]),
    ...section(10, [...uleb(1), ...uleb(body.length), ...body]),
  ];
  return new Uint8Array(bytes);
}

// ---- the runtime ------------------------------------------------------------------------------

type Gemm = (a: number, aRow: number, aCol: number, b: number, c: number, m: number, n: number, k: number, bias: number, accumulate: number) => void;

/** The parts of the WebAssembly API used here (the engine compiles against ES2022 only, no DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

interface SimdRuntime {
  memory: WasmMemory;
  gemm: Gemm;
  heap: Float32Array;
}

let runtime: SimdRuntime | null | undefined;
let disabled = false;
let forced = false;

/** Instantiates the kernel once; null where WebAssembly SIMD is unavailable. */
function getRuntime(): SimdRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    const bytes = buildSimdModuleBytes();
    if (wasm !== undefined && wasm.validate(bytes)) {
      const instance = new wasm.Instance(new wasm.Module(bytes), {});
      const memory = instance.exports.memory as WasmMemory;
      runtime = { memory, gemm: instance.exports.gemm as Gemm, heap: new Float32Array(memory.buffer) };
    }
  } catch {
    runtime = null;
  }
  return runtime;
}

/** True when products of float32 buffers run in WebAssembly SIMD. */
export function simdEnabled(): boolean {
  return !disabled && getRuntime() !== null;
}

/**
 * Test hook: false turns the SIMD path off; true turns it on for float32 products of every size
 * (so small test matrices exercise it); null restores the default (on above SIMD_MIN_WORK).
 */
export function setSimdEnabled(enabled: boolean | null): void {
  disabled = enabled === false;
  forced = enabled === true;
}

/** Should this product run in SIMD? Float32 storage, enough work (or any size when forced), and a working runtime. */
export function simdSuits(a: FloatArray, m: number, n: number, k: number): boolean {
  return !disabled && a instanceof Float32Array && (forced || m * n * k >= SIMD_MIN_WORK) && getRuntime() !== null;
}

/**
 * The SIMD heap holding at least `floats` values, growing the memory (and refreshing the view)
 * if needed. Only valid until the next call that may grow it; the runtime must exist.
 */
export function heapFor(floats: number): Float32Array {
  const rt = runtime!;
  const bytes = floats * 4;
  if (rt.memory.buffer.byteLength < bytes) {
    rt.memory.grow(Math.ceil((bytes - rt.memory.buffer.byteLength) / 65536));
  }
  if (rt.heap.buffer !== rt.memory.buffer) rt.heap = new Float32Array(rt.memory.buffer);
  return rt.heap;
}

/** The smallest multiple of `multiple` that is >= value. */
export const roundUp = (value: number, multiple: number) => Math.ceil(value / multiple) * multiple;

/** Runs the kernel (byte addresses and strides, see gemmBody); the runtime must exist. */
export function gemm(a: number, aRow: number, aCol: number, b: number, c: number, m: number, n: number, k: number, bias: number, accumulate: boolean): void {
  runtime!.gemm(a, aRow, aCol, b, c, m, n, k, bias, accumulate ? 1 : 0);
}

/** Copies rows x cols of `source` (row stride sourceStride) into heap at `offset` with row stride `stride`. */
export function copyRows(heap: Float32Array, offset: number, stride: number, source: FloatArray, rows: number, cols: number, sourceStride: number): void {
  if (stride === cols && sourceStride === cols) {
    heap.set(rows * cols === source.length ? source : source.subarray(0, rows * cols), offset);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const from = r * sourceStride;
    const to = offset + r * stride;
    for (let c = 0; c < cols; c++) heap[to + c] = source[from + c];
  }
}

/** Copies the m x n result (row stride n8 in the heap) into c. */
function copyOut(heap: Float32Array, offset: number, n8: number, c: FloatArray, m: number, n: number): void {
  if (n8 === n) {
    c.set(heap.subarray(offset, offset + m * n));
    return;
  }
  for (let i = 0; i < m; i++) {
    const from = offset + i * n8;
    const to = i * n;
    for (let j = 0; j < n; j++) c[to + j] = heap[from + j];
  }
}

/** Heap layout of one product: A, B, C and bias regions (float offsets, 16-byte aligned). */
function layout(aFloats: number, bFloats: number, cFloats: number, biasFloats: number): [number, number, number, number] {
  const aOffset = 0;
  const bOffset = roundUp(aOffset + aFloats, 4);
  const cOffset = roundUp(bOffset + bFloats, 4);
  const biasOffset = roundUp(cOffset + cFloats, 4);
  heapFor(biasOffset + biasFloats);
  return [aOffset, bOffset, cOffset, biasOffset];
}

/** C[m x n] = A[m x k] B[k x n] (+ bias) in SIMD. */
export function simdMatmulNN(a: FloatArray, b: FloatArray, c: FloatArray, m: number, n: number, k: number, bias: FloatArray | null): void {
  const rt = runtime!;
  const m4 = roundUp(m, 4);
  const n8 = roundUp(n, 8);
  const [aOffset, bOffset, cOffset, biasOffset] = layout(m4 * k, k * n8, m4 * n8, bias === null ? 0 : n8);
  const heap = rt.heap;
  copyRows(heap, aOffset, k, a, m, k, k);
  copyRows(heap, bOffset, n8, b, k, n, n);
  if (bias !== null) copyRows(heap, biasOffset, n8, bias, 1, n, n);
  rt.gemm(aOffset * 4, k * 4, 4, bOffset * 4, cOffset * 4, m4, n8, k, bias === null ? 0 : biasOffset * 4, 0);
  copyOut(heap, cOffset, n8, c, m, n);
}

/**
 * C[m x n] = A[k x m]^T B[k x n] in SIMD (A read with transposed strides). With `columnSums`,
 * A^T gets an extra row of ones, so the product's row m is sum over p of B[p, :] for free.
 */
export function simdMatmulTN(a: FloatArray, b: FloatArray, c: FloatArray, m: number, n: number, k: number, columnSums: FloatArray | null = null): void {
  const rt = runtime!;
  const rows = columnSums === null ? m : m + 1;
  const m4 = roundUp(rows, 4);
  const n8 = roundUp(n, 8);
  const [aOffset, bOffset, cOffset] = layout(k * m4, k * n8, m4 * n8, 0);
  const heap = rt.heap;
  copyRows(heap, aOffset, m4, a, k, m, m);
  if (columnSums !== null) for (let p = 0, at = aOffset + m; p < k; p++, at += m4) heap[at] = 1;
  copyRows(heap, bOffset, n8, b, k, n, n);
  // A^T[i][p] = A[p][i] is at a + p*m4 + i: row stride 1 float, column stride m4 floats.
  rt.gemm(aOffset * 4, 4, m4 * 4, bOffset * 4, cOffset * 4, m4, n8, k, 0, 0);
  copyOut(heap, cOffset, n8, c, m, n);
  if (columnSums !== null) for (let j = 0, at = cOffset + m * n8; j < n; j++) columnSums[j] = heap[at + j];
}

/** C[m x n] = A[m x k] B[n x k]^T in SIMD (B^T built while copying). */
export function simdMatmulNT(a: FloatArray, b: FloatArray, c: FloatArray, m: number, n: number, k: number): void {
  const rt = runtime!;
  const m4 = roundUp(m, 4);
  const n8 = roundUp(n, 8);
  const [aOffset, bOffset, cOffset] = layout(m4 * k, k * n8, m4 * n8, 0);
  const heap = rt.heap;
  copyRows(heap, aOffset, k, a, m, k, k);
  // B^T[p][j] = B[j][p]
  for (let j = 0; j < n; j++) {
    const from = j * k;
    for (let p = 0, to = bOffset + j; p < k; p++, to += n8) heap[to] = b[from + p];
  }
  rt.gemm(aOffset * 4, k * 4, 4, bOffset * 4, cOffset * 4, m4, n8, k, 0, 0);
  copyOut(heap, cOffset, n8, c, m, n);
}
