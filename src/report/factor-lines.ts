// The top factors of an analysis, one line each, for terminal summaries (pure).
import type { Analysis } from '../analysis/analyse.js';
import { fmt } from '../analysis/sentences.js';

/**
 * Up to `max` lines, one per top-ranked factor of the headline metric, e.g.
 * `1. llamacpp.threads  partial η² 0.93  15.2× between levels, lowest J/output token at 8`.
 * Empty when nothing was ranked.
 */
export function topFactorLines(analysis: Analysis, max = 3): string[] {
  const m = analysis.scopes[0]?.metrics[0];
  if (!m || m.factors.length === 0) return [];
  const width = Math.max(...m.factors.slice(0, max).map((e) => e.factor.length));
  return m.factors.slice(0, max).map((e) => {
    const basis = e.share_basis === 'partial_eta_squared' ? 'partial η²' : 'η²';
    const share = e.share_basis === 'partial_eta_squared' ? e.partial_eta_squared : e.eta_squared;
    const size = e.ratio === null ? `range ${fmt(e.range)}` : `${fmt(e.ratio)}× between levels`;
    const best =
      m.better === 'lower'
        ? `lowest ${m.label} at ${e.lowest_level}`
        : `highest ${m.label} at ${e.highest_level}`;
    const sig = e.significant === false ? ' (not significant)' : '';
    return `${e.rank}. ${e.factor.padEnd(width)}  ${basis} ${share === null ? '—' : share.toFixed(2)}  ${size}, ${best}${sig}`;
  });
}
