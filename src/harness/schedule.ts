// The window's workload (SPEC §5): which requests, on which schedule, for how long; and the
// record of how well the schedule was kept. The arrival maths lives in `core/arrivals.ts` so
// engines and clients that pace sends use the same schedule.
import type { ExperimentConfig } from '../config/schema.js';
import { arrivalOffsetsMs, plannedInterArrivalCv } from '../core/arrivals.js';
import type { ScheduleRecord } from '../core/records.js';
import { cv } from '../core/stats.js';
import type { Prompt } from '../datasets/prompt.js';
import type { InferenceRequest, LoadSpec, RequestRecord } from '../engines/engine.js';
import { latencyStats, requestSendErrorMs } from './latency.js';

/** The requests of the window and how to issue them. */
export interface WindowPlan {
  requests: InferenceRequest[];
  load: LoadSpec;
  /** `dataset.n_prompts`. */
  planned: number;
  /** The minimum window the load is filled to, seconds; null when `load.fill_min_window` is off. */
  fillS: number | null;
}

/** Turns dataset prompts into engine requests with ids from `idBase`, offered at offset 0. */
export function toRequests(
  prompts: readonly Prompt[],
  config: ExperimentConfig,
  idBase: number,
): InferenceRequest[] {
  return prompts.map((p, i) => ({
    id: idBase + i,
    prompt: p.text ?? (p.messages ?? []).map((m) => `${m.role}: ${m.content}`).join('\n'),
    maxOutputTokens: config.fixed_output_length
      ? config.max_output_tokens
      : Math.min(p.maxOutputTokens ?? config.max_output_tokens, config.max_output_tokens),
    scheduledOffsetMs: 0,
    sourceLabel: p.source,
    ...(p.tokens ? { tokens: p.tokens } : {}),
  }));
}

/**
 * Plans the window from its prompts. `rate`: the arrivals are drawn in advance from
 * `random_seed` for `n_prompts` requests, and, with `fill_min_window`, further arrivals (cycling
 * through the prompts) until one falls at or after `min_window_s`. Closed loops (`batch`,
 * `concurrency`) cannot know their count in advance: the dispatcher keeps them going until
 * `min_window_s` has passed (`LoadSpec.minDurationMs`).
 */
export function planWindow(prompts: readonly Prompt[], config: ExperimentConfig): WindowPlan {
  const base = toRequests(prompts, config, 0);
  const l = config.load;
  const minWindowS = config.measurement.energy.min_window_s;
  const fillS = l.fill_min_window && minWindowS > 0 ? minWindowS : null;
  if (l.mode === 'rate') {
    const offsets = arrivalOffsetsMs(
      { rateRps: l.rate_rps ?? 1, arrival: l.arrival, burstiness: l.burstiness },
      { count: base.length, minDurationMs: (fillS ?? 0) * 1000, seed: config.random_seed },
    );
    const requests = offsets.map((offsetMs, i) => ({
      ...base[i % base.length]!,
      id: i,
      scheduledOffsetMs: offsetMs,
    }));
    return { requests, load: { mode: 'rate' }, planned: base.length, fillS };
  }
  const load: LoadSpec =
    l.mode === 'concurrency' ? { mode: 'concurrency', concurrency: l.concurrency ?? 1 } : { mode: 'batch' };
  if (fillS !== null) load.minDurationMs = fillS * 1000;
  return { requests: base, load, planned: base.length, fillS };
}

/** How the window's requests were issued: planned against achieved rate, inter-arrival CV and send-time error. */
export function scheduleSummary(
  plan: WindowPlan,
  config: ExperimentConfig,
  records: readonly RequestRecord[],
): ScheduleRecord {
  const l = config.load;
  const sends = records
    .map((r) => r.sentMs)
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
  const gaps = sends.slice(1).map((t, i) => t - sends[i]!);
  const span = sends.length >= 2 ? sends.at(-1)! - sends[0]! : 0;
  const spread = gaps.length >= 2 ? cv(gaps) : Number.NaN;
  const errors = records.map(requestSendErrorMs).filter((e): e is number => e !== undefined);
  const rate = l.mode === 'rate';
  const spec = { rateRps: l.rate_rps ?? 1, arrival: l.arrival, burstiness: l.burstiness };
  return {
    mode: l.mode,
    arrival: rate ? l.arrival : null,
    burstiness: rate && l.arrival === 'gamma' ? l.burstiness : null,
    concurrency: rate ? null : l.mode === 'concurrency' ? (l.concurrency ?? 1) : plan.planned,
    requests_planned: plan.planned,
    requests_total: records.length,
    requests_added: Math.max(0, records.length - plan.planned),
    requests_sent: sends.length,
    fill_min_window_s: plan.fillS,
    planned_rate_rps: rate ? (l.rate_rps ?? null) : null,
    achieved_rate_rps: span > 0 ? (sends.length - 1) / (span / 1000) : null,
    planned_interarrival_cv: rate ? plannedInterArrivalCv(spec) : null,
    achieved_interarrival_cv: Number.isFinite(spread) ? spread : null,
    send_error: errors.length === 0 ? null : { ...latencyStats(errors) },
  };
}
