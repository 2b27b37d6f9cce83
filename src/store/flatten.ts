// One result record → one flat row of the results table (SPEC §7): identifiers, status and
// validity, the effective config as columns, and the headline metrics with units in their names.
// Pure: the same record and place always give the same row, so the index can cache rows.
import type { ResultRecord } from '../core/records.js';
import { experimentIndexOf, studyNameFromDir } from './layout.js';

/** A cell of the flat table: JSON scalars only, so every row is readable by pandas/polars as is. */
export type Cell = string | number | boolean | null;

/** One row of the results table, column name → value. */
export type FlatRow = Record<string, Cell>;

/** Where a record lives, relative to the results folder being indexed. */
export interface RecordPlace {
  /** The cycle folder relative to the results folder, `<study>/runs/<run>/cycle-<n>` (the row's key). */
  run_dir: string;
  /** The study folder relative to the results folder. */
  study_dir: string;
  /** The study's name from its `plan.json`; null when the folder has none (a single run). */
  study_name: string | null;
  /** The dotted config paths the study swept for this configuration (from `plan.json`); empty when unknown. */
  swept?: readonly string[];
}

/** Bumped whenever a row's columns or values change: an index built by another version is rebuilt. */
export const FLATTEN_VERSION = 2;

/** The latency distributions of `metrics`, each giving `<name>_<stat>_ms` columns. */
const LATENCIES = ['ttft_queued', 'ttft_service', 'itl', 'tpot', 'e2e_queued', 'e2e_service'] as const;
const LATENCY_STATS = ['mean', 'p50', 'p90', 'p95', 'p99'] as const;
/** Headline metrics copied under their own (unit-suffixed) names. */
const METRICS = [
  'energy_scope',
  'energy_j',
  'energy_uncertainty_j',
  'adjusted_energy_j',
  'adjusted_energy_uncertainty_j',
  'j_per_output_token',
  'j_per_output_token_uncertainty',
  'adjusted_j_per_output_token',
  'adjusted_j_per_output_token_uncertainty',
  'j_per_request',
  'wh_per_1000_requests',
  'mean_power_w',
  'peak_power_w',
  'load_energy_j',
  'output_tokens_per_s',
  'total_tokens_per_s',
  'requests_per_s',
  'carbon_g',
] as const;
const TIMINGS = ['baseline_s', 'load_s', 'warmup_s', 'thermal_floor_s', 'window_s'] as const;
/** The energy scopes of SPEC §1: each present scope gets its own `<scope>_…` columns (never mixed). */
const SCOPES = ['gpu', 'cpu', 'dram', 'node', 'estimate'] as const;

/**
 * The columns every row has, in table order (config columns and per-scope energy follow). Config
 * columns never take these names: a config path that would is prefixed `config_`.
 */
export const FIXED_COLUMNS: readonly string[] = [
  'run_dir',
  'study_name',
  'study_dir',
  'study_hash',
  'config_hash',
  'experiment_id',
  'experiment_index',
  'name',
  'swept_factors',
  'cycle',
  'status',
  'error_code',
  'error_phase',
  'error_message',
  'valid',
  'validity_errors',
  'validity_warnings',
  'failed_checks',
  'warning_codes',
  'started_at',
  'ended_at',
  'llem_version',
  'engine_name',
  'engine_version',
  'engine_device',
  'host',
  'model_parameters',
  'energy_method',
  'baseline_power_w',
  ...METRICS.filter((m) => m !== 'energy_scope'),
  'energy_scope',
  ...LATENCIES.flatMap((l) => LATENCY_STATS.map((s) => `${l}_${s}_ms`)),
  'input_tokens',
  'output_tokens',
  'requests_ok',
  'requests_failed',
  ...TIMINGS,
  'throttled',
  'throttle_duration_s',
  'max_temperature_c',
  'peak_rss_bytes',
  'model_bytes',
  'peak_gpu_memory_bytes',
  'flops_total',
  'flops_per_output_token',
  'requests_total',
  'achieved_rate_rps',
  'send_error_p99_ms',
];
const FIXED = new Set(FIXED_COLUMNS);

/** Config fields left out of the table: they name or place a run, they do not change it. */
const CONFIG_SKIP = new Set(['name', 'results_dir']);

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * The column a config path gets: its keys joined by `_` (`llamacpp.sequences` →
 * `llamacpp_sequences`), so SQL and pandas need no quoting; prefixed `config_` when that name is
 * one of the fixed columns.
 */
export function configColumn(path: string): string {
  let name = columnCache.get(path);
  if (name === undefined) {
    const joined = path.replace(/^config\./, '').replaceAll('.', '_');
    name = FIXED.has(joined) ? `config_${joined}` : joined;
    columnCache.set(path, name);
  }
  return name;
}
/** Config paths are few and repeat in every record: their column names are computed once. */
const columnCache = new Map<string, string>();

/**
 * The leaves of a config as `dotted.path → cell`: scalars as they are, arrays as JSON text (a
 * list is one factor level, e.g. `[0, 1]` devices), empty objects left out.
 */
export function configLeaves(config: Record<string, unknown>, prefix = ''): [string, Cell][] {
  const out: [string, Cell][] = [];
  for (const [key, value] of Object.entries(config)) {
    if (prefix === '' && CONFIG_SKIP.has(key)) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (value === undefined) continue;
    if (Array.isArray(value)) out.push([path, JSON.stringify(value)]);
    else if (typeof value === 'object' && value !== null)
      out.push(...configLeaves(value as Record<string, unknown>, path));
    else out.push([path, value as Cell]);
  }
  return out;
}

/** [latency, [[column, field of the latency record]…]], built once. */
const LATENCY_CELLS = LATENCIES.map(
  (l) => [l, LATENCY_STATS.map((s) => [`${l}_${s}_ms`, `${s}_ms`] as const)] as const,
);

function latencyCells(row: FlatRow, cells: (typeof LATENCY_CELLS)[number][1], l: unknown): void {
  const o = obj(l);
  for (const [column, field] of cells) row[column] = num(o[field]);
}

/**
 * Flattens a record into its row. Every fixed column is present (null when the record lacks the
 * figure: a failed run has no metrics); config leaves and per-scope energy columns follow.
 */
export function flattenRecord(record: ResultRecord, place: RecordPlace): FlatRow {
  const m = obj(record.metrics);
  const energy = obj(record.energy);
  const scopes = Array.isArray(energy.scopes) ? (energy.scopes as Record<string, unknown>[]) : [];
  const headline = scopes.find((s) => s.scope === m.energy_scope);
  const checks = Array.isArray(record.validity?.checks) ? record.validity.checks : [];
  const warnings = Array.isArray(record.warnings) ? record.warnings : [];
  const engine = obj(record.engine);
  const error = obj(record.error);
  const timings = obj(record.timings);
  const tokens = obj(record.tokens);
  const thermal = obj(m.thermal);
  const memory = obj(m.memory);
  const flops = obj(m.flops);
  const schedule = obj(m.schedule);
  const row: FlatRow = {
    run_dir: place.run_dir,
    study_name: place.study_name ?? studyNameFromDir(place.study_dir),
    study_dir: place.study_dir,
    study_hash: str(record.study_hash),
    config_hash: str(record.config_hash),
    experiment_id: str(record.experiment_id),
    experiment_index: experimentIndexOf(place.run_dir),
    name: str(record.name),
    // Which config columns this study varied: `df[row.swept_factors.split(',')]` in pandas.
    swept_factors: (place.swept ?? []).map(configColumn).join(','),
    cycle: num(record.cycle),
    status: str(record.status),
    error_code: str(error.code),
    error_phase: str(error.phase),
    error_message: str(error.message),
    // A run without a validity verdict (failed before measuring) is not valid: never looks ok.
    valid: record.status === 'ok' && record.validity?.valid === true,
    validity_errors: num(record.validity?.errors) ?? 0,
    validity_warnings: num(record.validity?.warnings) ?? 0,
    failed_checks: checks
      .filter((c) => c.passed === false)
      .map((c) => c.id)
      .join(','),
    warning_codes: warnings.map((w) => w.code).join(','),
    started_at: str(record.started_at),
    ended_at: str(record.ended_at),
    llem_version: str(record.llem_version),
    engine_name: str(engine.name),
    engine_version: str(engine.version),
    engine_device: str(engine.device),
    host: str(obj(record.environment).host),
    model_parameters: num(obj(record.model).parameters),
    energy_method: str(headline?.method),
    baseline_power_w: num(headline?.baseline_power_w),
  };
  for (const k of METRICS) row[k] = typeof m[k] === 'string' ? (m[k] as string) : num(m[k]);
  for (const [l, cells] of LATENCY_CELLS) latencyCells(row, cells, m[l]);
  row.input_tokens = num(tokens.input);
  row.output_tokens = num(tokens.output);
  row.requests_ok = num(tokens.requests_ok);
  row.requests_failed = num(tokens.requests_failed);
  for (const t of TIMINGS) row[t] = num(timings[t]);
  row.throttled = typeof thermal.throttled === 'boolean' ? thermal.throttled : null;
  row.throttle_duration_s = num(thermal.throttle_duration_s);
  row.max_temperature_c = num(thermal.max_temperature_c);
  row.peak_rss_bytes = num(memory.peak_rss_bytes);
  row.model_bytes = num(memory.model_bytes);
  row.peak_gpu_memory_bytes = num(memory.peak_gpu_memory_bytes);
  row.flops_total = num(flops.total);
  row.flops_per_output_token = num(flops.per_output_token);
  row.requests_total = num(schedule.requests_total);
  row.achieved_rate_rps = num(schedule.achieved_rate_rps);
  row.send_error_p99_ms = num(obj(schedule.send_error).p99_ms);
  for (const s of scopes) {
    const scope = String(s.scope);
    if (!(SCOPES as readonly string[]).includes(scope)) continue;
    row[`${scope}_energy_j`] = num(s.energy_j);
    row[`${scope}_adjusted_energy_j`] = num(s.adjusted_energy_j);
    row[`${scope}_mean_power_w`] = num(s.mean_power_w);
  }
  for (const [path, value] of configLeaves(obj(record.config))) row[configColumn(path)] = value;
  return row;
}

/** SQL column types of the flat table. */
export type ColumnType = 'BOOLEAN' | 'BIGINT' | 'DOUBLE' | 'VARCHAR';

/**
 * One type per column over all rows, in table order (fixed columns, then the rest sorted): all
 * booleans → BOOLEAN, all integers → BIGINT, all numbers → DOUBLE, anything else (or mixed) →
 * VARCHAR with non-strings as JSON text (see `cellFor`). A column that is null everywhere is
 * VARCHAR.
 */
export function columnTypes(rows: readonly FlatRow[]): [string, ColumnType][] {
  const seen = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      let kinds = seen.get(k);
      if (kinds === undefined) {
        kinds = new Set();
        seen.set(k, kinds);
      }
      if (v === null) continue;
      kinds.add(typeof v === 'number' ? (Number.isSafeInteger(v) ? 'int' : 'float') : typeof v);
    }
  }
  const typeOf = (kinds: Set<string>): ColumnType => {
    if (kinds.size === 0) return 'VARCHAR';
    if (kinds.size === 1 && kinds.has('boolean')) return 'BOOLEAN';
    if ([...kinds].every((k) => k === 'int')) return 'BIGINT';
    if ([...kinds].every((k) => k === 'int' || k === 'float')) return 'DOUBLE';
    return 'VARCHAR';
  };
  const names = [
    ...FIXED_COLUMNS.filter((c) => seen.has(c)),
    ...[...seen.keys()].filter((c) => !FIXED.has(c)).sort(),
  ];
  return names.map((n) => [n, typeOf(seen.get(n)!)]);
}

/** A cell converted to its column's type (VARCHAR columns take other scalars as JSON text). */
export function cellFor(value: Cell | undefined, type: ColumnType): Cell {
  if (value === null || value === undefined) return null;
  if (type === 'VARCHAR' && typeof value !== 'string') return JSON.stringify(value);
  return value;
}
