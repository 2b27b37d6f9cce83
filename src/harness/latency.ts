// Latency distributions from per-request records (SPEC §5). Every latency is measured from the
// request's *scheduled* time, not from when the engine got round to it, so queueing behind a
// slow request counts (no coordinated omission, SPEC §3.3).

import type { LatencyRecord } from '../core/records.js';
import { mean, percentiles } from '../core/stats.js';
import type { RequestRecord } from '../engines/engine.js';

/** A latency distribution, milliseconds (NaN fields when `n` is 0); persisted as `LatencyRecord`. */
export type LatencyStats = LatencyRecord;

/** The latency metrics of one window; `ttft`, `itl` and `tpot` are absent when no request could give them. */
export interface LatencyMetrics {
  /** Time to first token, from the scheduled send time. */
  ttft?: LatencyStats;
  /** Inter-token latency: gaps between consecutive tokens, pooled over all requests. */
  itl?: LatencyStats;
  /** End-to-end latency, from the scheduled send time to the last token. */
  e2e: LatencyStats;
  /** Time per output token after the first, one value per request. */
  tpot?: LatencyStats;
}

/** Summarises latencies in milliseconds; every field NaN (and `n` 0) for an empty list. */
export function latencyStats(valuesMs: readonly number[]): LatencyStats {
  const [p0, p50, p90, p95, p99, p100] = percentiles(valuesMs, [0, 50, 90, 95, 99, 100]) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    mean_ms: mean(valuesMs),
    p50_ms: p50,
    p90_ms: p90,
    p95_ms: p95,
    p99_ms: p99,
    min_ms: p0,
    max_ms: p100,
    n: valuesMs.length,
  };
}

/** Time to first token of one request, ms from its scheduled time; undefined without a first token. */
export function requestTtftMs(r: RequestRecord): number | undefined {
  return r.firstTokenMs === undefined ? undefined : r.firstTokenMs - r.scheduledMs;
}

/** End-to-end latency of one request, ms from its scheduled time to its end. */
export function requestE2eMs(r: RequestRecord): number {
  return r.endMs - r.scheduledMs;
}

/** Time per output token after the first, ms: (end − first token) / (output tokens − 1); undefined below 2 tokens. */
export function requestTpotMs(r: RequestRecord): number | undefined {
  if (r.firstTokenMs === undefined || r.outputTokens < 2) return undefined;
  return (r.endMs - r.firstTokenMs) / (r.outputTokens - 1);
}

/** Gaps between consecutive per-token times of one request, ms (empty without token times). */
export function requestTokenGapsMs(r: RequestRecord): number[] {
  const times = r.tokenTimesMs;
  if (times === undefined) return [];
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  return gaps;
}

/**
 * TTFT, ITL, TPOT and end-to-end latency of the successful requests (failed ones, with an
 * `error`, are excluded here and counted by `throughputMetrics`).
 */
export function latencyMetrics(records: readonly RequestRecord[]): LatencyMetrics {
  const ok = records.filter((r) => r.error === undefined);
  const ttft: number[] = [];
  const itl: number[] = [];
  const tpot: number[] = [];
  for (const r of ok) {
    const t = requestTtftMs(r);
    if (t !== undefined) ttft.push(t);
    const p = requestTpotMs(r);
    if (p !== undefined) tpot.push(p);
    for (const g of requestTokenGapsMs(r)) itl.push(g);
  }
  const out: LatencyMetrics = { e2e: latencyStats(ok.map(requestE2eMs)) };
  if (ttft.length > 0) out.ttft = latencyStats(ttft);
  if (itl.length > 0) out.itl = latencyStats(itl);
  if (tpot.length > 0) out.tpot = latencyStats(tpot);
  return out;
}
