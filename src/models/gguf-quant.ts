/**
 * Encoding f32 values into the tensor types the writer produces: F32, F16, Q8_0 and Q4_0.
 * The quantisers follow ggml's reference implementations (`quantize_row_q8_0_ref`,
 * `quantize_row_q4_0_ref`), with `Math.fround` where C computes in single precision, so a block
 * is what llama-quantize would have written. Output is little-endian, as GGUF requires.
 */
import { GgmlType } from './gguf-format.js';

/** Tensor types the writer can encode from f32 values. */
export type WritableTensorType =
  | typeof GgmlType.F32
  | typeof GgmlType.F16
  | typeof GgmlType.Q4_0
  | typeof GgmlType.Q8_0;

/** Elements per quantisation block for Q8_0 and Q4_0. */
export const QK = 32;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Converts a number to IEEE half-precision bits, rounding to nearest even (as F16C does). */
export function f32ToF16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7f_ffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant === 0 ? 0 : 0x200 | (mant >>> 13));
  const e = exp - 112; // rebias 127 → 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x80_0000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

/** Converts IEEE half-precision bits to a number. */
export function f16BitsToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Bytes needed to encode `count` elements as `type` (`count` must be whole blocks for Q types). */
export function encodedBytes(type: WritableTensorType, count: number): number {
  switch (type) {
    case GgmlType.F32:
      return count * 4;
    case GgmlType.F16:
      return count * 2;
    case GgmlType.Q8_0:
      return (count / QK) * 34;
    case GgmlType.Q4_0:
      return (count / QK) * 18;
  }
}

function putF16(dst: Uint8Array, at: number, value: number): void {
  const h = f32ToF16Bits(value);
  dst[at] = h & 0xff;
  dst[at + 1] = h >>> 8;
}

function encodeF16(src: Float32Array, dst: Uint16Array): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0; i < bits.length; i++) {
    const x = bits[i]!;
    const e = ((x >>> 23) & 0xff) - 112;
    if (e > 0 && e < 0x1f) {
      // Normal range, branch-free round-to-nearest-even on the bits; a carry bumps the exponent
      // (to infinity at the top), which is the right answer. 4× faster than f32ToF16Bits.
      const v = x & 0x7fff_ffff;
      dst[i] = ((x >>> 16) & 0x8000) | (((v + 0xfff + ((v >>> 13) & 1)) >>> 13) - (112 << 10));
    } else dst[i] = f32ToF16Bits(src[i]!);
  }
}

function encodeQ8_0(src: Float32Array, dst: Uint8Array): void {
  for (let b = 0, o = 0; b < src.length; b += QK, o += 34) {
    let amax = 0;
    for (let j = b; j < b + QK; j++) {
      const a = Math.abs(src[j]!);
      amax = Math.max(amax, a);
    }
    const d = Math.fround(amax / 127);
    const id = d === 0 ? 0 : Math.fround(1 / d);
    putF16(dst, o, d);
    for (let j = 0; j < QK; j++) {
      const v = Math.fround(src[b + j]! * id);
      // roundf(v) for |v| <= 127 without a sign branch (2× faster on random data): round half
      // up with a positive offset, then move negative exact halves away from zero.
      let r = Math.floor(v + 128.5);
      if (r - v === 128.5 && v < 0) r -= 1;
      dst[o + 2 + j] = (r - 128) & 0xff;
    }
  }
}

function encodeQ4_0(src: Float32Array, dst: Uint8Array): void {
  for (let b = 0, o = 0; b < src.length; b += QK, o += 18) {
    let amax = 0;
    let max = 0;
    for (let j = 0; j < QK; j++) {
      const v = src[b + j]!;
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = Math.fround(max / -8);
    const id = d === 0 ? 0 : Math.fround(1 / d);
    putF16(dst, o, d);
    // Element j goes in the low nibble of byte j, element j + 16 in its high nibble.
    for (let j = 0; j < QK / 2; j++) {
      // (int8_t) truncation; the operand is >= 0.5, so `| 0` truncates the same way.
      const x0 = Math.fround(Math.fround(src[b + j]! * id) + 8.5) | 0;
      const x1 = Math.fround(Math.fround(src[b + QK / 2 + j]! * id) + 8.5) | 0;
      dst[o + 2 + j] = Math.min(15, x0) | (Math.min(15, x1) << 4);
    }
  }
}

/** Encodes `src` as `type` into a new buffer (Q types: `src.length` must be a multiple of 32). */
export function encodeTensorChunk(type: WritableTensorType, src: Float32Array): Uint8Array {
  if ((type === GgmlType.Q8_0 || type === GgmlType.Q4_0) && src.length % QK !== 0) {
    throw new RangeError(`a Q8_0/Q4_0 chunk must hold whole blocks of ${QK} values, got ${src.length}`);
  }
  const dst = new Uint8Array(encodedBytes(type, src.length));
  switch (type) {
    case GgmlType.F32:
      if (LITTLE_ENDIAN) dst.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
      else {
        const view = new DataView(dst.buffer);
        for (let i = 0; i < src.length; i++) view.setFloat32(i * 4, src[i]!, true);
      }
      break;
    case GgmlType.F16:
      if (LITTLE_ENDIAN) encodeF16(src, new Uint16Array(dst.buffer, dst.byteOffset, src.length));
      else for (let i = 0; i < src.length; i++) putF16(dst, i * 2, src[i]!);
      break;
    case GgmlType.Q8_0:
      encodeQ8_0(src, dst);
      break;
    case GgmlType.Q4_0:
      encodeQ4_0(src, dst);
      break;
  }
  return dst;
}

/** Decodes `count` values of `type` from `bytes` (the inverse of `encodeTensorChunk`, up to rounding). */
export function decodeTensorChunk(type: WritableTensorType, bytes: Uint8Array, count: number): Float32Array {
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === GgmlType.F32) for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  else if (type === GgmlType.F16)
    for (let i = 0; i < count; i++) out[i] = f16BitsToF32(view.getUint16(i * 2, true));
  else if (type === GgmlType.Q8_0) {
    for (let b = 0; b < count / QK; b++) {
      const d = f16BitsToF32(view.getUint16(b * 34, true));
      for (let j = 0; j < QK; j++) out[b * QK + j] = d * view.getInt8(b * 34 + 2 + j);
    }
  } else {
    for (let b = 0; b < count / QK; b++) {
      const d = f16BitsToF32(view.getUint16(b * 18, true));
      for (let j = 0; j < QK / 2; j++) {
        const q = bytes[b * 18 + 2 + j]!;
        out[b * QK + j] = ((q & 0x0f) - 8) * d;
        out[b * QK + j + QK / 2] = ((q >>> 4) - 8) * d;
      }
    }
  }
  return out;
}
