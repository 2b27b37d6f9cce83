/**
 * The tiny model's weight generator: xoshiro128** in 32-bit integer maths (identical on every
 * platform and Node version), seeded per tensor from the model seed and the tensor name, so each
 * tensor's values do not depend on the order or the type the tensors are written in.
 */

import { cyrb128Rounds } from '../core/random.js';

/** xoshiro128** state: four 32-bit words, never all zero. */
export type PrngState = Uint32Array;

/** Derives a generator state from a seed and a label (cyrb128 string hash, then one splitmix32 step per word). */
export function seedState(seed: number, label: string): PrngState {
  const text = `${seed >>> 0}:${label}`;
  const [h1, h2, h3, h4] = cyrb128Rounds(text);
  const state = new Uint32Array([h1, h2, h3, h4].map(splitmix32));
  if (state.every((w) => w === 0)) state[0] = 1;
  return state;
}

function splitmix32(x: number): number {
  let z = (x + 0x9e37_79b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85eb_ca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2_ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Standard deviation of a sum of four uniform 16-bit integers: 65536 / √3 (Irwin–Hall, n = 4). */
const IRWIN_HALL_4_STD = 37_837.22;
const IRWIN_HALL_4_MEAN = 131_070;

/**
 * Fills `out` with values of mean 0 and standard deviation `std`, approximately normal: each is a
 * sum of four 16-bit uniforms (two xoshiro128** draws), bounded at ±3.46 σ, so no outlier can
 * blow up the random model's activations. Advances `state`.
 */
export function fillNormalish(state: PrngState, out: Float32Array, std: number): void {
  let s0 = state[0]! | 0;
  let s1 = state[1]! | 0;
  let s2 = state[2]! | 0;
  let s3 = state[3]! | 0;
  const scale = std / IRWIN_HALL_4_STD;
  // Two unrolled xoshiro128** steps per value (3 ns/value here; the rolled loop is 3× slower).
  for (let i = 0; i < out.length; i++) {
    let x = Math.imul(s1, 5);
    let r = Math.imul((x << 7) | (x >>> 25), 9);
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    let sum = (r & 0xffff) + (r >>> 16);
    x = Math.imul(s1, 5);
    r = Math.imul((x << 7) | (x >>> 25), 9);
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    sum += (r & 0xffff) + (r >>> 16);
    out[i] = (sum - IRWIN_HALL_4_MEAN) * scale;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}
