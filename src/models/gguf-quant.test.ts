import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GgmlType } from './gguf-format.js';
import { decodeTensorChunk, encodeTensorChunk, f16BitsToF32, f32ToF16Bits } from './gguf-quant.js';

/** Straightforward ggml reference quantisers (quantize_row_q8_0_ref / q4_0_ref), written independently of the fast ones. */
function refQ8_0(x: Float32Array): Uint8Array {
  const out = new Uint8Array((x.length / 32) * 34);
  const view = new DataView(out.buffer);
  for (let b = 0; b < x.length / 32; b++) {
    let amax = 0;
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b * 32 + j]!));
    const d = Math.fround(amax / 127);
    const id = d ? Math.fround(1 / d) : 0;
    view.setUint16(b * 34, f32ToF16Bits(d), true);
    for (let j = 0; j < 32; j++) {
      const v = Math.fround(x[b * 32 + j]! * id);
      const r = Math.sign(v) * Math.floor(Math.abs(v) + 0.5); // C roundf
      view.setInt8(b * 34 + 2 + j, r);
    }
  }
  return out;
}

function refQ4_0(x: Float32Array): Uint8Array {
  const out = new Uint8Array((x.length / 32) * 18);
  const view = new DataView(out.buffer);
  for (let b = 0; b < x.length / 32; b++) {
    let amax = 0;
    let max = 0;
    for (let j = 0; j < 32; j++) {
      const v = x[b * 32 + j]!;
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = Math.fround(max / -8);
    const id = d ? Math.fround(1 / d) : 0;
    view.setUint16(b * 18, f32ToF16Bits(d), true);
    for (let j = 0; j < 16; j++) {
      const x0 = Math.min(15, Math.trunc(Math.fround(Math.fround(x[b * 32 + j]! * id) + 8.5)));
      const x1 = Math.min(15, Math.trunc(Math.fround(Math.fround(x[b * 32 + 16 + j]! * id) + 8.5)));
      out[b * 18 + 2 + j] = x0 | (x1 << 4);
    }
  }
  return out;
}

const floats = (n: number) =>
  fc.array(fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }), {
    minLength: n,
    maxLength: n,
  });
const blocks = fc
  .integer({ min: 1, max: 4 })
  .chain((k) => floats(32 * k))
  .map((a) => Float32Array.from(a));

describe('f16 conversion', () => {
  it('converts edge values like IEEE round-to-nearest-even', () => {
    expect(f32ToF16Bits(0)).toBe(0);
    expect(f32ToF16Bits(-0)).toBe(0x8000);
    expect(f32ToF16Bits(1)).toBe(0x3c00);
    expect(f32ToF16Bits(-2)).toBe(0xc000);
    expect(f32ToF16Bits(65504)).toBe(0x7bff);
    expect(f32ToF16Bits(65520)).toBe(0x7c00); // rounds up to infinity
    expect(f32ToF16Bits(Number.POSITIVE_INFINITY)).toBe(0x7c00);
    expect(f32ToF16Bits(2 ** -24)).toBe(1); // smallest subnormal
    expect(f32ToF16Bits(2 ** -25)).toBe(0); // a tie rounds to even (0)
    expect(f32ToF16Bits(3 * 2 ** -25)).toBe(2);
    expect(f32ToF16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie to even
    expect(f32ToF16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(Number.isNaN(f16BitsToF32(f32ToF16Bits(Number.NaN)))).toBe(true);
  });

  it('round-trips every finite half exactly', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue;
      expect(f32ToF16Bits(f16BitsToF32(h))).toBe(h);
    }
  });

  it('encodes a chunk (fast path) exactly like the scalar conversion', () => {
    fc.assert(
      fc.property(fc.array(fc.float(), { minLength: 1, maxLength: 200 }), (values) => {
        const src = Float32Array.from(values);
        const bytes = encodeTensorChunk(GgmlType.F16, src);
        const view = new DataView(bytes.buffer);
        values.forEach((v, i) => {
          expect(view.getUint16(i * 2, true)).toBe(f32ToF16Bits(v));
        });
      }),
    );
  });
});

describe('block quantisation', () => {
  it('Q8_0 matches the ggml reference and stays within half a step', () => {
    fc.assert(
      fc.property(blocks, (x) => {
        const q = encodeTensorChunk(GgmlType.Q8_0, x);
        expect(Buffer.from(q).equals(Buffer.from(refQ8_0(x)))).toBe(true);
        const back = decodeTensorChunk(GgmlType.Q8_0, q, x.length);
        for (let b = 0; b < x.length / 32; b++) {
          const d = f16BitsToF32(q[b * 34]! | (q[b * 34 + 1]! << 8));
          for (let j = 0; j < 32; j++) {
            // Half a step, plus the scale's own rounding to f16 (relative 2^-11) times up to 127
            // steps, plus f16 underflow: a block whose scale is below the smallest half (2^-24)
            // stores 0, so values up to 127 × 2^-24 can come back as 0.
            expect(Math.abs(back[b * 32 + j]! - x[b * 32 + j]!)).toBeLessThanOrEqual(
              d * 0.5 + d * 127 * 2 ** -11 + 128 * 2 ** -24,
            );
          }
        }
      }),
    );
  });

  it('Q4_0 matches the ggml reference (low nibble = element j, high = j + 16)', () => {
    fc.assert(
      fc.property(blocks, (x) => {
        const q = encodeTensorChunk(GgmlType.Q4_0, x);
        expect(Buffer.from(q).equals(Buffer.from(refQ4_0(x)))).toBe(true);
        const back = decodeTensorChunk(GgmlType.Q4_0, q, x.length);
        for (let b = 0; b < x.length / 32; b++) {
          const d = Math.abs(f16BitsToF32(q[b * 18]! | (q[b * 18 + 1]! << 8)));
          for (let j = 0; j < 32; j++) {
            expect(Math.abs(back[b * 32 + j]! - x[b * 32 + j]!)).toBeLessThanOrEqual(d * 1.01 + 1e-7);
          }
        }
      }),
    );
  });

  it('encodes known blocks byte for byte', () => {
    const x = Float32Array.from({ length: 32 }, (_, i) => i - 16); // -16 … 15
    const q8 = encodeTensorChunk(GgmlType.Q8_0, x);
    expect(f16BitsToF32(q8[0]! | (q8[1]! << 8))).toBeCloseTo(16 / 127, 4);
    expect(new Int8Array(q8.buffer, 2, 32)[0]).toBe(-127);
    const q4 = encodeTensorChunk(GgmlType.Q4_0, x);
    expect(f16BitsToF32(q4[0]! | (q4[1]! << 8))).toBe(2); // d = max / -8 with max = -16
    expect(q4[2]).toBe(0 | (8 << 4)); // element 0 (-16) → 0, element 16 (0) → 8
    expect(encodeTensorChunk(GgmlType.Q8_0, new Float32Array(32)).every((b) => b === 0)).toBe(true);
  });

  it('rejects partial blocks', () => {
    expect(() => encodeTensorChunk(GgmlType.Q4_0, new Float32Array(31))).toThrow(/whole blocks/);
  });

  it('F32 is stored little-endian as is', () => {
    const x = Float32Array.from([1.5, -2, 3.25]);
    expect(Array.from(decodeTensorChunk(GgmlType.F32, encodeTensorChunk(GgmlType.F32, x), 3))).toEqual([
      1.5, -2, 3.25,
    ]);
  });
});
