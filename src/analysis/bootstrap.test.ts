import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/random.js';
import { percentiles, std } from '../core/stats.js';
import { expandedPercentileInterval, resampleCellMeans, satterthwaiteDf } from './bootstrap.js';

describe('resampleCellMeans', () => {
  it('is seeded: the same seed gives the same resamples', () => {
    const cells = [
      [1, 2, 4],
      [3, 5, 6, 9, 1, 2, 8],
    ];
    expect(resampleCellMeans(cells, 200, createRng(7))).toEqual(resampleCellMeans(cells, 200, createRng(7)));
  });

  it('has the bootstrap variance s²/n after rescaling (3 cycles tabulated, 7 cycles drawn)', () => {
    for (const xs of [
      [1, 2, 4],
      [3, 5, 6, 9, 1, 2, 8],
    ]) {
      const [boot] = resampleCellMeans([xs], 20_000, createRng('v'));
      const expected = std(xs) / Math.sqrt(xs.length);
      expect(std(Array.from(boot!))).toBeCloseTo(expected, 1);
      expect(Math.abs(std(Array.from(boot!)) / expected - 1)).toBeLessThan(0.03);
    }
  });

  it('gives a constant for a single cycle', () => {
    const [boot] = resampleCellMeans([[5]], 50, createRng(1));
    expect(new Set(boot)).toEqual(new Set([5]));
  });
});

describe('expandedPercentileInterval', () => {
  it('equals the plain 2.5/97.5 percentiles when df is huge (t → z)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 300 }),
        (xs) => {
          const ci = expandedPercentileInterval(Float64Array.from(xs), 1e9, 0.95)!;
          const [lo, hi] = percentiles(xs, [2.5, 97.5]);
          const tol = (Math.max(...xs) - Math.min(...xs)) * 1e-5 + 1e-9;
          expect(Math.abs(ci[0] - lo!)).toBeLessThanOrEqual(tol);
          expect(Math.abs(ci[1] - hi!)).toBeLessThanOrEqual(tol);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('widens as the degrees of freedom fall, and gives none below 1 df', () => {
    const samples = Float64Array.from({ length: 2000 }, (_, i) => i);
    const wide = expandedPercentileInterval(samples, 2, 0.95)!;
    const narrow = expandedPercentileInterval(samples, 200, 0.95)!;
    expect(wide[0]).toBeLessThan(narrow[0]);
    expect(wide[1]).toBeGreaterThan(narrow[1]);
    expect(expandedPercentileInterval(samples, 0, 0.95)).toBeNull();
  });
});

describe('satterthwaiteDf', () => {
  it('is n₁ + n₂ − 2 for equal variances and sizes, less when variances differ, 0 with one cycle', () => {
    const a = { values: [1, 2, 3], weight: 1 };
    const b = { values: [4, 5, 6], weight: -1 };
    expect(satterthwaiteDf([a, b])).toBeCloseTo(4, 12);
    expect(satterthwaiteDf([a, { values: [0, 5, 10], weight: -1 }])).toBeLessThan(4);
    expect(satterthwaiteDf([a, { values: [1], weight: -1 }])).toBe(0);
  });
});
