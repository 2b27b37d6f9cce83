import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../engines/engine.js';
import { latencyMetrics, latencyStats } from './latency.js';
import { throughputMetrics } from './throughput.js';

const records: RequestRecord[] = [
  // Queued 5 ms before starting: TTFT and E2E count from the scheduled time.
  {
    id: 0,
    inputTokens: 10,
    outputTokens: 4,
    scheduledMs: 0,
    startMs: 5,
    firstTokenMs: 15,
    endMs: 45,
    tokenTimesMs: [15, 25, 35, 45],
  },
  {
    id: 1,
    inputTokens: 20,
    outputTokens: 3,
    scheduledMs: 10,
    startMs: 10,
    firstTokenMs: 30,
    endMs: 50,
    tokenTimesMs: [30, 40, 50],
  },
  {
    id: 2,
    inputTokens: 7,
    outputTokens: 2,
    scheduledMs: 0,
    startMs: 0,
    firstTokenMs: 5,
    endMs: 500,
    error: 'boom',
  },
  // A non-streamed request: only end-to-end latency.
  { id: 3, inputTokens: 5, outputTokens: 1, scheduledMs: 0, startMs: 0, endMs: 100 },
];

describe('latencyMetrics', () => {
  it('measures queued TTFT and E2E from the scheduled time and excludes failed requests', () => {
    const m = latencyMetrics(records);
    expect(m.ttftQueued).toMatchObject({ n: 2, mean_ms: 17.5, p50_ms: 17.5, min_ms: 15, max_ms: 20 });
    expect(m.ttftQueued?.p90_ms).toBeCloseTo(19.5, 12);
    expect(m.e2eQueued).toMatchObject({ n: 3, min_ms: 40, max_ms: 100, p50_ms: 45 });
    expect(m.e2eQueued.mean_ms).toBeCloseTo(185 / 3, 12);
  });

  it('measures service TTFT and E2E from the start of work (the 5 ms queue of request 0 left out)', () => {
    const m = latencyMetrics(records);
    expect(m.ttftService).toMatchObject({ n: 2, min_ms: 10, max_ms: 20, mean_ms: 15 });
    expect(m.e2eService).toMatchObject({ n: 3, min_ms: 40, max_ms: 100 });
    expect(m.e2eService.mean_ms).toBeCloseTo((40 + 40 + 100) / 3, 12);
  });

  it('pools inter-token gaps over requests and gives TPOT per request', () => {
    const m = latencyMetrics(records);
    expect(m.itl).toMatchObject({ n: 5, mean_ms: 10, p99_ms: 10 });
    expect(m.tpot).toMatchObject({ n: 2, mean_ms: 10 });
  });

  it('omits TTFT, ITL and TPOT when nothing was streamed, and gives NaN stats for no requests', () => {
    const m = latencyMetrics([records[3]!]);
    expect(m.ttftQueued).toBeUndefined();
    expect(m.ttftService).toBeUndefined();
    expect(m.itl).toBeUndefined();
    expect(m.tpot).toBeUndefined();
    const none = latencyMetrics([]);
    expect(none.e2eQueued.n).toBe(0);
    expect(none.e2eQueued.mean_ms).toBeNaN();
    expect(none.e2eService.p99_ms).toBeNaN();
  });

  it('orders its percentiles: min ≤ p50 ≤ p90 ≤ p95 ≤ p99 ≤ max', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (xs) => {
          const s = latencyStats(xs);
          const chain = [s.min_ms, s.p50_ms, s.p90_ms, s.p95_ms, s.p99_ms, s.max_ms];
          for (let i = 1; i < chain.length; i++) expect(chain[i - 1]!).toBeLessThanOrEqual(chain[i]!);
          expect(s.n).toBe(xs.length);
        },
      ),
    );
  });
});

describe('throughputMetrics', () => {
  it('counts successful tokens and requests over the window', () => {
    const t = throughputMetrics(records, 2);
    expect(t).toEqual({
      requests_ok: 3,
      requests_failed: 1,
      input_tokens: 35,
      output_tokens: 8,
      output_tokens_per_s: 4,
      total_tokens_per_s: 21.5,
      requests_per_s: 1.5,
    });
  });

  it('gives NaN rates for an empty window', () => {
    const t = throughputMetrics(records, 0);
    expect(t.output_tokens_per_s).toBeNaN();
    expect(t.requests_ok).toBe(3);
  });
});
