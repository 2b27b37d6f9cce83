import { describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { closedLoopLimit, dispatch, type ServeOne } from './dispatch.js';
import type { InferenceRequest, RequestRecord } from './engine.js';

const requests = (n: number, offsetMs = 0): InferenceRequest[] =>
  Array.from({ length: n }, (_, id) => ({
    id,
    prompt: `p${id}`,
    maxOutputTokens: 4,
    scheduledOffsetMs: id * offsetMs,
  }));

/** A fake engine slot that sleeps `ms` per request and tracks how many are served at once and on which slot. */
function tracker(ms: number, fail?: (id: number) => boolean) {
  let serving = 0;
  let maxServing = 0;
  const busySlots = new Set<number>();
  const serve: ServeOne = async (slot, request, scheduledMs) => {
    expect(busySlots.has(slot)).toBe(false);
    busySlots.add(slot);
    maxServing = Math.max(maxServing, ++serving);
    const startMs = systemClock.nowMs();
    await systemClock.sleep(ms);
    serving--;
    busySlots.delete(slot);
    const record: RequestRecord = {
      id: request.id,
      inputTokens: 1,
      outputTokens: 1,
      scheduledMs,
      startMs,
      firstTokenMs: startMs + ms / 2,
      endMs: systemClock.nowMs(),
      ...(fail?.(request.id) ? { error: 'boom' } : {}),
    };
    return record;
  };
  return { serve, maxServing: () => maxServing };
}

/** Requests outstanding (sent, not finished) just after each send, from the records' own times. */
function outstandingAtSends(records: readonly RequestRecord[]): number[] {
  return records.map((r) => records.filter((o) => o.sentMs! <= r.sentMs! && o.endMs > r.sentMs!).length);
}

describe('dispatch', () => {
  it('batch: every request sent at the start, every slot busy, records in request order', async () => {
    const t = tracker(5);
    const finished: number[] = [];
    const records = await dispatch(requests(10), { mode: 'batch' }, t.serve, {
      clock: systemClock,
      slots: 3,
      onRecord: (r) => finished.push(r.id),
    });
    expect(records.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(finished.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(t.maxServing()).toBe(3);
    const t0 = records[0]!.scheduledMs;
    for (const r of records) {
      expect(r.scheduledMs).toBe(t0);
      expect(r.sentMs! - t0).toBeLessThan(50);
    }
    // The last ones waited for a free slot: their work starts well after they were sent.
    expect(records[9]!.startMs - records[9]!.sentMs!).toBeGreaterThanOrEqual(9);
  });

  it('concurrency 2 keeps exactly 2 requests outstanding, even with more slots', async () => {
    const t = tracker(4);
    const records = await dispatch(requests(12), { mode: 'concurrency', concurrency: 2 }, t.serve, {
      clock: systemClock,
      slots: 4,
    });
    expect(t.maxServing()).toBe(2);
    const atSends = outstandingAtSends(records);
    expect(Math.max(...atSends)).toBe(2);
    // After the first two, each send replaces a finished request: exactly 2 outstanding again.
    expect(atSends.slice(1)).toEqual(Array(11).fill(2));
    // Closed loop: each later request is scheduled when its predecessor finished.
    const ends = new Set(records.map((r) => r.endMs));
    for (const r of records.slice(2)) expect(ends.has(r.scheduledMs)).toBe(true);
  });

  it('concurrency above the slots is honoured: the extra requests queue and wait', async () => {
    const t = tracker(10);
    const records = await dispatch(requests(12), { mode: 'concurrency', concurrency: 4 }, t.serve, {
      clock: systemClock,
      slots: 2,
    });
    expect(t.maxServing()).toBe(2);
    expect(Math.max(...outstandingAtSends(records))).toBe(4);
    const waits = records.map((r) => r.startMs - r.scheduledMs);
    // Half of the outstanding requests wait about one service time for a slot.
    expect(waits.filter((w) => w >= 8).length).toBeGreaterThanOrEqual(4);
    expect(closedLoopLimit({ mode: 'concurrency', concurrency: 4 }, 12)).toBe(4);
  });

  it('rate: sends at each scheduled time, never early, and queues behind busy slots', async () => {
    const t = tracker(30);
    const records = await dispatch(requests(6, 10), { mode: 'rate' }, t.serve, {
      clock: systemClock,
      slots: 1,
    });
    const t0 = records[0]!.scheduledMs;
    records.forEach((r, i) => {
      expect(r.scheduledMs - t0).toBeCloseTo(i * 10, 6);
      expect(r.sentMs!).toBeGreaterThanOrEqual(r.scheduledMs);
      expect(r.startMs).toBeGreaterThanOrEqual(r.sentMs!);
    });
    // Arrivals every 10 ms into one 30 ms slot: the queue grows, so later requests wait longer.
    expect(records[5]!.startMs - records[5]!.scheduledMs).toBeGreaterThan(
      records[1]!.startMs - records[1]!.scheduledMs,
    );
    expect(records[5]!.startMs - records[5]!.scheduledMs).toBeGreaterThanOrEqual(80);
  });

  it('minDurationMs: closed loops keep the load up with fresh ids until the duration has passed', async () => {
    for (const load of [{ mode: 'batch' as const }, { mode: 'concurrency' as const, concurrency: 2 }]) {
      const t = tracker(5);
      const records = await dispatch(requests(3), { ...load, minDurationMs: 120 }, t.serve, {
        clock: systemClock,
        slots: 2,
      });
      expect(records.length).toBeGreaterThan(3);
      expect(records.slice(0, 3).map((r) => r.id)).toEqual([0, 1, 2]);
      expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
      expect(records.map((r) => r.id)).toEqual(records.map((_, i) => i));
      const runStart = records[0]!.scheduledMs;
      expect(Math.max(...records.map((r) => r.endMs)) - runStart).toBeGreaterThanOrEqual(120);
      // Every extra request was sent before the duration ran out.
      for (const r of records.slice(3)) expect(r.sentMs! - runStart).toBeLessThan(125);
      expect(Math.max(...outstandingAtSends(records))).toBe(load.mode === 'batch' ? 3 : 2);
    }
  });

  it('minDurationMs: a failed request stops the extension', async () => {
    const t = tracker(2, (id) => id === 4);
    const records = await dispatch(requests(2), { mode: 'batch', minDurationMs: 5_000 }, t.serve, {
      clock: systemClock,
      slots: 1,
    });
    expect(records.length).toBeLessThanOrEqual(6);
    expect(records.some((r) => r.error === 'boom')).toBe(true);
  });

  it('on abort, stops taking work and marks unfinished requests', async () => {
    const t = tracker(5);
    const controller = new AbortController();
    const records = await dispatch(requests(20), { mode: 'batch' }, t.serve, {
      clock: systemClock,
      slots: 2,
      signal: controller.signal,
      onRecord: () => controller.abort(),
    });
    expect(records).toHaveLength(20);
    const aborted = records.filter((r) => r.error === 'aborted');
    expect(aborted.length).toBeGreaterThanOrEqual(17);
    for (const r of aborted) expect(r.outputTokens).toBe(0);
  });

  it('an abort during a scheduled wait ends the run without sending the request', async () => {
    const t = tracker(1);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const started = systemClock.nowMs();
    const records = await dispatch(requests(2, 10_000), { mode: 'rate' }, t.serve, {
      clock: systemClock,
      slots: 2,
      signal: controller.signal,
    });
    expect(systemClock.nowMs() - started).toBeLessThan(1_000);
    expect(records[0]!.error).toBeUndefined();
    expect(records[1]!.error).toBe('aborted');
    expect(records[1]!.sentMs).toBeUndefined();
  });
});
