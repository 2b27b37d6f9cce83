// Main effects of the swept factors on one metric: level means with bootstrap intervals, each
// level's contrast with the factor's first level, the effect size (range and ratio of the level
// means) and the share of variance explained, ranked. Pure.
import { type AnovaTerm, type FactorialAnova, oneWayAnova } from './anova.js';
import {
  averageResamples,
  expandedPercentileInterval,
  satterthwaiteDf,
  subtractResamples,
} from './bootstrap.js';
import type { Cell } from './cells.js';
import { finite } from './json.js';

/** The mean of a metric over the configurations at one level of a factor. */
export interface LevelMean {
  level: string;
  /** Configurations at this level with a value. */
  configurations: number;
  /** Cycles behind the mean. */
  n: number;
  /** Mean of the configuration means (each configuration weighs the same). */
  mean: number | null;
  /** Bootstrap interval of the mean; null when a configuration at this level has one cycle. */
  ci_low: number | null;
  ci_high: number | null;
}

/** One level against the factor's first (baseline) level. */
export interface LevelContrast {
  level: string;
  baseline_level: string;
  /** mean(level) − mean(baseline), in the metric's unit. */
  difference: number | null;
  /** mean(level) / mean(baseline). */
  ratio: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** Whether the interval excludes zero; null without an interval. */
  significant: boolean | null;
}

/** A factor's main effect on one metric. */
export interface FactorEffect {
  factor: string;
  /** 1 = explains the most variance. */
  rank: number;
  levels: LevelMean[];
  /** Level with the lowest and the highest mean. */
  lowest_level: string;
  highest_level: string;
  /** Highest minus lowest level mean, in the metric's unit. */
  range: number | null;
  /** Highest over lowest level mean (≥ 1); null when the lowest is not positive. */
  ratio: number | null;
  /** One-way η²: SS_factor / SS_total over all included cycles. */
  eta_squared: number | null;
  /** SS_factor / (SS_factor + SS_error) from the factorial ANOVA; null when it could not be run. */
  partial_eta_squared: number | null;
  /** Which of the two ranks the factors. */
  share_basis: 'partial_eta_squared' | 'eta_squared';
  /** F test of the factor (factorial when balanced, else one-way). */
  f: number | null;
  df: number;
  df_error: number | null;
  p_value: number | null;
  /** p < 1 − confidence; null without a test. */
  significant: boolean | null;
  contrasts: LevelContrast[];
}

/** Inputs shared by the effect computations of one metric. */
export interface EffectInputs {
  cells: readonly Cell[];
  factorNames: readonly string[];
  /** Indices (into `factorNames`) of the factors with at least two levels here. */
  swept: readonly number[];
  /** Ordered levels per factor name (levels without cells are skipped). */
  levelOrder: Record<string, string[]>;
  resamples: readonly Float64Array[];
  factorial: FactorialAnova | null;
  confidence: number;
}

/** Main effects of every swept factor, ranked by share of variance (then ratio). */
export function mainEffects(input: EffectInputs): FactorEffect[] {
  const effects = input.swept.map((f, i) => factorEffect(input, f, input.factorial?.main[i] ?? null));
  const share = (e: FactorEffect) =>
    (e.share_basis === 'partial_eta_squared' ? e.partial_eta_squared : e.eta_squared) ?? -1;
  effects.sort((a, b) => share(b) - share(a) || (b.ratio ?? 0) - (a.ratio ?? 0));
  effects.forEach((e, i) => {
    e.rank = i + 1;
  });
  return effects;
}

function factorEffect(input: EffectInputs, f: number, factorialTerm: AnovaTerm | null): FactorEffect {
  const { cells, confidence } = input;
  const name = input.factorNames[f]!;
  const present = new Set(cells.map((c) => c.levels[f]!));
  const order = input.levelOrder[name]!.filter((l) => present.has(l));
  const byLevel = order.map((level) =>
    cells.map((c, i) => ({ c, i })).filter(({ c }) => c.levels[f] === level),
  );
  const boot = byLevel.map((members) => averageResamples(members.map(({ i }) => input.resamples[i]!)));
  const weighted = (members: { c: Cell }[], sign: number) =>
    members.map(({ c }) => ({ values: c.values, weight: sign / members.length }));
  const levels = byLevel.map((members, k): LevelMean => {
    const ci = expandedPercentileInterval(boot[k]!, satterthwaiteDf(weighted(members, 1)), confidence);
    return {
      level: order[k]!,
      configurations: members.length,
      n: members.reduce((a, { c }) => a + c.values.length, 0),
      mean: finite(members.reduce((a, { c }) => a + meanOf(c.values), 0) / members.length),
      ci_low: finite(ci?.[0]),
      ci_high: finite(ci?.[1]),
    };
  });
  const contrasts = byLevel.slice(1).map((members, k): LevelContrast => {
    const base = levels[0]!;
    const mine = levels[k + 1]!;
    const df = satterthwaiteDf([...weighted(members, 1), ...weighted(byLevel[0]!, -1)]);
    const ci = expandedPercentileInterval(subtractResamples(boot[k + 1]!, boot[0]!), df, confidence, true);
    return {
      level: mine.level,
      baseline_level: base.level,
      difference: finite((mine.mean ?? Number.NaN) - (base.mean ?? Number.NaN)),
      ratio: finite((mine.mean ?? Number.NaN) / (base.mean ?? Number.NaN)),
      ci_low: finite(ci?.[0]),
      ci_high: finite(ci?.[1]),
      significant: ci === null ? null : ci[0] > 0 || ci[1] < 0,
    };
  });
  const sorted = [...levels].sort((a, b) => (a.mean ?? 0) - (b.mean ?? 0));
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  const oneWay = oneWayAnova(byLevel.map((members) => members.flatMap(({ c }) => c.values)));
  const test: AnovaTerm = factorialTerm ?? oneWay;
  const alpha = 1 - confidence;
  return {
    factor: name,
    rank: 0,
    levels,
    lowest_level: lo.level,
    highest_level: hi.level,
    range: finite((hi.mean ?? Number.NaN) - (lo.mean ?? Number.NaN)),
    ratio: (lo.mean ?? 0) > 0 ? finite(hi.mean! / lo.mean!) : null,
    eta_squared: finite(oneWay.eta_squared),
    partial_eta_squared: finite(factorialTerm?.partial_eta_squared),
    share_basis: factorialTerm?.partial_eta_squared != null ? 'partial_eta_squared' : 'eta_squared',
    f: finite(test.f),
    df: test.df,
    df_error: test.df_error,
    p_value: finite(test.p_value),
    significant: test.p_value === null ? null : test.p_value < alpha,
    contrasts,
  };
}

function meanOf(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
