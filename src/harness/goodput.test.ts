import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../engines/engine.js';
import { goodputMetrics, meetsSlo, requestMeanItlMs } from './goodput.js';

/** A request scheduled at 0: first token at `ttft`, then `n − 1` tokens `itl` apart. */
function req(id: number, ttft: number, itl: number, n: number, error?: string): RequestRecord {
  const times = Array.from({ length: n }, (_, i) => ttft + i * itl);
  return {
    id,
    inputTokens: 4,
    outputTokens: n,
    scheduledMs: 0,
    sentMs: 0,
    startMs: 1,
    firstTokenMs: ttft,
    endMs: times.at(-1)!,
    tokenTimesMs: times,
    ...(error ? { error } : {}),
  };
}

describe('SLOs and goodput', () => {
  it('mean ITL comes from token times (or end − first token over n − 1)', () => {
    expect(requestMeanItlMs(req(0, 10, 5, 5))).toBe(5);
    const { tokenTimesMs: _t, ...noTimes } = req(0, 10, 5, 5);
    expect(requestMeanItlMs(noTimes)).toBe(5);
    expect(requestMeanItlMs(req(0, 10, 5, 1))).toBeUndefined();
  });

  it('a request meets the SLO only when it succeeded and every given limit holds', () => {
    expect(meetsSlo(req(0, 100, 10, 5), { ttft_ms: 100, itl_ms: 10, e2e_ms: 140 })).toBe(true);
    expect(meetsSlo(req(0, 101, 10, 5), { ttft_ms: 100 })).toBe(false);
    expect(meetsSlo(req(0, 100, 11, 5), { itl_ms: 10 })).toBe(false);
    expect(meetsSlo(req(0, 100, 10, 5), { e2e_ms: 139 })).toBe(false);
    expect(meetsSlo(req(0, 1, 1, 5, 'HTTP 500'), {})).toBe(false);
    expect(meetsSlo(req(0, 1, 1, 5), {})).toBe(true);
  });

  it('goodput counts good requests and their tokens per second, and charges the window energy to them', () => {
    const records = [
      req(0, 50, 10, 10),
      req(1, 50, 10, 10),
      req(2, 500, 10, 10),
      req(3, 50, 10, 10, 'reset'),
    ];
    const g = goodputMetrics(records, { ttft_ms: 100 }, 2, 80, 40);
    expect(g).toEqual({
      slo: { ttft_ms: 100, itl_ms: null, e2e_ms: null },
      requests_total: 4,
      requests_meeting: 2,
      share_meeting: 0.5,
      goodput_rps: 1,
      goodput_output_tokens_per_s: 10,
      j_per_goodput_request: 40,
      adjusted_j_per_goodput_request: 20,
    });
    const none = goodputMetrics(records, { ttft_ms: 1 }, 2, 80, null);
    expect(none.requests_meeting).toBe(0);
    expect(none.j_per_goodput_request).toBeNull();
  });
});
