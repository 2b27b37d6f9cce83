// The answer in words: the one-sentence factor ranking and the limitation sentences. Pure.
import type { FactorEffect } from './effects.js';

/** A figure with three significant digits, without exponent notation for everyday sizes. */
export function fmt(x: number | null, digits = 3): string {
  if (x === null) return '—';
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(digits - 1);
  return Math.abs(x) >= 10 ** digits ? String(Math.round(x)) : x.toPrecision(digits);
}

function share(e: FactorEffect): string {
  const value = e.share_basis === 'partial_eta_squared' ? e.partial_eta_squared : e.eta_squared;
  const name = e.share_basis === 'partial_eta_squared' ? 'partial η²' : 'η²';
  return `${name} ${value === null ? '—' : value.toFixed(2)}`;
}

function size(e: FactorEffect): string {
  return e.ratio === null ? `range ${fmt(e.range)}` : `${fmt(e.ratio)}×`;
}

function noteOf(e: FactorEffect): string {
  return e.significant === false ? `${share(e)}, not significant` : share(e);
}

/**
 * The ranking in one sentence, e.g. `threads matters most for J/output token (gpu scope): 15.2×
 * between its levels, lowest at 8 (partial η² 0.93); sequences 1.70× (partial η² 0.05).`
 */
export function rankingSentence(
  effects: readonly FactorEffect[],
  metricLabel: string,
  better: 'lower' | 'higher',
  scope: string | null,
): string {
  const where = scope === null ? 'no energy scope' : `${scope} scope`;
  const top = effects[0];
  if (top === undefined)
    return `No factor varies among the valid configurations (${where}), so there is nothing to rank.`;
  const best = better === 'lower' ? top.lowest_level : top.highest_level;
  const topPart = `${top.factor} matters most for ${metricLabel} (${where}): ${size(top)} between its levels, ${better === 'lower' ? 'lowest' : 'highest'} at ${best} (${noteOf(top)})`;
  const rest = effects.slice(1).map((e) => `${e.factor} ${size(e)} (${noteOf(e)})`);
  return `${[topPart, ...rest].join('; ')}.`;
}
