import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cv, mean, median, percentile, percentiles, std, studentTCritical, summarise } from './stats.js';

const finite = fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true });
const sample = fc.array(finite, { minLength: 1, maxLength: 60 });
const pArb = fc.double({ min: 0, max: 100, noNaN: true });

describe('percentile', () => {
  it('matches numpy (linear) on known vectors', () => {
    // Values from numpy.percentile(xs, p) with the default method.
    expect(percentile([1, 2, 3, 4], 90)).toBeCloseTo(3.7, 12);
    expect(percentile([15, 20, 35, 40, 50], 40)).toBeCloseTo(29, 12);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBeCloseTo(9.55, 12);
    expect(percentile([10, 7, 4, 3, 2, 1], 25)).toBeCloseTo(2.25, 12);
    expect(percentile([10, 7, 4, 3, 2, 1], 75)).toBeCloseTo(6.25, 12);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([1, 2], 0)).toBe(1);
    expect(percentile([1, 2], 100)).toBe(2);
  });

  it('is NaN for an empty list or one with NaN, and rejects p outside [0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(percentile([1, Number.NaN], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('is monotone in p', () => {
    fc.assert(
      fc.property(sample, pArb, pArb, (xs, p, q) => {
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        expect(percentile(xs, lo)).toBeLessThanOrEqual(percentile(xs, hi));
      }),
    );
  });

  it('stays within [min, max] and hits them at 0 and 100', () => {
    fc.assert(
      fc.property(sample, pArb, (xs, p) => {
        const v = percentile(xs, p);
        expect(v).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(v).toBeLessThanOrEqual(Math.max(...xs));
        expect(percentile(xs, 0)).toBe(Math.min(...xs));
        expect(percentile(xs, 100)).toBe(Math.max(...xs));
      }),
    );
  });

  it('does not depend on input order, and percentiles() agrees with percentile()', () => {
    fc.assert(
      fc.property(sample, pArb, (xs, p) => {
        expect(percentile([...xs].reverse(), p)).toBe(percentile(xs, p));
        expect(percentiles(xs, [p, 50])).toEqual([percentile(xs, p), median(xs)]);
      }),
    );
  });
});

describe('mean, median, std, cv', () => {
  it('computes known values', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(std([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 12); // numpy ddof=1
    expect(cv([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395 / 5, 12);
  });

  it('handles empty, single and zero-mean inputs', () => {
    expect(mean([])).toBeNaN();
    expect(std([])).toBeNaN();
    expect(std([3])).toBe(0);
    expect(cv([0, 0])).toBeNaN();
    expect(cv([-1, -3])).toBeGreaterThan(0);
  });

  it('keeps precision when large and small terms mix', () => {
    expect(mean([1e16, 1, -1e16, 1])).toBe(0.5);
  });

  it('gives std ≥ 0 and a mean within [min, max]', () => {
    fc.assert(
      fc.property(sample, (xs) => {
        expect(std(xs)).toBeGreaterThanOrEqual(0);
        const m = mean(xs);
        const tol = 1e-9 * Math.max(1, ...xs.map(Math.abs));
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs) - tol);
        expect(m).toBeLessThanOrEqual(Math.max(...xs) + tol);
      }),
    );
  });
});

describe('studentTCritical', () => {
  it('matches the two-sided 95 % table', () => {
    const table: [number, number][] = [
      [1, 12.706204736],
      [2, 4.30265273],
      [3, 3.182446305],
      [5, 2.570581836],
      [10, 2.228138852],
      [30, 2.042272456],
      [100, 1.983971519],
      [1000, 1.962339081],
    ];
    for (const [df, t] of table) expect(studentTCritical(df)).toBeCloseTo(t, 8);
  });

  it('matches other confidence levels and tends to the normal quantile', () => {
    expect(studentTCritical(1, 0.99)).toBeCloseTo(63.656741163, 7);
    expect(studentTCritical(10, 0.9)).toBeCloseTo(1.812461123, 8);
    expect(studentTCritical(4, 0.5)).toBeCloseTo(0.740697084, 8);
    expect(studentTCritical(1e9)).toBeCloseTo(1.959963985, 8);
    expect(studentTCritical(1e9, 0.99)).toBeCloseTo(2.575829304, 8);
  });

  it('accepts non-integer df (Welch) and is continuous across the large-df switch', () => {
    const t = studentTCritical(2.5);
    expect(t).toBeLessThan(studentTCritical(2));
    expect(t).toBeGreaterThan(studentTCritical(3));
    expect(Math.abs(studentTCritical(1e7) - studentTCritical(1e7 + 1))).toBeLessThan(1e-9);
  });

  it('decreases with df and is NaN for df ≤ 0', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (df, extra) => {
          expect(studentTCritical(df + extra)).toBeLessThanOrEqual(studentTCritical(df) + 1e-9);
        },
      ),
      { numRuns: 50 },
    );
    expect(studentTCritical(0)).toBeNaN();
    expect(studentTCritical(-1)).toBeNaN();
    expect(() => studentTCritical(5, 1)).toThrow(RangeError);
  });
});

describe('summarise', () => {
  it('gives n, centre, spread and a Student-t 95 % CI', () => {
    const s = summarise([1, 2, 3, 4, 5]);
    expect(s).toMatchObject({ n: 5, mean: 3, median: 3, min: 1, max: 5 });
    expect(s.std).toBeCloseTo(Math.sqrt(2.5), 12);
    const half = (2.776445105 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(s.ci95_low).toBeCloseTo(3 - half, 8);
    expect(s.ci95_high).toBeCloseTo(3 + half, 8);
  });

  it('reports one value with std 0 and NaN CI bounds (no spread from one cycle)', () => {
    const s = summarise([7]);
    expect(s).toMatchObject({ n: 1, mean: 7, median: 7, std: 0, cv: 0, min: 7, max: 7 });
    expect(s.ci95_low).toBeNaN();
    expect(s.ci95_high).toBeNaN();
    expect(JSON.parse(JSON.stringify(s)).ci95_low).toBeNull();
  });

  it('reports no values as NaN', () => {
    const s = summarise([]);
    expect(s.n).toBe(0);
    for (const k of ['mean', 'median', 'std', 'cv', 'ci95_low', 'ci95_high', 'min', 'max'] as const) {
      expect(s[k]).toBeNaN();
    }
  });

  it('brackets the mean with its CI', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 2, maxLength: 30 }), (xs) => {
        const s = summarise(xs);
        expect(s.ci95_low).toBeLessThanOrEqual(s.mean);
        expect(s.ci95_high).toBeGreaterThanOrEqual(s.mean);
      }),
    );
  });
});
