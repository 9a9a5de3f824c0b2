/**
 * Storage type of every engine buffer. The engine is written once against `FloatArray`; the caller
 * picks Float64Array for finite-difference gradient checks and whichever measures faster for the app.
 */

/** A buffer of parameters, activations or gradients. */
export type FloatArray = Float32Array | Float64Array;

/** Storage precision of a network's buffers. */
export type Dtype = 'float32' | 'float64';

/** A zero-filled buffer of `length` values in the given precision. */
export function allocate(dtype: Dtype, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/** A Float32Array copy of the first `length` values of `source` (probes and exports are float32). */
export function toFloat32(source: ArrayLike<number>, length = source.length): Float32Array {
  const copy = new Float32Array(length);
  for (let i = 0; i < length; i++) copy[i] = source[i];
  return copy;
}
