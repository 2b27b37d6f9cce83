// `analyse(records)`: which implementation choices matter most (SPEC §8). Valid runs only, one
// energy scope at a time; every limitation of the design written out as a sentence. Pure.
import { LlemError } from '../core/errors.js';
import type { ResultRecord } from '../core/records.js';
import { type ExperimentFactors, type FactorTable, factorTable } from './factors.js';
import { analyseScope, type ScopeAnalysis } from './scope.js';
import { type ExcludedRun, selectRecords } from './select.js';

/** Options of `analyse`. */
export interface AnalyseOptions {
  /** The study's configurations with their swept factors (e.g. `plan.json`'s `experiments`); derived from the records' configs when absent. */
  experiments?: readonly ExperimentFactors[];
  /** Reference configuration for comparisons: a config hash (or a prefix of ≥ 6 characters) or a label; default the first configuration. */
  reference?: string;
  /** Confidence level of intervals and tests; default 0.95. */
  confidence?: number;
  /** Bootstrap resamples; default 1000. */
  resamples?: number;
  /** Seed of the bootstrap; default 0 (the same records always give the same answer). */
  seed?: number | string;
  /** Coefficient of variation of mean power below which an estimate-scope answer says energy only mirrors throughput; default 0.05. */
  constantPowerCv?: number;
}

/** The answer to "which choices matter most", JSON-safe (no NaN: missing figures are null). */
export interface Analysis {
  /** The factor ranking in one sentence, for the headline scope. */
  headline: string;
  /** Scope of the headline: the one with the most valid runs (ties: gpu, node, cpu, dram, estimate). */
  scope: string | null;
  confidence: number;
  resamples: number;
  seed: string;
  runs: { total: number; included: number; excluded: number };
  /** Runs left out (failed, interrupted, invalid), each with its reason. */
  excluded: ExcludedRun[];
  /** One analysis per energy scope; scopes are never mixed. */
  scopes: ScopeAnalysis[];
  /** Every limitation, as sentences (the headline scope's first). */
  limitations: string[];
}

const SCOPE_PRIORITY = ['gpu', 'node', 'cpu', 'dram', 'estimate'];

/**
 * Analyses result records: for each swept factor its main effect on J/output token, output
 * tokens/s and p99 latency (level means with seeded bootstrap intervals, effect size, share of
 * variance η² or partial η²), ranked; two-factor interactions where the design is a balanced full
 * factorial with replicates; Pareto frontiers of J/output token against throughput and p99
 * latency; and every configuration against a reference (difference, ratio, Welch test, bootstrap
 * interval). Only `ok` records that passed their error-severity validity checks count, and each
 * energy scope is analysed on its own.
 */
export function analyse(records: readonly ResultRecord[], options: AnalyseOptions = {}): Analysis {
  const confidence = options.confidence ?? 0.95;
  const resamples = options.resamples ?? 1000;
  if (!(confidence > 0 && confidence < 1))
    throw new LlemError('ERR_USAGE', `confidence must be within (0, 1), got ${confidence}`, {
      details: { confidence },
    });
  if (!(Number.isInteger(resamples) && resamples >= 100))
    throw new LlemError('ERR_USAGE', `resamples must be an integer of at least 100, got ${resamples}`, {
      details: { resamples },
    });
  const seed = String(options.seed ?? 0);
  const table = factorTable(records, options.experiments);
  const referenceRow = options.reference === undefined ? null : findReference(table, options.reference);
  const selection = selectRecords(records);
  const { byScope } = selection;
  const excluded = selection.excluded.map((e) => ({
    ...e,
    label: table.byHash.get(e.config_hash)?.label ?? e.label,
  }));
  const order = [...byScope.keys()].sort(
    (a, b) => byScope.get(b)!.length - byScope.get(a)!.length || rankOf(a) - rankOf(b),
  );
  const settings = {
    confidence,
    resamples,
    seed,
    referenceRow,
    constantPowerCv: options.constantPowerCv ?? 0.05,
  };
  const scopes = order.map((s) => analyseScope(s, byScope.get(s)!, table, settings));
  const limitations = [...(scopes[0]?.limitations ?? [])];
  if (excluded.length > 0) limitations.push(excludedSentence(excluded, records.length));
  if (scopes.length > 1) {
    limitations.push(
      `The valid runs report energy in ${scopes.length} scopes (${order.map((s) => s ?? 'none').join(', ')}); each is analysed on its own and the headline uses ${order[0] ?? 'none'}.`,
    );
    const split = configurationsInSeveralScopes(scopes);
    if (split > 0)
      limitations.push(
        `${split} configuration(s) have valid cycles in more than one scope; each scope sees only its own cycles.`,
      );
  }
  return {
    headline: scopes[0]?.headline ?? 'No valid runs: nothing to analyse.',
    scope: order[0] ?? null,
    confidence,
    resamples,
    seed,
    runs: { total: records.length, included: records.length - excluded.length, excluded: excluded.length },
    excluded,
    scopes,
    limitations,
  };
}

function rankOf(scope: string | null): number {
  const i = scope === null ? -1 : SCOPE_PRIORITY.indexOf(scope);
  return i < 0 ? SCOPE_PRIORITY.length + (scope === null ? 1 : 0) : i;
}

function findReference(table: FactorTable, wanted: string): number {
  const byHash = table.rows.findIndex(
    (r) => r.config_hash === wanted || (wanted.length >= 6 && r.config_hash.startsWith(wanted)),
  );
  const i = byHash >= 0 ? byHash : table.rows.findIndex((r) => r.label === wanted);
  if (i < 0) {
    throw new LlemError(
      'ERR_USAGE',
      `reference configuration "${wanted}" matches no configuration; give a config hash (or its first 6+ characters) or one of: ${table.rows
        .slice(0, 10)
        .map((r) => r.label)
        .join(', ')}`,
      { details: { reference: wanted } },
    );
  }
  return i;
}

function excludedSentence(excluded: readonly ExcludedRun[], total: number): string {
  const counts = new Map<string, number>();
  for (const e of excluded) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => `${n} ${kind.replace('_', ' ')}`);
  return `${excluded.length} of ${total} runs were excluded (${parts.join(', ')}); they are listed with their reasons under \`excluded\`.`;
}

function configurationsInSeveralScopes(scopes: readonly ScopeAnalysis[]): number {
  const seen = new Map<string, number>();
  for (const s of scopes)
    for (const c of s.configurations) seen.set(c.config_hash, (seen.get(c.config_hash) ?? 0) + 1);
  return [...seen.values()].filter((n) => n > 1).length;
}
