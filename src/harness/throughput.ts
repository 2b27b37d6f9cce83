// Request and token counts, and rates over the measurement window (SPEC §5).
import type { RequestRecord } from '../engines/engine.js';

/** Counts and rates of one measurement window (snake_case: persisted). */
export interface ThroughputMetrics {
  /** Requests that finished without an error. */
  requests_ok: number;
  /** Requests that carry an `error`. */
  requests_failed: number;
  /** Prompt tokens of the successful requests. */
  input_tokens: number;
  /** Generated tokens of the successful requests. */
  output_tokens: number;
  /** `output_tokens` / window, tokens per second. */
  output_tokens_per_s: number;
  /** (`input_tokens` + `output_tokens`) / window, tokens per second. */
  total_tokens_per_s: number;
  /** `requests_ok` / window, requests per second. */
  requests_per_s: number;
}

/**
 * Counts and rates over a window of `windowS` seconds; tokens and rates count successful
 * requests only (so a failure never flatters J/token), and rates are NaN for a window ≤ 0.
 */
export function throughputMetrics(records: readonly RequestRecord[], windowS: number): ThroughputMetrics {
  let ok = 0;
  let failed = 0;
  let input = 0;
  let output = 0;
  for (const r of records) {
    if (r.error !== undefined) {
      failed++;
      continue;
    }
    ok++;
    input += r.inputTokens;
    output += r.outputTokens;
  }
  const rate = (count: number) => (windowS > 0 ? count / windowS : Number.NaN);
  return {
    requests_ok: ok,
    requests_failed: failed,
    input_tokens: input,
    output_tokens: output,
    output_tokens_per_s: rate(output),
    total_tokens_per_s: rate(input + output),
    requests_per_s: rate(ok),
  };
}
