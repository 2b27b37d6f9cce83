import type { ExperimentConfig } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Engine, InferenceRequest, RequestRecord } from '../engines/engine.js';
import { hasConverged, rollingCv } from './convergence.js';

/** What the warmup phase did, as recorded in the result. */
export interface WarmupOutcome {
  mode: 'disabled' | 'fixed' | 'convergence';
  requests: number;
  duration_s: number;
  converged: boolean | null;
  final_cv: number | null;
  latencies_ms: number[];
}

function latencyOf(r: RequestRecord): number {
  return r.endMs - r.startMs;
}

/**
 * Runs warmup: a fixed number of requests through the engine's normal path, or one request at a
 * time until the rolling CV of end-to-end latency falls below the threshold (capped).
 */
export async function runWarmup(
  engine: Engine,
  pool: readonly InferenceRequest[],
  config: ExperimentConfig['measurement']['warmup'],
  clock: Clock,
  signal: AbortSignal | undefined,
  onProgress: (done: number, total: number) => void,
): Promise<WarmupOutcome> {
  const t0 = clock.nowMs();
  if (!config.enabled || pool.length === 0) {
    return {
      mode: 'disabled',
      requests: 0,
      duration_s: 0,
      converged: null,
      final_cv: null,
      latencies_ms: [],
    };
  }
  const conv = config.convergence;
  if (!conv.enabled) {
    const batch = pool.slice(0, config.n_warmup);
    const records = batch.length > 0 ? await engine.warmup(batch, signal) : [];
    onProgress(records.length, batch.length);
    return {
      mode: 'fixed',
      requests: records.length,
      duration_s: (clock.nowMs() - t0) / 1000,
      converged: null,
      final_cv: null,
      latencies_ms: records.map(latencyOf),
    };
  }
  const latencies: number[] = [];
  const opts = { cvThreshold: conv.cv_threshold, window: conv.window, minPrompts: conv.min_prompts };
  let converged = false;
  for (let i = 0; i < conv.max_prompts; i++) {
    signal?.throwIfAborted();
    const request = pool[i % pool.length]!;
    const [record] = await engine.warmup([request], signal);
    if (record && record.error === undefined) latencies.push(latencyOf(record));
    onProgress(i + 1, conv.max_prompts);
    if (hasConverged(latencies, opts)) {
      converged = true;
      break;
    }
  }
  return {
    mode: 'convergence',
    requests: latencies.length,
    duration_s: (clock.nowMs() - t0) / 1000,
    converged,
    final_cv: rollingCv(latencies, conv.window) ?? null,
    latencies_ms: latencies,
  };
}

/** What the thermal-floor phase did. */
export interface ThermalFloorOutcome {
  configured_s: number;
  applied: boolean;
  /** Seconds of extra load run to reach the floor. */
  extra_s: number;
  reason: string;
}

/**
 * Keeps the device under load until `floorS` seconds have passed since warmup began, so the
 * window starts at working temperature. Skipped (and recorded) when no source reports a temperature.
 */
export async function holdThermalFloor(
  engine: Engine,
  pool: readonly InferenceRequest[],
  floorS: number,
  sinceMs: number,
  temperatureReported: boolean | 'warmup disabled',
  clock: Clock,
  signal?: AbortSignal,
): Promise<ThermalFloorOutcome> {
  if (floorS <= 0)
    return { configured_s: floorS, applied: false, extra_s: 0, reason: 'thermal_floor_s is 0' };
  if (temperatureReported === 'warmup disabled') {
    return { configured_s: floorS, applied: false, extra_s: 0, reason: 'skipped: warmup is disabled' };
  }
  if (!temperatureReported) {
    return {
      configured_s: floorS,
      applied: false,
      extra_s: 0,
      reason: 'skipped: no energy source reports a temperature',
    };
  }
  const t0 = clock.nowMs();
  let i = 0;
  while (clock.nowMs() - sinceMs < floorS * 1000 && pool.length > 0) {
    signal?.throwIfAborted();
    await engine.warmup([pool[i % pool.length]!], signal);
    i++;
  }
  return {
    configured_s: floorS,
    applied: true,
    extra_s: (clock.nowMs() - t0) / 1000,
    reason: 'held under load until the floor elapsed',
  };
}
