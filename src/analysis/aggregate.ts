// Aggregation across cycles (SPEC §7): per configuration and metric, n, mean, median, std, CV,
// the 95 % Student-t interval of the mean, min and max, over the `ok` records only. Pure.
import type { ResultRecord, RunStatus } from '../core/records.js';
import { type Summary, summarise } from '../core/stats.js';

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

/** One configuration of a study, as the aggregation needs it. */
export interface AggregateExperiment {
  index: number;
  config_hash: string;
  slug: string;
  factors: Record<string, unknown>;
  /** Cycles planned for it. */
  cycles: number;
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
  /** Scope of the headline energy figures (`mixed` if cycles disagree; null without energy). */
  energy_scope: string | null;
  /** Cycles whose validity checks passed. */
  cycles_valid: number;
  /** Per metric, over the `ok` cycles that reported it. */
  metrics: Record<string, Summary>;
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

/** Per-configuration summaries and the failures, for `summary.json`. */
export interface Aggregate {
  configurations: ConfigurationSummary[];
  failures: FailureSummary[];
}

/** Aggregates records (any order; one per pair) by configuration. */
export function aggregate(
  experiments: readonly AggregateExperiment[],
  records: readonly ResultRecord[],
): Aggregate {
  const byHash = new Map<string, ResultRecord[]>();
  for (const r of records) byHash.set(r.config_hash, [...(byHash.get(r.config_hash) ?? []), r]);
  const failures: FailureSummary[] = [];
  const configurations = experiments.map((e): ConfigurationSummary => {
    const mine = [...(byHash.get(e.config_hash) ?? [])].sort((a, b) => a.cycle - b.cycle);
    const ok = mine.filter((r) => r.status === 'ok');
    for (const r of mine) {
      if (r.status === 'ok') continue;
      failures.push({
        experiment: e.index,
        cycle: r.cycle,
        status: r.status,
        // The harness records a stop inside the window as `interrupted` without an error.
        code: r.error?.code ?? (r.status === 'interrupted' ? 'ERR_ABORTED' : 'unknown'),
        message:
          r.error?.message ?? (r.status === 'interrupted' ? 'stopped during the measurement window' : ''),
        phase: r.error?.phase ?? (r.status === 'interrupted' ? 'window' : ''),
      });
    }
    const metrics: Record<string, Summary> = {};
    for (const [name, pick] of Object.entries(AGGREGATED_METRICS)) {
      const xs = ok.map(pick).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
      if (xs.length > 0) metrics[name] = summarise(xs);
    }
    const scopes = [...new Set(ok.map((r) => r.metrics?.energy_scope ?? null).filter((s) => s !== null))];
    return {
      experiment: e.index,
      config_hash: e.config_hash,
      slug: e.slug,
      factors: e.factors,
      cycles_planned: e.cycles,
      cycles_ok: ok.length,
      cycles_failed: mine.filter((r) => r.status === 'failed').length,
      cycles_interrupted: mine.filter((r) => r.status === 'interrupted').length,
      energy_scope: scopes.length === 0 ? null : scopes.length === 1 ? scopes[0]! : 'mixed',
      cycles_valid: ok.filter((r) => r.validity.valid).length,
      metrics,
    };
  });
  failures.sort((a, b) => a.experiment - b.experiment || a.cycle - b.cycle);
  return { configurations, failures };
}

function fmt(x: number | undefined, digits = 3): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toExponential(digits - 1);
  // Significant digits without exponent notation (370, not 3.7e+2); small values keep trailing zeros.
  return Math.abs(x) >= 10 ** digits ? String(Number(x.toPrecision(digits))) : x.toPrecision(digits);
}

/** `mean ± half-width of the 95 % CI` (just the mean for one cycle). */
function withCi(s: Summary | undefined): string {
  if (s === undefined) return '—';
  const half = (s.ci95_high - s.ci95_low) / 2;
  return Number.isFinite(half) ? `${fmt(s.mean)} ± ${fmt(half, 2)}` : fmt(s.mean);
}

/** The end-of-study table: one row per configuration (J/output token ± CI, CV, tokens/s, p99 TTFT, cycles). */
export function renderAggregateTable(a: Aggregate): string {
  const head = [
    '#',
    'configuration',
    'cycles ok',
    'J/output token (95% CI)',
    'CV',
    'output tok/s',
    'TTFT queued p99 ms',
    'scope',
  ];
  const rows = a.configurations.map((c) => [
    String(c.experiment),
    c.slug,
    `${c.cycles_ok}/${c.cycles_planned}`,
    withCi(c.metrics.j_per_output_token),
    (c.metrics.j_per_output_token?.n ?? 0) >= 2 ? `${fmt(c.metrics.j_per_output_token!.cv * 100, 2)}%` : '—',
    withCi(c.metrics.output_tokens_per_s),
    fmt(c.metrics.ttft_queued_p99_ms?.mean),
    c.energy_scope ?? '—',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
