import { describe, expect, it } from 'vitest';
import { fSurvival, normalCdf, studentTCdf, studentTTwoSidedP } from './distributions.js';
import { incompleteBeta, studentTCritical } from './stats.js';

describe('incompleteBeta (known values)', () => {
  it('matches closed forms and the binomial identity', () => {
    // I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b; I_½(a, a) = ½.
    expect(incompleteBeta(0.3, 4, 1)).toBeCloseTo(0.3 ** 4, 14);
    expect(incompleteBeta(0.3, 1, 5)).toBeCloseTo(1 - 0.7 ** 5, 14);
    expect(incompleteBeta(0.5, 7.5, 7.5)).toBeCloseTo(0.5, 14);
    // I_x(a, b) = P(Binomial(a + b − 1, x) ≥ a): a = 2, b = 3, x = 0.3 → 1 − 0.7⁴ − 4·0.3·0.7³.
    expect(incompleteBeta(0.3, 2, 3)).toBeCloseTo(0.3483, 14);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe('Student t distribution', () => {
  it('matches closed forms for df 1 (Cauchy) and 2', () => {
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 14);
    expect(studentTCdf(-1, 1)).toBeCloseTo(0.25, 14);
    expect(studentTCdf(1, 2)).toBeCloseTo(0.5 + 1 / (2 * Math.sqrt(3)), 14);
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 14);
  });

  it('matches scipy.stats.t reference values', () => {
    // scipy.stats.t.sf(2, 5) = 0.05096973941492914; t.sf(2.5, 12.3) two-sided below.
    expect(1 - studentTCdf(2, 5)).toBeCloseTo(0.05096973941492914, 12);
    expect(studentTTwoSidedP(2, 5)).toBeCloseTo(2 * 0.05096973941492914, 12);
  });

  it('inverts studentTCritical for integer and Welch (non-integer) df', () => {
    for (const df of [1, 2, 3.7, 10, 58.2, 1000]) {
      expect(studentTTwoSidedP(studentTCritical(df, 0.95), df)).toBeCloseTo(0.05, 10);
      expect(studentTTwoSidedP(studentTCritical(df, 0.99), df)).toBeCloseTo(0.01, 10);
    }
  });

  it('gives NaN for df ≤ 0 and 0 / 1 at the infinities', () => {
    expect(studentTCdf(1, 0)).toBeNaN();
    expect(studentTTwoSidedP(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(studentTCdf(Number.NEGATIVE_INFINITY, 3)).toBe(0);
  });
});

describe('F distribution', () => {
  it('matches the closed form for d1 = 2: P(F ≥ f) = (1 + 2f/d2)^(−d2/2)', () => {
    expect(fSurvival(3, 2, 10)).toBeCloseTo(1.6 ** -5, 14);
    expect(fSurvival(0.5, 2, 7)).toBeCloseTo((1 + 1 / 7) ** -3.5, 14);
  });

  it('equals the two-sided t p-value for F = t² with d1 = 1', () => {
    expect(fSurvival(2.5 ** 2, 1, 9)).toBeCloseTo(studentTTwoSidedP(2.5, 9), 13);
  });

  it('is 1 at f ≤ 0 and NaN for bad degrees of freedom', () => {
    expect(fSurvival(0, 3, 4)).toBe(1);
    expect(fSurvival(1, 0, 4)).toBeNaN();
  });
});

describe('normalCdf', () => {
  it('matches reference values to 1e-7', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 7);
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 7);
  });
});
