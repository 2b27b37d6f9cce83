import type { LlemWarning } from './warning.js';

/** Version of the `result.json` layout; bumped on any incompatible change. */
export const RESULT_SCHEMA_VERSION = 1;

/** Lifecycle of one measured (experiment, cycle) pair. */
export type RunStatus = 'ok' | 'failed' | 'interrupted';

/** Energy of one device within one source reading, as persisted. */
export interface DeviceEnergyRecord {
  device: string;
  scope: string;
  method: string;
  energy_j: number;
  uncertainty_j: number;
  mean_power_w: number;
  peak_power_w: number;
  integrated_energy_j?: number;
  /** Set (with the reason) when this device is already inside another device's figure. */
  not_summed?: string;
  power_limit_w?: number;
  persistence_mode?: boolean;
}

/** One energy source's figures for the measurement window, as persisted. */
export interface EnergySourceRecord {
  source: string;
  scope: string;
  method: string;
  energy_j: number;
  uncertainty_j: number;
  uncertainty_basis: string;
  duration_s: number;
  mean_power_w: number;
  peak_power_w: number;
  samples: number;
  expected_samples: number;
  devices: DeviceEnergyRecord[];
  notes: string[];
  /** Other processes seen on the measured devices, when the source can tell. */
  other_processes?: string[];
  /** CPU seconds the sampler thread used in the window. */
  sampler_cpu_s?: number;
  /** Who used the CPU in the window: llem's process tree vs the whole machine (CPU sources). */
  cpu_share?: CpuShareRecord;
  /** The source's configured mode when it has several (estimate: `process`, `machine`, `codecarbon`). */
  mode?: string;
}

/** Who used the CPU over an interval, as persisted; fractions are of all online CPU time (0–1). */
export interface CpuShareRecord {
  /** llem's process tree (this process and every descendant). */
  own_fraction: number;
  /** Busy time of the whole machine (steal excluded). */
  machine_fraction: number;
  /** machine − own, at least 0: other processes and the kernel. */
  other_fraction: number;
  own_cpu_s: number;
  machine_cpu_s: number;
  /** Online CPUs × elapsed time, CPU seconds. */
  capacity_cpu_s: number;
  online_cpus: number;
  /** Processes in llem's tree at the end of the interval. */
  processes: number;
}

/** Energy totals of one scope (never mixed across scopes). */
export interface ScopeEnergy {
  scope: string;
  method: string;
  /** Energy in the window, joules. */
  energy_j: number;
  /** Energy minus baseline power × window duration, never below zero, joules. */
  adjusted_energy_j: number | null;
  /** About 95 % coverage, joules. */
  uncertainty_j: number;
  /** Idle power used for the adjustment, watts. */
  baseline_power_w: number | null;
  mean_power_w: number;
  peak_power_w: number;
  sources: string[];
}

/** Latency distribution, milliseconds. */
export interface LatencyRecord {
  /** Number of values the distribution was computed from. */
  n: number;
  mean_ms: number;
  /** Median, linear interpolation between closest ranks (numpy default). */
  p50_ms: number;
  p90_ms: number;
  p95_ms: number;
  p99_ms: number;
  min_ms: number;
  max_ms: number;
}

/** A recorded validity check (SPEC §5). */
export interface ValidityRecord {
  id: string;
  passed: boolean;
  severity: 'error' | 'warning' | 'info';
  detail: string;
  value?: number;
  threshold?: number;
}

/** The headline metrics of one run (SPEC §5). */
export interface MetricsRecord {
  /** Scope of the headline energy figures (gpu > node > cpu > estimate). */
  energy_scope: string | null;
  energy_j: number | null;
  adjusted_energy_j: number | null;
  energy_uncertainty_j: number | null;
  j_per_output_token: number | null;
  adjusted_j_per_output_token: number | null;
  j_per_request: number | null;
  wh_per_1000_requests: number | null;
  mean_power_w: number | null;
  peak_power_w: number | null;
  load_energy_j: number | null;
  output_tokens_per_s: number;
  total_tokens_per_s: number;
  requests_per_s: number;
  ttft: LatencyRecord | null;
  itl: LatencyRecord | null;
  tpot: LatencyRecord | null;
  e2e: LatencyRecord | null;
  /** Grams CO2e of the window's energy × PUE, when a grid intensity is set. */
  carbon_g: number | null;
  flops: Record<string, unknown> | null;
  memory: Record<string, number | null>;
  thermal: { throttled: boolean; throttle_duration_s: number; max_temperature_c: number | null };
}

/** Everything `result.json` holds for one (experiment, cycle). */
export interface ResultRecord {
  schema_version: number;
  llem_version: string;
  experiment_id: string;
  name: string;
  config_hash: string;
  study_hash: string;
  cycle: number;
  status: RunStatus;
  error: { code: string; message: string; phase: string } | null;
  started_at: string;
  ended_at: string;
  config: Record<string, unknown>;
  engine: Record<string, unknown>;
  model: Record<string, unknown>;
  dataset: Record<string, unknown>;
  environment: Record<string, unknown>;
  timings: Record<string, number | null>;
  tokens: { input: number; output: number; requests_ok: number; requests_failed: number };
  energy: {
    sources: EnergySourceRecord[];
    scopes: ScopeEnergy[];
    probes: { source: string; available: boolean; reason: string }[];
    chosen: string[];
    load: EnergySourceRecord[];
  };
  baseline: Record<string, unknown> | null;
  metrics: MetricsRecord | null;
  /** What warmup did (mode, requests, convergence). */
  warmup: Record<string, unknown> | null;
  /** Whether the thermal floor was held, and why not. */
  thermal_floor: Record<string, unknown> | null;
  validity: { valid: boolean; errors: number; warnings: number; checks: ValidityRecord[] };
  warnings: LlemWarning[];
  /** File names relative to the run folder, and the folder's absolute path when written. */
  files: { dir: string; result: string; timeseries: string | null; requests: string | null; log: string };
}
