import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, shuffle } from './random.js';

const seedArb = fc.oneof(fc.integer(), fc.string());

function draws(seed: number | string, n: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('createRng', () => {
  it('gives the same sequence for the same seed', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        expect(draws(seed, 20)).toEqual(draws(seed, 20));
      }),
    );
  });

  it('treats a number and its string form as the same seed', () => {
    expect(draws(42, 5)).toEqual(draws('42', 5));
  });

  it('gives different sequences for different seeds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        fc.pre(a !== b);
        expect(draws(a, 4)).not.toEqual(draws(b, 4));
      }),
    );
  });

  it('keeps next() in [0, 1) and int(n) in [0, n)', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 1_000_000 }), (seed, n) => {
        const rng = createRng(seed);
        for (let i = 0; i < 50; i++) {
          const u = rng.next();
          expect(u).toBeGreaterThanOrEqual(0);
          expect(u).toBeLessThan(1);
          const k = rng.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
    );
  });

  it('is roughly uniform (each decile within 10% of its share)', () => {
    const rng = createRng('uniformity');
    const bins = new Array<number>(10).fill(0);
    const n = 50_000;
    for (let i = 0; i < n; i++) bins[Math.floor(rng.next() * 10)]! += 1;
    for (const count of bins) expect(Math.abs(count - n / 10)).toBeLessThan(n / 100);
  });

  it('draws exponentials with mean 1/rate', () => {
    fc.assert(
      fc.property(seedArb, fc.double({ min: 0.1, max: 100, noNaN: true }), (seed, rate) => {
        const rng = createRng(seed);
        const xs = Array.from({ length: 20_000 }, () => rng.exponential(rate));
        expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
        // Standard error of the mean is (1/rate)/sqrt(20000) ≈ 0.7%; allow 5%.
        expect(Math.abs(mean(xs) * rate - 1)).toBeLessThan(0.05);
      }),
      { numRuns: 20 },
    );
  });

  it('draws gammas with mean shape × scale, including shape < 1', () => {
    fc.assert(
      fc.property(
        seedArb,
        fc.double({ min: 0.2, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        (seed, shape, scale) => {
          const rng = createRng(seed);
          const xs = Array.from({ length: 20_000 }, () => rng.gamma(shape, scale));
          expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
          // Relative SE of the mean is 1/sqrt(shape × n) ≤ 1.6% for shape ≥ 0.2; allow 8%.
          expect(Math.abs(mean(xs) / (shape * scale) - 1)).toBeLessThan(0.08);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('draws standard normals', () => {
    const rng = createRng(7);
    const xs = Array.from({ length: 40_000 }, () => rng.normal());
    const m = mean(xs);
    const variance = mean(xs.map((x) => (x - m) ** 2));
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });

  it('rejects invalid parameters', () => {
    const rng = createRng(1);
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.int(1.5)).toThrow(RangeError);
    expect(() => rng.exponential(0)).toThrow(RangeError);
    expect(() => rng.gamma(-1)).toThrow(RangeError);
    expect(() => rng.gamma(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('shuffle', () => {
  it('returns a permutation and leaves the input unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), seedArb, (items, seed) => {
        const before = items.slice();
        const out = shuffle(items, createRng(seed));
        expect(items).toEqual(before);
        expect(out.slice().sort((a, b) => a - b)).toEqual(items.slice().sort((a, b) => a - b));
      }),
    );
  });

  it('is stable for a seed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), seedArb, (items, seed) => {
        expect(shuffle(items, createRng(seed))).toEqual(shuffle(items, createRng(seed)));
      }),
    );
  });

  it('puts each element in each position about equally often', () => {
    const rng = createRng('positions');
    const counts = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      shuffle([0, 1, 2, 3], rng).forEach((item, pos) => {
        counts[item]![pos]! += 1;
      });
    }
    for (const row of counts) for (const c of row) expect(Math.abs(c - n / 4)).toBeLessThan(n / 40);
  });
});
