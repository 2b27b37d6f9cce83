import type { ExperimentConfig } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { ThermalFloorRecord, WarmupRecord } from '../core/records.js';
import { median } from '../core/stats.js';
import type { Engine, InferenceRequest, LoadSpec, RequestRecord } from '../engines/engine.js';
import { hasConverged, rollingCv } from './convergence.js';

/** What the warmup phase did, as recorded in the result. */
export type WarmupOutcome = WarmupRecord;

/**
 * The decode time per output token of one request: the median gap between its consecutive
 * tokens when the engine gives per-token times, else (end − first token) ÷ (tokens − 1).
 * Prefill is left out on purpose: prompts differ in length, so end-to-end latency and TTFT vary
 * by design and never settle; decode speed depends only on the machine's state and how many
 * requests share each step, which is what warming up settles. The median makes one preempted
 * step (a noisy neighbour) not count as "still warming". Undefined for failed requests and
 * requests with fewer than two output tokens (no decode to time).
 */
export function perTokenLatencyMs(r: RequestRecord): number | undefined {
  if (r.error !== undefined || r.outputTokens < 2) return undefined;
  const times = r.tokenTimesMs;
  if (times !== undefined && times.length >= 2) {
    return median(times.slice(1).map((t, i) => t - times[i]!));
  }
  if (r.firstTokenMs === undefined) return undefined;
  return (r.endMs - r.firstTokenMs) / (r.outputTokens - 1);
}

/** `n` requests cycling through `pool`, with fresh ids after `idBase` (a request id seeds its sampling). */
export function cycleRequests(
  pool: readonly InferenceRequest[],
  n: number,
  idBase: number,
): InferenceRequest[] {
  return Array.from({ length: pool.length === 0 ? 0 : n }, (_, i) => ({
    ...pool[i % pool.length]!,
    id: idBase + i,
    scheduledOffsetMs: 0,
  }));
}

/** The closed-loop load spec that keeps `concurrency` requests in flight. */
const closedLoop = (concurrency: number): LoadSpec => ({ mode: 'concurrency', concurrency });

/**
 * Runs warmup at the window's concurrency (`concurrency` requests in flight, refilled as each
 * finishes, like the window): a fixed number of requests, or requests until the rolling CV of
 * per-output-token latency (`perTokenLatencyMs`) falls below the threshold, capped at
 * `max_prompts`. On convergence the requests still in flight are stopped at their next token.
 */
export async function runWarmup(
  engine: Engine,
  pool: readonly InferenceRequest[],
  config: ExperimentConfig['measurement']['warmup'],
  concurrency: number,
  clock: Clock,
  signal: AbortSignal | undefined,
  onProgress: (done: number, total: number) => void,
): Promise<WarmupOutcome> {
  const t0 = clock.nowMs();
  const base = { concurrency, metric: 'per_output_token_latency_ms' as const };
  if (!config.enabled || pool.length === 0) {
    return {
      ...base,
      mode: 'disabled',
      requests: 0,
      duration_s: 0,
      converged: null,
      final_cv: null,
      per_token_latencies_ms: [],
    };
  }
  const conv = config.convergence;
  const total = conv.enabled ? conv.max_prompts : config.n_warmup;
  const values: number[] = [];
  const opts = { cvThreshold: conv.cv_threshold, window: conv.window, minPrompts: conv.min_prompts };
  const stop = new AbortController();
  let converged = false;
  let done = 0;
  const records =
    total === 0
      ? []
      : await engine.warmup(cycleRequests(pool, total, 2_000_000), {
          load: closedLoop(concurrency),
          signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
          onRecord: (r) => {
            if (stop.signal.aborted) return;
            done++;
            onProgress(done, total);
            const v = perTokenLatencyMs(r);
            if (v !== undefined) values.push(v);
            if (conv.enabled && hasConverged(values, opts)) {
              converged = true;
              stop.abort();
            }
          },
        });
  signal?.throwIfAborted();
  return {
    ...base,
    mode: conv.enabled ? 'convergence' : 'fixed',
    requests: records.filter((r) => r.error === undefined).length,
    duration_s: (clock.nowMs() - t0) / 1000,
    converged: conv.enabled ? converged : null,
    final_cv: conv.enabled ? (rollingCv(values, conv.window) ?? null) : null,
    per_token_latencies_ms: values,
  };
}

/** What the thermal-floor phase did (the record's form without the plateau, judged later). */
export type ThermalFloorOutcome = Omit<ThermalFloorRecord, 'plateau'>;

/**
 * Keeps the device under the window's load (`concurrency` requests in flight, cycling through
 * `pool`) until `floorS` seconds have passed since warmup began, so the window starts at working
 * temperature; requests still in flight at the floor are stopped at their next token. Skipped
 * (and recorded) when no source reports a temperature or warmup is disabled.
 */
export async function holdThermalFloor(
  engine: Engine,
  pool: readonly InferenceRequest[],
  floorS: number,
  sinceMs: number,
  temperatureReported: boolean | 'warmup disabled',
  concurrency: number,
  clock: Clock,
  signal?: AbortSignal,
): Promise<ThermalFloorOutcome> {
  const base = { configured_s: floorS, concurrency, requests: 0 };
  const skipped = (reason: string) => ({ ...base, applied: false, extra_s: 0, reason });
  if (floorS <= 0) return skipped('thermal_floor_s is 0');
  if (temperatureReported === 'warmup disabled') return skipped('skipped: warmup is disabled');
  if (!temperatureReported) return skipped('skipped: no energy source reports a temperature');
  const t0 = clock.nowMs();
  const deadlineMs = sinceMs + floorS * 1000;
  let requests = 0;
  let idBase = 3_000_000;
  while (clock.nowMs() < deadlineMs && pool.length > 0) {
    signal?.throwIfAborted();
    const stop = new AbortController();
    const timer = clock.sleep(deadlineMs - clock.nowMs(), stop.signal).then(
      () => stop.abort(),
      () => undefined,
    );
    // Enough requests that a round normally outlasts the floor; another round follows if not.
    const round = cycleRequests(pool, Math.max(pool.length, concurrency * 8), idBase);
    idBase += round.length;
    try {
      const records = await engine.warmup(round, {
        load: closedLoop(concurrency),
        signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
      });
      requests += records.filter((r) => r.error === undefined).length;
    } finally {
      stop.abort();
      await timer;
    }
  }
  signal?.throwIfAborted();
  return {
    ...base,
    requests,
    applied: true,
    extra_s: (clock.nowMs() - t0) / 1000,
    reason: `held under load (${concurrency} in flight) until the floor elapsed`,
  };
}
