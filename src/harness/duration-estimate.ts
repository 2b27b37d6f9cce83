import type { ExperimentConfig } from '../config/schema.js';
import type { LlemWarning } from '../core/warning.js';
import type { ModelInfo } from '../engines/engine.js';

/** A rough duration forecast for `--dry-run`, seconds per phase. */
export interface DurationEstimate {
  baseline_s: number;
  load_s: number;
  warmup_s: number;
  thermal_floor_max_s: number;
  /** The window as planned: the workload's own length, raised to `min_window_s` by the duration fill. */
  window_s: number;
  /** The workload's own length without the fill: the requests' service time, or the span of the arrivals. */
  workload_s: number;
  total_s: number;
  assumptions: string[];
  /** `SHORT_WINDOW` when the planned window is shorter than `min_window_s` (the window_length check would fail). */
  warnings: LlemWarning[];
}

/** Effective memory bandwidth assumed for decode on a CPU, bytes/s (conservative for servers). */
const CPU_BANDWIDTH_BPS = 10e9;
/** Effective memory bandwidth assumed for decode on a data-centre GPU, bytes/s. */
const GPU_BANDWIDTH_BPS = 1.5e12;
/** Storage read rate assumed for loading weights, bytes/s. */
const LOAD_BPS = 1e9;

/**
 * Forecasts how long one experiment takes. Decode is modelled as memory-bound: each step reads
 * the weights once, so a step takes weights ÷ bandwidth and yields one token per active sequence.
 * Good to a factor of about two; the real figure is in the result's `timings`. A rate schedule
 * lasts at least its arrivals' span, and the duration fill (`load.fill_min_window`) raises the
 * window to `min_window_s`; a window still shorter than that gets a `SHORT_WINDOW` warning.
 */
export function estimateDuration(
  config: ExperimentConfig,
  model: ModelInfo | undefined,
  onGpu: boolean,
): DurationEstimate {
  const assumptions: string[] = [];
  const m = config.measurement;
  const baseline = m.baseline.enabled ? m.baseline.duration_s : 0;
  if (m.baseline.enabled && m.baseline.strategy !== 'fresh') {
    assumptions.push(`baseline counted in full; a cached one (< ${m.baseline.cache_ttl_s} s old) takes 0 s`);
  }
  const weights = model?.weightsBytes ?? 0;
  if (model === undefined)
    assumptions.push('model size unknown until it is loaded; load and window times are guesses');
  const bandwidth = onGpu ? GPU_BANDWIDTH_BPS : CPU_BANDWIDTH_BPS;
  const stepS = Math.max(weights / bandwidth, 0.002);
  const sequences =
    config.load.mode === 'concurrency'
      ? (config.load.concurrency ?? 1)
      : Math.max(1, config.llamacpp?.sequences ?? 1);
  const tokensPerRequest = config.dataset.output_tokens ?? config.max_output_tokens;
  const perRequestS = tokensPerRequest * stepS;
  // A GPU decodes a batch of sequences in about the time of one; a CPU is compute-bound and gains
  // little from batching (measured here: 1 → 4 sequences, +5 % tokens/s).
  const parallel = onGpu ? sequences : 1;
  const n = config.dataset.n_prompts;
  const served = (n / parallel) * perRequestS;
  // An open loop lasts at least until its last arrival (n − 1 mean gaps) has been served.
  const l = config.load;
  const workload =
    l.mode === 'rate' && l.rate_rps !== undefined
      ? Math.max(served, (n - 1) / l.rate_rps + perRequestS)
      : served;
  const minWindowS = m.energy.min_window_s;
  const window = l.fill_min_window ? Math.max(workload, minWindowS) : workload;
  const warnings: LlemWarning[] = [];
  if (l.fill_min_window && workload < minWindowS) {
    assumptions.push(
      `requests cycle through the dataset until the window reaches min_window_s (${minWindowS} s; the ${n} planned requests alone take ≈ ${workload.toFixed(1)} s)`,
    );
  } else if (window < minWindowS) {
    warnings.push({
      code: 'SHORT_WINDOW',
      message: `the planned window (≈ ${window.toFixed(1)} s) is shorter than measurement.energy.min_window_s (${minWindowS} s): the window_length check will fail — set load.fill_min_window: true, raise dataset.n_prompts${l.mode === 'rate' ? ' or lower load.rate_rps' : ''}`,
    });
  }
  const warmCount = !m.warmup.enabled
    ? 0
    : m.warmup.convergence.enabled
      ? m.warmup.convergence.max_prompts
      : m.warmup.n_warmup;
  const warmup = warmCount * perRequestS;
  const load = 0.5 + weights / LOAD_BPS;
  const floor = m.warmup.enabled ? Math.max(0, m.warmup.thermal_floor_s - warmup) : 0;
  assumptions.push(
    `decode memory-bound at ${(bandwidth / 1e9).toFixed(0)} GB/s (${onGpu ? 'GPU: sequences decode together' : 'CPU: no gain from batching'}), ${sequences} sequence(s), ${tokensPerRequest} tokens per request`,
  );
  if (floor > 0)
    assumptions.push('thermal floor counted in full; it is skipped when no source reports a temperature');
  return {
    baseline_s: baseline,
    load_s: load,
    warmup_s: warmup,
    thermal_floor_max_s: floor,
    window_s: window,
    workload_s: workload,
    total_s: baseline + load + warmup + floor + window,
    assumptions,
    warnings,
  };
}
