// Two-factor interactions from the balanced factorial ANOVA: whether one factor's effect depends
// on the level of another (e.g. more threads help only with more sequences). Pure.
import type { FactorialAnova } from './anova.js';
import { finite } from './json.js';

/** The interaction of two factors on one metric. */
export interface Interaction {
  factors: [string, string];
  /** Interaction sum of squares, in the metric's unit squared. */
  ss: number | null;
  df: number;
  df_error: number | null;
  f: number | null;
  p_value: number | null;
  partial_eta_squared: number | null;
  /** p < 1 − confidence; null without a test. */
  significant: boolean | null;
}

/** The pairwise interactions of a factorial table, strongest (partial η²) first. */
export function interactionsOf(
  table: FactorialAnova,
  factorNames: readonly string[],
  confidence: number,
): Interaction[] {
  const out = table.interactions.map(
    ({ a, b, term }): Interaction => ({
      factors: [factorNames[a]!, factorNames[b]!],
      ss: finite(term.ss),
      df: term.df,
      df_error: term.df_error,
      f: finite(term.f),
      p_value: finite(term.p_value),
      partial_eta_squared: finite(term.partial_eta_squared),
      significant: term.p_value === null ? null : term.p_value < 1 - confidence,
    }),
  );
  return out.sort((x, y) => (y.partial_eta_squared ?? -1) - (x.partial_eta_squared ?? -1));
}
