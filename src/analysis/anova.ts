// Analysis of variance over the cells of a design: one-way (any design) and the balanced
// factorial decomposition (main effects and two-factor interactions, within-configuration error).
// Pure; sums of squares in the metric's units squared.
import { fSurvival } from '../core/distributions.js';
import type { Cell } from './cells.js';

/** One term of an ANOVA table. */
export interface AnovaTerm {
  ss: number;
  df: number;
  /** Degrees of freedom of the error term; null when there is none (one cycle per configuration). */
  df_error: number | null;
  /** F statistic against the error term; null without error degrees of freedom. */
  f: number | null;
  p_value: number | null;
  /** SS / (SS + SS_error); null without error degrees of freedom. */
  partial_eta_squared: number | null;
}

/** A one-way ANOVA of observations grouped by one factor's levels. */
export interface OneWayAnova extends AnovaTerm {
  ss_total: number;
  /** SS_between / SS_total: the share of all variation that the factor's levels explain. */
  eta_squared: number | null;
}

function sumOf(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** One-way ANOVA: between-level and within-level sums of squares, η² and the F test. */
export function oneWayAnova(groups: readonly (readonly number[])[]): OneWayAnova {
  const all = groups.flat();
  const grand = sumOf(all) / all.length;
  let ssBetween = 0;
  let ssWithin = 0;
  for (const g of groups) {
    const m = sumOf(g) / g.length;
    ssBetween += g.length * (m - grand) ** 2;
    for (const x of g) ssWithin += (x - m) ** 2;
  }
  const dfBetween = groups.length - 1;
  const dfWithin = all.length - groups.length;
  return {
    ...term(ssBetween, dfBetween, ssWithin, dfWithin),
    ss_total: ssBetween + ssWithin,
    eta_squared: ssBetween + ssWithin > 0 ? ssBetween / (ssBetween + ssWithin) : null,
  };
}

function term(ss: number, df: number, ssError: number, dfError: number): AnovaTerm {
  if (!(dfError > 0) || !(df > 0))
    return { ss, df, df_error: null, f: null, p_value: null, partial_eta_squared: null };
  const msError = ssError / dfError;
  const f = msError > 0 ? ss / df / msError : ss > 0 ? Number.POSITIVE_INFINITY : null;
  return {
    ss,
    df,
    df_error: dfError,
    f,
    p_value: f === null ? null : fSurvival(f, df, dfError),
    partial_eta_squared: ss + ssError > 0 ? ss / (ss + ssError) : null,
  };
}

/** Whether the cells form a balanced full factorial over the given factors, and why not. */
export type DesignCheck = { factorial: true; replicates: number } | { factorial: false; reason: string };

/** Checks for a full crossing of the factors' levels, one configuration per combination, equal cycles. */
export function checkFactorial(cells: readonly Cell[], factors: readonly number[]): DesignCheck {
  const levelCounts = factors.map((f) => new Set(cells.map((c) => c.levels[f])).size);
  const combinations = levelCounts.reduce((a, b) => a * b, 1);
  const keys = new Set(cells.map((c) => factors.map((f) => c.levels[f]).join('\u0000')));
  if (keys.size < cells.length) {
    return {
      factorial: false,
      reason: `${cells.length - keys.size} configuration(s) repeat another's levels of every swept factor`,
    };
  }
  if (cells.length < combinations) {
    return {
      factorial: false,
      reason: `only ${cells.length} of the ${combinations} combinations of the swept factors have valid cycles`,
    };
  }
  const ns = cells.map((c) => c.values.length);
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  if (lo !== hi)
    return { factorial: false, reason: `valid cycles per configuration range from ${lo} to ${hi}` };
  return { factorial: true, replicates: lo };
}

/** The balanced factorial table: a term per factor and per pair of factors, with the error term. */
export interface FactorialAnova {
  main: AnovaTerm[];
  interactions: { a: number; b: number; term: AnovaTerm }[];
  ss_error: number;
  df_error: number;
}

/**
 * Balanced factorial ANOVA (call only when `checkFactorial` holds): SS of a factor set is the
 * weighted spread of its marginal means; an interaction's SS is its pair's marginal SS less the
 * two main effects. The error is the within-configuration variation over N − cells df.
 */
export function factorialAnova(
  cells: readonly Cell[],
  factors: readonly number[],
  replicates: number,
): FactorialAnova {
  const cellMeans = cells.map((c) => sumOf(c.values) / c.values.length);
  const grand = sumOf(cellMeans) / cells.length;
  let ssError = 0;
  cells.forEach((c, i) => {
    for (const x of c.values) ssError += (x - cellMeans[i]!) ** 2;
  });
  const dfError = cells.length * (replicates - 1);
  const marginalSs = (fs: readonly number[]): number => {
    const groups = new Map<string, { sum: number; count: number }>();
    cells.forEach((c, i) => {
      const key = fs.map((f) => c.levels[f]).join('\u0000');
      const g = groups.get(key) ?? { sum: 0, count: 0 };
      g.sum += cellMeans[i]!;
      g.count += 1;
      groups.set(key, g);
    });
    let ss = 0;
    for (const g of groups.values()) ss += g.count * replicates * (g.sum / g.count - grand) ** 2;
    return ss;
  };
  const levels = factors.map((f) => new Set(cells.map((c) => c.levels[f])).size);
  const mainSs = factors.map((f) => marginalSs([f]));
  const main = factors.map((_, i) => term(mainSs[i]!, levels[i]! - 1, ssError, dfError));
  const interactions: FactorialAnova['interactions'] = [];
  for (let i = 0; i < factors.length; i++) {
    for (let j = i + 1; j < factors.length; j++) {
      // Rounding can leave a tiny negative remainder when there is no interaction at all.
      const ss = Math.max(0, marginalSs([factors[i]!, factors[j]!]) - mainSs[i]! - mainSs[j]!);
      interactions.push({
        a: factors[i]!,
        b: factors[j]!,
        term: term(ss, (levels[i]! - 1) * (levels[j]! - 1), ssError, dfError),
      });
    }
  }
  return { main, interactions, ss_error: ssError, df_error: dfError };
}
