// Every configuration against a reference configuration on one metric: difference, ratio, Welch's
// t test (unequal variances) and the bootstrap interval of the difference. Pure.
import { studentTTwoSidedP } from '../core/distributions.js';
import { expandedPercentileInterval, subtractResamples } from './bootstrap.js';
import type { Cell } from './cells.js';
import { finite } from './json.js';

/** Welch's two-sample t test; null fields where it cannot be computed (a single cycle, no spread). */
export interface WelchTest {
  t: number | null;
  df: number | null;
  p_value: number | null;
}

function meanVar(xs: readonly number[]): { m: number; v: number; n: number } {
  const n = xs.length;
  let m = 0;
  for (const x of xs) m += x;
  m /= n;
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return { m, v: n > 1 ? ss / (n - 1) : Number.NaN, n };
}

/** Welch's t test of mean(a) − mean(b), with Welch–Satterthwaite degrees of freedom. */
export function welchTest(a: readonly number[], b: readonly number[]): WelchTest {
  const x = meanVar(a);
  const y = meanVar(b);
  if (x.n < 2 || y.n < 2) return { t: null, df: null, p_value: null };
  const ex = x.v / x.n;
  const ey = y.v / y.n;
  const se = Math.sqrt(ex + ey);
  if (!(se > 0)) return { t: null, df: null, p_value: null };
  const t = (x.m - y.m) / se;
  const df = (ex + ey) ** 2 / (ex ** 2 / (x.n - 1) + ey ** 2 / (y.n - 1));
  return { t, df, p_value: studentTTwoSidedP(t, df) };
}

/** One configuration against the reference. */
export interface Comparison {
  config_hash: string;
  label: string;
  n: number;
  mean: number | null;
  /** mean − reference mean, in the metric's unit. */
  difference: number | null;
  /** mean / reference mean. */
  ratio: number | null;
  /** Bootstrap interval of the difference. */
  ci_low: number | null;
  ci_high: number | null;
  welch_t: number | null;
  welch_df: number | null;
  p_value: number | null;
  /** p < 1 − confidence; null without a test. */
  significant: boolean | null;
  /** The outcome in words, e.g. `12.0 % lower (p = 0.003)` or `not significant (p = 0.41)`. */
  verdict: string;
}

/** Compares every cell but the reference's with the reference cell. */
export function compareWithReference(
  cells: readonly Cell[],
  resamples: readonly Float64Array[],
  reference: number,
  confidence: number,
): Comparison[] {
  const ref = cells[reference]!;
  const refMean = meanVar(ref.values).m;
  const out: Comparison[] = [];
  cells.forEach((c, i) => {
    if (i === reference) return;
    const m = meanVar(c.values).m;
    const welch = welchTest(c.values, ref.values);
    const df =
      welch.df ??
      (c.values.length >= 2 && ref.values.length >= 2 ? c.values.length + ref.values.length - 2 : 0);
    const ci = expandedPercentileInterval(
      subtractResamples(resamples[i]!, resamples[reference]!),
      df,
      confidence,
    );
    const significant = welch.p_value === null ? null : welch.p_value < 1 - confidence;
    out.push({
      config_hash: c.config_hash,
      label: c.label,
      n: c.values.length,
      mean: finite(m),
      difference: finite(m - refMean),
      ratio: finite(m / refMean),
      ci_low: finite(ci?.[0]),
      ci_high: finite(ci?.[1]),
      welch_t: finite(welch.t),
      welch_df: finite(welch.df),
      p_value: finite(welch.p_value),
      significant,
      verdict: verdict(m, refMean, welch.p_value, c.values.length, ref.values.length, 1 - confidence),
    });
  });
  return out;
}

function verdict(m: number, ref: number, p: number | null, n: number, nRef: number, alpha: number): string {
  if (n < 2 || nRef < 2) return 'no test: one valid cycle';
  if (p === null) return m === ref ? 'identical (no spread)' : 'no test: no spread between cycles';
  const ps = p < 0.001 ? 'p < 0.001' : `p = ${p.toPrecision(2)}`;
  if (p >= alpha) return `not significant (${ps})`;
  const pct = ref !== 0 ? Math.abs((m - ref) / ref) * 100 : Number.NaN;
  const size = Number.isFinite(pct) ? `${pct.toPrecision(3)} % ` : '';
  return `${size}${m < ref ? 'lower' : 'higher'} than the reference (${ps})`;
}
