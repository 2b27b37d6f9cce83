// Service-level objectives and goodput (SPEC §3.3): a request is "good" when it succeeded and
// every objective given holds for it; goodput is good requests (and their output tokens) per
// second of window, and energy per good request charges the whole window's energy to them,
// which is what a service that must meet its objectives pays.
import type { GoodputRecord } from '../core/records.js';
import type { RequestRecord } from '../engines/engine.js';
import { requestE2eQueuedMs, requestTtftQueuedMs } from './latency.js';

/** The objectives, ms; an absent one is not checked. */
export interface Slo {
  ttft_ms?: number | undefined;
  itl_ms?: number | undefined;
  e2e_ms?: number | undefined;
}

/** Mean gap between a request's tokens after the first, ms; undefined below 2 tokens. */
export function requestMeanItlMs(r: RequestRecord): number | undefined {
  const times = r.tokenTimesMs;
  if (times !== undefined && times.length >= 2) return (times.at(-1)! - times[0]!) / (times.length - 1);
  if (r.firstTokenMs === undefined || r.outputTokens < 2) return undefined;
  return (r.endMs - r.firstTokenMs) / (r.outputTokens - 1);
}

/**
 * Whether `r` meets `slo`: it succeeded, and TTFT and end-to-end latency (from the scheduled send,
 * queueing included) and the mean inter-token gap are within their limits. A limit that cannot be
 * checked (no first token for TTFT) is missed; ITL with fewer than two tokens holds.
 */
export function meetsSlo(r: RequestRecord, slo: Slo): boolean {
  if (r.error !== undefined) return false;
  if (slo.ttft_ms !== undefined) {
    const ttft = requestTtftQueuedMs(r);
    if (ttft === undefined || ttft > slo.ttft_ms) return false;
  }
  if (slo.itl_ms !== undefined) {
    const itl = requestMeanItlMs(r);
    if (itl !== undefined && itl > slo.itl_ms) return false;
  }
  return slo.e2e_ms === undefined || requestE2eQueuedMs(r) <= slo.e2e_ms;
}

/** Goodput figures of a window; energy figures are null without energy. */
export function goodputMetrics(
  records: readonly RequestRecord[],
  slo: Slo,
  windowS: number,
  energyJ: number | null,
  adjustedEnergyJ: number | null,
): GoodputRecord {
  const good = records.filter((r) => meetsSlo(r, slo));
  const tokens = good.reduce((a, r) => a + r.outputTokens, 0);
  const perGood = (j: number | null) => (j === null || good.length === 0 ? null : j / good.length);
  return {
    slo: { ttft_ms: slo.ttft_ms ?? null, itl_ms: slo.itl_ms ?? null, e2e_ms: slo.e2e_ms ?? null },
    requests_total: records.length,
    requests_meeting: good.length,
    share_meeting: records.length === 0 ? 0 : good.length / records.length,
    goodput_rps: windowS > 0 ? good.length / windowS : 0,
    goodput_output_tokens_per_s: windowS > 0 ? tokens / windowS : 0,
    j_per_goodput_request: perGood(energyJ),
    adjusted_j_per_goodput_request: perGood(adjustedEnergyJ),
  };
}
