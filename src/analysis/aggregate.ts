// Aggregation across cycles (SPEC §7): per configuration and metric, n, mean, median, std, CV,
// the 95 % Student-t interval of the mean, min and max, over the valid cycles only (an `ok`
// record with a failed error-severity validity check is excluded and listed), and energy figures
// per scope, never averaged across scopes. Pure.
import type { ResultRecord, RunStatus } from '../core/records.js';
import { type Summary, summarise } from '../core/stats.js';
import { HEADLINE_SCOPE_ORDER } from '../harness/energy-figures.js';

/** Metrics aggregated across cycles, by name (units in the names). */
export const AGGREGATED_METRICS: Record<string, (r: ResultRecord) => number | null | undefined> = {
  j_per_output_token: (r) => r.metrics?.j_per_output_token,
  adjusted_j_per_output_token: (r) => r.metrics?.adjusted_j_per_output_token,
  energy_j: (r) => r.metrics?.energy_j,
  adjusted_energy_j: (r) => r.metrics?.adjusted_energy_j,
  j_per_request: (r) => r.metrics?.j_per_request,
  wh_per_1000_requests: (r) => r.metrics?.wh_per_1000_requests,
  mean_power_w: (r) => r.metrics?.mean_power_w,
  peak_power_w: (r) => r.metrics?.peak_power_w,
  output_tokens_per_s: (r) => r.metrics?.output_tokens_per_s,
  total_tokens_per_s: (r) => r.metrics?.total_tokens_per_s,
  requests_per_s: (r) => r.metrics?.requests_per_s,
  ttft_queued_p50_ms: (r) => r.metrics?.ttft_queued?.p50_ms,
  ttft_queued_p99_ms: (r) => r.metrics?.ttft_queued?.p99_ms,
  ttft_service_p50_ms: (r) => r.metrics?.ttft_service?.p50_ms,
  ttft_service_p99_ms: (r) => r.metrics?.ttft_service?.p99_ms,
  itl_p50_ms: (r) => r.metrics?.itl?.p50_ms,
  itl_p99_ms: (r) => r.metrics?.itl?.p99_ms,
  e2e_queued_p50_ms: (r) => r.metrics?.e2e_queued?.p50_ms,
  e2e_queued_p99_ms: (r) => r.metrics?.e2e_queued?.p99_ms,
  e2e_service_p50_ms: (r) => r.metrics?.e2e_service?.p50_ms,
  e2e_service_p99_ms: (r) => r.metrics?.e2e_service?.p99_ms,
  send_error_p99_ms: (r) => r.metrics?.schedule?.send_error?.p99_ms,
  achieved_rate_rps: (r) => r.metrics?.schedule?.achieved_rate_rps,
  carbon_g: (r) => r.metrics?.carbon_g,
  load_energy_j: (r) => r.metrics?.load_energy_j,
  window_s: (r) => r.timings.window_s,
  load_s: (r) => r.timings.load_s,
};

/**
 * Entries of `AGGREGATED_METRICS` that are figures of the headline energy scope: they are
 * aggregated only over cycles whose headline scope is the configuration's `energy_scope`.
 */
export const SCOPED_METRICS: ReadonlySet<string> = new Set([
  'j_per_output_token',
  'adjusted_j_per_output_token',
  'energy_j',
  'adjusted_energy_j',
  'j_per_request',
  'wh_per_1000_requests',
  'mean_power_w',
  'peak_power_w',
  'carbon_g',
]);

/** Per-scope figures taken from a record's `energy.scopes` (units in the names). */
const SCOPE_METRICS: Record<
  string,
  (s: ResultRecord['energy']['scopes'][number], r: ResultRecord) => number | null
> = {
  energy_j: (s) => s.energy_j,
  adjusted_energy_j: (s) => s.adjusted_energy_j,
  uncertainty_j: (s) => s.uncertainty_j,
  mean_power_w: (s) => s.mean_power_w,
  peak_power_w: (s) => s.peak_power_w,
  j_per_output_token: (s, r) => (r.tokens.output > 0 ? s.energy_j / r.tokens.output : null),
  adjusted_j_per_output_token: (s, r) =>
    s.adjusted_energy_j === null || r.tokens.output === 0 ? null : s.adjusted_energy_j / r.tokens.output,
};

/**
 * Relative spread of mean power across configurations ((max − min) / mean) below which estimate-only
 * energy differences are said to reflect throughput only: the estimate's power then barely depends
 * on the configuration, so J/token ≈ constant power / tokens per second.
 */
export const FLAT_ESTIMATE_POWER_SPREAD = 0.05;

/** One configuration of a study, as the aggregation needs it. */
export interface AggregateExperiment {
  index: number;
  config_hash: string;
  slug: string;
  factors: Record<string, unknown>;
  /** Cycles planned for it. */
  cycles: number;
}

/** One energy scope's figures across the valid cycles that measured it. */
export interface ScopeAggregate {
  /** Valid cycles that report this scope. */
  cycles: number[];
  /** Per metric (`SCOPE_METRICS` names), over those cycles. */
  metrics: Record<string, Summary>;
}

/** One configuration's figures across its cycles. */
export interface ConfigurationSummary {
  experiment: number;
  config_hash: string;
  slug: string;
  factors: Record<string, unknown>;
  cycles_planned: number;
  cycles_ok: number;
  cycles_failed: number;
  cycles_interrupted: number;
  /** `ok` cycles whose validity checks passed: the only ones in the aggregates. */
  cycles_valid: number;
  /** `ok` cycles left out of the aggregates for an error-severity validity failure (listed in `exclusions`). */
  cycles_excluded: number;
  /**
   * Scope of the headline energy metrics: the headline scope most valid cycles share (ties go to
   * gpu > node > cpu > dram > estimate); null without a valid cycle that measured energy.
   */
  energy_scope: string | null;
  /** Set when valid cycles disagree on their headline scope: which cycles were left out of the headline energy metrics. */
  energy_scope_note: string | null;
  /**
   * Per metric, over the valid cycles that reported it; energy metrics (`SCOPED_METRICS`) only
   * over the valid cycles whose headline scope is `energy_scope`.
   */
  metrics: Record<string, Summary>;
  /** Energy figures per scope, each over the valid cycles that measured that scope. */
  scopes: Record<string, ScopeAggregate>;
}

/** A run that did not end `ok`, with its reason. */
export interface FailureSummary {
  experiment: number;
  cycle: number;
  status: RunStatus;
  code: string;
  message: string;
  phase: string;
}

/** An `ok` run left out of the aggregates, with the validity checks that failed. */
export interface ExclusionSummary {
  experiment: number;
  cycle: number;
  /** The failed error-severity checks. */
  checks: { id: string; detail: string }[];
  /** One line: `id: detail; …`. */
  reason: string;
}

/** A statement about the whole study's figures (`code` is stable). */
export interface AggregateNote {
  code: 'ENERGY_REFLECTS_THROUGHPUT';
  message: string;
}

/** Per-configuration summaries, the failures and the exclusions, for `summary.json`. */
export interface Aggregate {
  configurations: ConfigurationSummary[];
  failures: FailureSummary[];
  exclusions: ExclusionSummary[];
  notes: AggregateNote[];
}

/** The failed error-severity checks of an `ok` record; empty when it counts. */
export function excludingChecks(r: ResultRecord): { id: string; detail: string }[] {
  const failed = r.validity.checks
    .filter((c) => !c.passed && c.severity === 'error')
    .map((c) => ({ id: c.id, detail: c.detail }));
  // A record that says it is not valid without naming a check is excluded all the same.
  if (failed.length === 0 && !r.validity.valid)
    return [{ id: 'validity', detail: `record marked not valid (${r.validity.errors} errors)` }];
  return failed;
}

function summariseBy<T>(
  items: readonly T[],
  metrics: Record<string, (x: T) => number | null | undefined>,
  skip: (name: string, x: T) => boolean = () => false,
): Record<string, Summary> {
  const out: Record<string, Summary> = {};
  for (const [name, pick] of Object.entries(metrics)) {
    const xs = items
      .filter((x) => !skip(name, x))
      .map(pick)
      .filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    if (xs.length > 0) out[name] = summarise(xs);
  }
  return out;
}

function scopeRank(scope: string): number {
  const i = (HEADLINE_SCOPE_ORDER as readonly string[]).indexOf(scope);
  return i === -1 ? HEADLINE_SCOPE_ORDER.length : i;
}

/** The headline scope most records share (ties by headline order), and a note on the others. */
function chooseScope(valid: readonly ResultRecord[]): { scope: string | null; note: string | null } {
  const cycles = new Map<string, number[]>();
  for (const r of valid) {
    const s = r.metrics?.energy_scope;
    if (s) cycles.set(s, [...(cycles.get(s) ?? []), r.cycle]);
  }
  const ranked = [...cycles.entries()].sort(
    (a, b) => b[1].length - a[1].length || scopeRank(a[0]) - scopeRank(b[0]),
  );
  if (ranked.length === 0) return { scope: null, note: null };
  const scope = ranked[0]![0];
  if (ranked.length === 1) return { scope, note: null };
  const others = ranked
    .slice(1)
    .map(([s, cs]) => `${s} in cycle${cs.length > 1 ? 's' : ''} ${cs.join(', ')}`)
    .join('; ');
  return {
    scope,
    note: `headline scope differs between cycles (${others}); headline energy figures are ${scope} only, over ${ranked[0]![1].length} cycles; per-scope figures in scopes`,
  };
}

function scopeAggregates(valid: readonly ResultRecord[]): Record<string, ScopeAggregate> {
  const byScope = new Map<string, { r: ResultRecord; s: ResultRecord['energy']['scopes'][number] }[]>();
  for (const r of valid)
    for (const s of r.energy?.scopes ?? []) byScope.set(s.scope, [...(byScope.get(s.scope) ?? []), { r, s }]);
  const out: Record<string, ScopeAggregate> = {};
  for (const scope of [...byScope.keys()].sort((a, b) => scopeRank(a) - scopeRank(b))) {
    const rows = byScope.get(scope)!;
    const metrics = Object.fromEntries(
      Object.entries(SCOPE_METRICS).map(([k, f]) => [k, (x: (typeof rows)[number]) => f(x.s, x.r)]),
    );
    out[scope] = { cycles: rows.map((x) => x.r.cycle), metrics: summariseBy(rows, metrics) };
  }
  return out;
}

function failureOf(experiment: number, r: ResultRecord): FailureSummary {
  return {
    experiment,
    cycle: r.cycle,
    status: r.status,
    // The harness records a stop inside the window as `interrupted` without an error.
    code: r.error?.code ?? (r.status === 'interrupted' ? 'ERR_ABORTED' : 'unknown'),
    message: r.error?.message ?? (r.status === 'interrupted' ? 'stopped during the measurement window' : ''),
    phase: r.error?.phase ?? (r.status === 'interrupted' ? 'window' : ''),
  };
}

/**
 * When every configuration's headline energy is `estimate` and its mean power hardly varies
 * across configurations, energy differences are throughput differences in disguise: say so.
 */
function throughputNote(configurations: readonly ConfigurationSummary[]): AggregateNote[] {
  const measured = configurations.filter((c) => c.cycles_valid > 0);
  if (measured.length < 2 || measured.some((c) => c.energy_scope !== 'estimate')) return [];
  const powers = measured.map((c) => c.metrics.mean_power_w?.mean);
  if (powers.some((p) => p === undefined)) return [];
  const ps = powers as number[];
  const avg = ps.reduce((a, b) => a + b, 0) / ps.length;
  const spread = avg > 0 ? (Math.max(...ps) - Math.min(...ps)) / avg : 0;
  if (spread > FLAT_ESTIMATE_POWER_SPREAD) return [];
  return [
    {
      code: 'ENERGY_REFLECTS_THROUGHPUT',
      message: `every configuration's energy is an estimate and its mean power varies by only ${(spread * 100).toFixed(1)} % across configurations (≤ ${FLAT_ESTIMATE_POWER_SPREAD * 100} %): energy differences reflect throughput only, not a measured difference in power`,
    },
  ];
}

/** Aggregates records (any order; one per pair) by configuration, over valid cycles only. */
export function aggregate(
  experiments: readonly AggregateExperiment[],
  records: readonly ResultRecord[],
): Aggregate {
  const byHash = new Map<string, ResultRecord[]>();
  for (const r of records) byHash.set(r.config_hash, [...(byHash.get(r.config_hash) ?? []), r]);
  const failures: FailureSummary[] = [];
  const exclusions: ExclusionSummary[] = [];
  const configurations = experiments.map((e): ConfigurationSummary => {
    const mine = [...(byHash.get(e.config_hash) ?? [])].sort((a, b) => a.cycle - b.cycle);
    const ok = mine.filter((r) => r.status === 'ok');
    for (const r of mine) if (r.status !== 'ok') failures.push(failureOf(e.index, r));
    const valid: ResultRecord[] = [];
    for (const r of ok) {
      const checks = excludingChecks(r);
      if (checks.length === 0) valid.push(r);
      else
        exclusions.push({
          experiment: e.index,
          cycle: r.cycle,
          checks,
          reason: checks.map((c) => `${c.id}: ${c.detail}`).join('; '),
        });
    }
    const { scope, note } = chooseScope(valid);
    const metrics = summariseBy(
      valid,
      AGGREGATED_METRICS,
      (name, r) => SCOPED_METRICS.has(name) && r.metrics?.energy_scope !== scope,
    );
    return {
      experiment: e.index,
      config_hash: e.config_hash,
      slug: e.slug,
      factors: e.factors,
      cycles_planned: e.cycles,
      cycles_ok: ok.length,
      cycles_failed: mine.filter((r) => r.status === 'failed').length,
      cycles_interrupted: mine.filter((r) => r.status === 'interrupted').length,
      cycles_valid: valid.length,
      cycles_excluded: ok.length - valid.length,
      energy_scope: scope,
      energy_scope_note: note,
      metrics,
      scopes: scopeAggregates(valid),
    };
  });
  failures.sort((a, b) => a.experiment - b.experiment || a.cycle - b.cycle);
  exclusions.sort((a, b) => a.experiment - b.experiment || a.cycle - b.cycle);
  return { configurations, failures, exclusions, notes: throughputNote(configurations) };
}

/** Configurations without a single valid cycle (in a completed study: every cycle failed or was excluded). */
export function configurationsWithoutValidCycle(a: Aggregate): ConfigurationSummary[] {
  return a.configurations.filter((c) => c.cycles_planned > 0 && c.cycles_valid === 0);
}
