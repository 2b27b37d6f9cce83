// Concurrency read back from per-request times: how many requests were being worked on at once.
import type { RequestRecord } from '../../src/engines/engine.js';

/**
 * The largest number of records whose [start, end) intervals overlap at one instant: an end and a
 * start at the same millisecond do not overlap (ends sort first).
 */
export function maxOverlap(records: readonly Pick<RequestRecord, 'startMs' | 'endMs'>[]): number {
  const edges = records.flatMap((r) => [
    [r.startMs, 1],
    [r.endMs, -1],
  ]);
  edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let most = 0;
  for (const [, d] of edges) {
    now += d!;
    most = Math.max(most, now);
  }
  return most;
}
