import type { ExperimentConfig } from '../config/schema.js';
import type { LlemWarning } from '../core/warning.js';
import type { EngineForecast } from '../engines/engine.js';

/** A rough duration forecast for `--dry-run`, seconds per phase. */
export interface DurationEstimate {
  baseline_s: number;
  load_s: number;
  warmup_s: number;
  thermal_floor_max_s: number;
  /**
   * Set when the floor is known to be skipped (no selected energy source reports a temperature):
   * the seconds it would have taken, left out of `thermal_floor_max_s` and `total_s`.
   */
  thermal_floor_skipped_s?: number;
  /** The window as planned: the workload's own length, raised to `min_window_s` by the duration fill. */
  window_s: number;
  /** The workload's own length without the fill: the requests' service time, or the span of the arrivals. */
  workload_s: number;
  total_s: number;
  assumptions: string[];
  /** `SHORT_WINDOW` when the planned window is shorter than `min_window_s` (the window_length check would fail). */
  warnings: LlemWarning[];
}

/** Options of `estimateDuration`. */
export interface DurationEstimateOptions {
  /**
   * Whether the energy sources selected here report a temperature (see `forecastTemperature`);
   * `reported: false` leaves the thermal floor out. Unknown (absent): counted in full.
   */
  temperature?: { reported: boolean; sources: string[] };
}

/**
 * Forecasts how long one experiment takes, from the engine's forecast of its decode speed
 * (`Engine.forecast`; null when the engine has none: then load, warmup and the workload count 0 s
 * and an assumption says so). Good to a factor of about two; the real figure is in the result's
 * `timings`. A rate schedule lasts at least its arrivals' span, and the duration fill
 * (`load.fill_min_window`) raises the window to `min_window_s`; a window still shorter than that
 * gets a `SHORT_WINDOW` warning.
 */
export function estimateDuration(
  config: ExperimentConfig,
  forecast: EngineForecast | null,
  o: DurationEstimateOptions = {},
): DurationEstimate {
  const assumptions: string[] = [];
  const m = config.measurement;
  const baseline = m.baseline.enabled ? m.baseline.duration_s : 0;
  if (m.baseline.enabled && m.baseline.strategy !== 'fresh') {
    assumptions.push(`baseline counted in full; a cached one (< ${m.baseline.cache_ttl_s} s old) takes 0 s`);
  }
  if (forecast === null) {
    assumptions.push(
      `no forecast for engine ${config.engine}: load, warmup and request times are not counted (the window is at least min_window_s when filled)`,
    );
  }
  const stepS = forecast?.decodeStepS ?? 0;
  const sequences =
    config.load.mode === 'concurrency' ? (config.load.concurrency ?? 1) : (forecast?.batchSequences ?? 1);
  const tokensPerRequest = config.dataset.output_tokens ?? config.max_output_tokens;
  const perRequestS = tokensPerRequest * stepS;
  const parallel = forecast?.batchingSpeedsUp ? sequences : 1;
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
  if (forecast === null) {
    // Without the engine's speed the workload's length is unknown: neither fill nor warning.
  } else if (l.fill_min_window && workload < minWindowS) {
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
  const load = forecast?.loadS ?? 0;
  const held = m.warmup.enabled ? Math.max(0, m.warmup.thermal_floor_s - warmup) : 0;
  // The harness skips the floor when no source reports a temperature; when the dry run knows, it counts 0.
  const skipped = held > 0 && o.temperature?.reported === false;
  const floor = skipped ? 0 : held;
  if (forecast !== null) {
    const [last, ...rest] = [...forecast.assumptions].reverse();
    assumptions.push(
      ...rest.reverse(),
      `${last ?? 'engine forecast'}, ${sequences} sequence(s), ${tokensPerRequest} tokens per request`,
    );
  }
  if (skipped)
    assumptions.push(
      `no thermal floor: no energy source here reports a temperature (${o.temperature!.sources.join(', ') || 'none'}), so the run skips it`,
    );
  else if (floor > 0)
    assumptions.push('thermal floor counted in full; it is skipped when no source reports a temperature');
  return {
    baseline_s: baseline,
    load_s: load,
    warmup_s: warmup,
    thermal_floor_max_s: floor,
    ...(skipped ? { thermal_floor_skipped_s: held } : {}),
    window_s: window,
    workload_s: workload,
    total_s: baseline + load + warmup + floor + window,
    assumptions,
    warnings,
  };
}
