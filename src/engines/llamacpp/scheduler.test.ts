import { describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import type { InferenceRequest, RequestRecord } from '../engine.js';
import { inFlightLimit, type RunOne, schedule } from './scheduler.js';

const requests = (n: number, offsetMs = 0): InferenceRequest[] =>
  Array.from({ length: n }, (_, id) => ({
    id,
    prompt: `p${id}`,
    maxOutputTokens: 4,
    scheduledOffsetMs: id * offsetMs,
  }));

/** A fake request runner that sleeps and tracks how many run at once and on which slot. */
function tracker(ms: number) {
  let inFlight = 0;
  let maxInFlight = 0;
  const busySlots = new Set<number>();
  const run: RunOne = async (slot, request, scheduledMs) => {
    expect(busySlots.has(slot)).toBe(false);
    busySlots.add(slot);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    const startMs = systemClock.nowMs();
    await systemClock.sleep(ms);
    inFlight--;
    busySlots.delete(slot);
    const record: RequestRecord = {
      id: request.id,
      inputTokens: 1,
      outputTokens: 1,
      scheduledMs,
      startMs,
      endMs: systemClock.nowMs(),
    };
    return record;
  };
  return { run, max: () => maxInFlight };
}

describe('schedule', () => {
  it('keeps every sequence busy in batch mode and returns records in request order', async () => {
    const t = tracker(5);
    const finished: number[] = [];
    const records = await schedule(requests(10), { mode: 'batch' }, t.run, {
      clock: systemClock,
      sequences: 3,
      onRecord: (r) => finished.push(r.id),
    });
    expect(records.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(finished.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(t.max()).toBe(3);
  });

  it('never exceeds the concurrency limit (clamped to the sequences)', async () => {
    for (const [concurrency, sequences, expected] of [
      [2, 4, 2],
      [1, 4, 1],
      [8, 3, 3],
    ] as const) {
      const t = tracker(3);
      await schedule(requests(9), { mode: 'concurrency', concurrency }, t.run, {
        clock: systemClock,
        sequences,
      });
      expect(t.max()).toBe(expected);
      expect(inFlightLimit({ mode: 'concurrency', concurrency }, sequences)).toBe(expected);
    }
  });

  it('waits for each request’s scheduled time and never starts early', async () => {
    const t = tracker(1);
    const records = await schedule(requests(4, 15), { mode: 'rate' }, t.run, {
      clock: systemClock,
      sequences: 4,
    });
    for (const r of records) expect(r.startMs).toBeGreaterThanOrEqual(r.scheduledMs);
    expect(records[3]!.scheduledMs - records[0]!.scheduledMs).toBeCloseTo(45, 5);
  });

  it('on abort, stops taking work and marks unfinished requests', async () => {
    const t = tracker(5);
    const controller = new AbortController();
    const records = await schedule(requests(20), { mode: 'batch' }, t.run, {
      clock: systemClock,
      sequences: 2,
      signal: controller.signal,
      onRecord: () => controller.abort(),
    });
    expect(records).toHaveLength(20);
    const aborted = records.filter((r) => r.error === 'aborted');
    expect(aborted.length).toBeGreaterThanOrEqual(17);
    for (const r of aborted) expect(r.outputTokens).toBe(0);
  });

  it('an abort during a scheduled wait ends the run without starting the request', async () => {
    const t = tracker(1);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const started = systemClock.nowMs();
    const records = await schedule(requests(2, 10_000), { mode: 'rate' }, t.run, {
      clock: systemClock,
      sequences: 2,
      signal: controller.signal,
    });
    expect(systemClock.nowMs() - started).toBeLessThan(1_000);
    expect(records[0]!.error).toBeUndefined();
    expect(records[1]!.error).toBe('aborted');
  });
});
