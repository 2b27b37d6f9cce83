// Latency distributions from per-request records (SPEC §5). The headline latencies are measured
// from the request's *scheduled* time, not from when the engine got round to it, so queueing
// behind a slow request counts (no coordinated omission, SPEC §3.3); the service latencies,
// from the start of work, are kept beside them under distinct names.

import type { LatencyRecord } from '../core/records.js';
import { mean, percentiles } from '../core/stats.js';
import type { RequestRecord } from '../engines/engine.js';

/** A latency distribution, milliseconds (NaN fields when `n` is 0); persisted as `LatencyRecord`. */
export type LatencyStats = LatencyRecord;

/**
 * The latency metrics of one window. `…Queued` figures start at the request's scheduled time
 * (waiting for a free slot included: what a user of the service sees); `…Service` figures start
 * when the engine began work on it (the engine's own speed). Stream-only figures are absent when
 * no request could give them.
 */
export interface LatencyMetrics {
  /** Time to first token from the scheduled send time (queue included). */
  ttftQueued?: LatencyStats;
  /** Time to first token from the start of work (queue excluded). */
  ttftService?: LatencyStats;
  /** Inter-token latency: gaps between consecutive tokens, pooled over all requests. */
  itl?: LatencyStats;
  /** End-to-end latency from the scheduled send time to the last token (queue included). */
  e2eQueued: LatencyStats;
  /** End-to-end latency from the start of work to the last token (queue excluded). */
  e2eService: LatencyStats;
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

/** Queue-inclusive time to first token of one request, ms from its scheduled time; undefined without a first token. */
export function requestTtftQueuedMs(r: RequestRecord): number | undefined {
  return r.firstTokenMs === undefined ? undefined : r.firstTokenMs - r.scheduledMs;
}

/** Service time to first token of one request, ms from the start of work; undefined without a first token. */
export function requestTtftServiceMs(r: RequestRecord): number | undefined {
  return r.firstTokenMs === undefined ? undefined : r.firstTokenMs - r.startMs;
}

/** Queue-inclusive end-to-end latency of one request, ms from its scheduled time to its end. */
export function requestE2eQueuedMs(r: RequestRecord): number {
  return r.endMs - r.scheduledMs;
}

/** Service end-to-end latency of one request, ms from the start of work to its end. */
export function requestE2eServiceMs(r: RequestRecord): number {
  return r.endMs - r.startMs;
}

/** Send-time error of one request, ms: actual send − scheduled send; undefined when it was never sent. */
export function requestSendErrorMs(r: RequestRecord): number | undefined {
  return r.sentMs === undefined ? undefined : r.sentMs - r.scheduledMs;
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
 * TTFT (queued and service), ITL, TPOT and end-to-end latency (queued and service) of the
 * successful requests (failed ones, with an `error`, are excluded here and counted by
 * `throughputMetrics`).
 */
export function latencyMetrics(records: readonly RequestRecord[]): LatencyMetrics {
  const ok = records.filter((r) => r.error === undefined);
  const ttftQueued: number[] = [];
  const ttftService: number[] = [];
  const itl: number[] = [];
  const tpot: number[] = [];
  for (const r of ok) {
    const q = requestTtftQueuedMs(r);
    if (q !== undefined) ttftQueued.push(q);
    const s = requestTtftServiceMs(r);
    if (s !== undefined) ttftService.push(s);
    const p = requestTpotMs(r);
    if (p !== undefined) tpot.push(p);
    for (const g of requestTokenGapsMs(r)) itl.push(g);
  }
  const out: LatencyMetrics = {
    e2eQueued: latencyStats(ok.map(requestE2eQueuedMs)),
    e2eService: latencyStats(ok.map(requestE2eServiceMs)),
  };
  if (ttftQueued.length > 0) out.ttftQueued = latencyStats(ttftQueued);
  if (ttftService.length > 0) out.ttftService = latencyStats(ttftService);
  if (itl.length > 0) out.itl = latencyStats(itl);
  if (tpot.length > 0) out.tpot = latencyStats(tpot);
  return out;
}
