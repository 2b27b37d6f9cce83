import type { LlemWarning } from './warning.js';

/** Version of the `result.json` layout; bumped on any incompatible change. */
export const RESULT_SCHEMA_VERSION = 1;

/** Lifecycle of one measured (experiment, cycle) pair. */
export type RunStatus = 'ok' | 'failed' | 'interrupted';

/**
 * The named terms of a figure's uncertainty (SPEC §4), about 95 % coverage each. The figure's
 * `uncertainty_j` is `combined_j`.
 */
export interface UncertaintyRecord {
  /** Read-out/integration term: counter edges and update period, sampling, window edges, joules. */
  readout_j: number;
  readout_basis: string;
  /** The source's calibration class applied to the figure, joules. */
  accuracy_j: number;
  /** accuracy_j ÷ energy (the class, or the floor's share where that is larger). */
  accuracy_fraction: number;
  accuracy_basis: string;
  /** √(readout² + accuracy²): the uncertainty of the absolute figure, joules. */
  combined_j: number;
  /** For comparisons between runs on the same device (calibration cancels): the read-out term, joules. */
  comparative_j: number;
}

/** Energy of one device within one source reading, as persisted. */
export interface DeviceEnergyRecord {
  device: string;
  scope: string;
  method: string;
  energy_j: number;
  /** Combined 95 % uncertainty (`uncertainty.combined_j`), joules. */
  uncertainty_j: number;
  uncertainty: UncertaintyRecord;
  mean_power_w: number;
  /** At least `mean_power_w`: a mean never exceeds the maximum it averages. */
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
  /** Combined 95 % uncertainty (`uncertainty.combined_j`), joules. */
  uncertainty_j: number;
  /** How the read-out term was derived, in words. */
  uncertainty_basis: string;
  uncertainty: UncertaintyRecord;
  /** The interval the source measured (its own window edges), seconds. */
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
  /** Energy minus baseline power × `duration_s`, never below zero, joules. */
  adjusted_energy_j: number | null;
  /** Combined 95 % uncertainty of `energy_j` (`uncertainty.combined_j`), joules. */
  uncertainty_j: number;
  uncertainty: UncertaintyRecord;
  /** Terms of `adjusted_energy_j`: idle power uncertainty and idle drift × duration added to the read-out. */
  adjusted_uncertainty: UncertaintyRecord | null;
  /** Idle power used for the adjustment, watts. */
  baseline_power_w: number | null;
  /** The interval `energy_j` covers (the sources' own edges; the longest when several), seconds. */
  duration_s: number;
  /** Sum over sources of energy ÷ each source's own interval, watts. */
  mean_power_w: number;
  /** At least `mean_power_w`. */
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

/** The arrival schedule of a window, planned against achieved (SPEC §3.3, §5). */
export interface ScheduleRecord {
  mode: 'batch' | 'concurrency' | 'rate';
  /** rate mode: the arrival process; null for closed loops. */
  arrival: 'poisson' | 'constant' | 'gamma' | null;
  /** gamma arrivals: the shape (inter-arrival CV = 1/√shape); null otherwise. */
  burstiness: number | null;
  /** Closed loops: requests kept outstanding (batch: all of them); null for rate mode. */
  concurrency: number | null;
  /** `dataset.n_prompts`. */
  requests_planned: number;
  /** Requests in the window: planned ones plus those added to fill `min_window_s`. */
  requests_total: number;
  /** Requests added by the duration fill (cycling through the dataset). */
  requests_added: number;
  /** Requests actually sent (an interrupted run sends fewer). */
  requests_sent: number;
  /** The minimum window the schedule was filled to, seconds; null when the fill is off. */
  fill_min_window_s: number | null;
  /** rate mode: `load.rate_rps`; null for closed loops (their rate follows the engine). */
  planned_rate_rps: number | null;
  /** Sends per second over the send span: (sent − 1) / (last send − first send); null below 2 sends. */
  achieved_rate_rps: number | null;
  /** rate mode: the inter-arrival CV the process promises (constant 0, Poisson 1, gamma 1/√k). */
  planned_interarrival_cv: number | null;
  /** CV of the gaps between actual sends; null below 3 sends. */
  achieved_interarrival_cv: number | null;
  /** Send-time error = actual send − scheduled send, ms (p50, p99, max…); null when nothing was sent. */
  send_error: LatencyRecord | null;
}

/** Requests meeting the service-level objectives, and what they cost (SPEC §3.3). */
export interface GoodputRecord {
  /** The objectives, ms; null where not set. */
  slo: { ttft_ms: number | null; itl_ms: number | null; e2e_ms: number | null };
  /** Requests in the window, failed ones included (they miss every objective). */
  requests_total: number;
  requests_meeting: number;
  /** requests_meeting ÷ requests_total. */
  share_meeting: number;
  /** Requests meeting the objectives per second of window. */
  goodput_rps: number;
  /** Output tokens of those requests per second of window. */
  goodput_output_tokens_per_s: number;
  /** Window energy (headline scope) ÷ requests meeting the objectives, joules. */
  j_per_goodput_request: number | null;
  /** Adjusted window energy ÷ requests meeting the objectives, joules. */
  adjusted_j_per_goodput_request: number | null;
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
  /** Combined 95 % uncertainty of `energy_j` (terms in the scope's `uncertainty`), joules. */
  energy_uncertainty_j: number | null;
  /** Combined 95 % uncertainty of `adjusted_energy_j` (terms in the scope's `adjusted_uncertainty`), joules. */
  adjusted_energy_uncertainty_j: number | null;
  j_per_output_token: number | null;
  j_per_output_token_uncertainty: number | null;
  adjusted_j_per_output_token: number | null;
  adjusted_j_per_output_token_uncertainty: number | null;
  j_per_request: number | null;
  wh_per_1000_requests: number | null;
  mean_power_w: number | null;
  peak_power_w: number | null;
  /** Energy of the model load in the headline scope (`energy_scope`); every scope in `energy.load_scopes`, joules. */
  load_energy_j: number | null;
  output_tokens_per_s: number;
  total_tokens_per_s: number;
  requests_per_s: number;
  /** Time to first token from the scheduled send time (queueing for a free slot included). */
  ttft_queued: LatencyRecord | null;
  /** Time to first token from the start of work on the request (queueing excluded). */
  ttft_service: LatencyRecord | null;
  itl: LatencyRecord | null;
  tpot: LatencyRecord | null;
  /** End-to-end latency from the scheduled send time (queueing included). */
  e2e_queued: LatencyRecord | null;
  /** End-to-end latency from the start of work (queueing excluded). */
  e2e_service: LatencyRecord | null;
  /** How the requests were issued, planned against achieved. */
  schedule: ScheduleRecord | null;
  /** Requests meeting `slo` and their cost; null when no `slo` is set. */
  goodput?: GoodputRecord | null;
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
    /** Load-phase energy per scope (no baseline adjustment). */
    load_scopes: ScopeEnergy[];
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
