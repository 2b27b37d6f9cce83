/**
 * A small seeded pseudo-random generator (sfc32, seeded through a string hash) and the draws llem
 * needs: uniform, integers, normal, exponential and gamma variates, and shuffles.
 * Pure and deterministic: the same seed gives the same sequence on every platform, so prompt
 * orders and arrival schedules are reproducible from `random_seed` alone.
 */

/** A seeded random stream; every draw advances it. */
export interface Rng {
  /** A uniform float in [0, 1) with 53 random bits. */
  next(): number;
  /** A uniform integer in [0, n); `n` must be a positive safe integer. */
  int(n: number): number;
  /** A standard normal variate (mean 0, variance 1). */
  normal(): number;
  /** An exponential variate with the given `rate` (> 0); its mean is `1 / rate`. */
  exponential(rate: number): number;
  /** A gamma variate with `shape` (> 0) and `scale` (> 0, default 1); its mean is `shape × scale`. */
  gamma(shape: number, scale?: number): number;
}

const TWO_POW_26 = 67_108_864;
const TWO_POW_53 = 9_007_199_254_740_992;

/** The cyrb128 string-hash rounds, before finalisation: four 32-bit words (signed) for any text. */
export function cyrb128Rounds(text: string): [number, number, number, number] {
  let h1 = 1_779_033_703;
  let h2 = 3_144_134_277;
  let h3 = 1_013_904_242;
  let h4 = 2_773_480_762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597_399_067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2_869_860_233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951_274_213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2_716_044_179);
  }
  return [h1, h2, h3, h4];
}

/** Hashes a string into four 32-bit words (cyrb128): a well-mixed sfc32 state for any seed. */
function hashSeed(text: string): [number, number, number, number] {
  let [h1, h2, h3, h4] = cyrb128Rounds(text);
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597_399_067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2_869_860_233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951_274_213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2_716_044_179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** The sfc32 generator: 128 bits of state, one 32-bit unsigned output per call. */
function sfc32(state: [number, number, number, number]): () => number {
  let [a, b, c, d] = state;
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

function assertPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value))
    throw new RangeError(`${name} must be a positive finite number, got ${value}`);
}

/**
 * Creates a seeded generator; numbers and strings are both accepted (`42` and `'42'` give the
 * same stream), and a string seed such as `'42:order'` derives an independent stream per purpose.
 */
export function createRng(seed: number | string): Rng {
  const u32 = sfc32(hashSeed(String(seed)));
  // Discard the first outputs: sfc32 mixes its state over its first dozen steps.
  for (let i = 0; i < 12; i++) u32();

  const next = (): number => ((u32() >>> 5) * TWO_POW_26 + (u32() >>> 6)) / TWO_POW_53;

  const normal = (): number => {
    // Box–Muller; 1 - next() is in (0, 1], so the logarithm is finite.
    const u1 = 1 - next();
    const u2 = next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };

  const gamma = (shape: number, scale = 1): number => {
    assertPositive('gamma shape', shape);
    assertPositive('gamma scale', scale);
    if (shape < 1) {
      // Boost: Gamma(k) = Gamma(k + 1) · U^(1/k) (Marsaglia & Tsang, 2000, §4).
      const u = 1 - next();
      return gamma(shape + 1, scale) * u ** (1 / shape);
    }
    // Marsaglia–Tsang squeeze method for shape >= 1.
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - next();
      if (u < 1 - 0.0331 * x ** 4) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  };

  return {
    next,
    int(n) {
      if (!Number.isSafeInteger(n) || n <= 0)
        throw new RangeError(`int(n) needs a positive safe integer, got ${n}`);
      // Bias is at most n / 2^53: negligible for any n llem uses.
      return Math.floor(next() * n);
    },
    normal,
    exponential(rate) {
      assertPositive('exponential rate', rate);
      return -Math.log(1 - next()) / rate;
    },
    gamma,
  };
}

/** Returns a uniformly shuffled copy of `items` (Fisher–Yates); the input is left unchanged. */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}
