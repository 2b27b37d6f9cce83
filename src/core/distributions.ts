// Distribution functions for the tests of the analysis (Welch t, ANOVA F) and the expanded
// bootstrap percentile levels. Pure; built on the regularised incomplete beta of stats.ts.
import { incompleteBeta } from './stats.js';

/** P(T ≤ t) for Student's t with `df` > 0 degrees of freedom (non-integer allowed); NaN otherwise. */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  // P(|T| > |t|) = I_x(df/2, 1/2) with x = df / (df + t²).
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Two-sided p-value of a t statistic: P(|T| ≥ |t|); NaN for df ≤ 0 or a NaN statistic. */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** P(F ≥ f) for Fisher's F with (d1, d2) degrees of freedom: the p-value of an ANOVA F test. */
export function fSurvival(f: number, d1: number, d2: number): number {
  if (!(d1 > 0 && d2 > 0) || Number.isNaN(f)) return Number.NaN;
  if (f <= 0) return 1;
  if (!Number.isFinite(f)) return 0;
  // P(F ≥ f) = I_x(d2/2, d1/2) with x = d2 / (d2 + d1·f).
  return incompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

/**
 * Standard normal CDF Φ(x), from the Chebyshev-fitted complementary error function of
 * Numerical Recipes (`erfcc`, fractional error below 1.2e-7): ample for choosing percentile levels.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}
