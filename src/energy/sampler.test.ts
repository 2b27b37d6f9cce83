import { describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../core/clock.js';
import { expectedSampleCount, type SamplerTick, startSampler } from './sampler.js';

/** A virtual clock whose sleep advances time at once; polls may advance it to simulate slow reads. */
function instantClock(startMs = 1000): Clock & { advance(ms: number): void } {
  let now = startMs;
  return {
    nowMs: () => now,
    wallMs: () => now,
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(signal.reason);
      now += Math.max(0, ms);
      return Promise.resolve();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Resolves once `predicate` holds for a tick (checked inside the poll). */
function collect(until: (t: SamplerTick) => boolean) {
  const ticks: SamplerTick[] = [];
  let done!: () => void;
  const reached = new Promise<void>((r) => {
    done = r;
  });
  return {
    ticks,
    reached,
    record: (t: SamplerTick) => {
      ticks.push(t);
      if (until(t)) done();
    },
  };
}

describe('startSampler on a virtual clock', () => {
  it('schedules tick k at start + k·interval exactly: 100 ticks at 10 ms end at 1 s, no drift', async () => {
    const clock = instantClock();
    const c = collect((t) => t.index >= 100);
    const s = startSampler({ intervalMs: 10, clock, poll: c.record });
    await c.reached;
    const stats = await s.stop();
    const ticks = c.ticks.filter((t) => t.index <= 100);
    expect(ticks.map((t) => t.index)).toEqual(Array.from({ length: 101 }, (_, k) => k));
    for (const t of ticks) expect(t.tMs).toBe(stats.startMs + t.index * 10);
    expect(ticks[100]!.tMs - stats.startMs).toBe(1000);
    expect(stats.skipped).toBe(0);
    expect(stats.errors).toBe(0);
  });

  it('a slow poll is never overlapped: missed ticks are skipped and counted, the rest stay on the grid', async () => {
    const clock = instantClock();
    let inFlight = 0;
    let maxInFlight = 0;
    const c = collect((t) => t.tMs - 1000 >= 1000);
    const s = startSampler({
      intervalMs: 10,
      clock,
      poll: async (t) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        c.record(t);
        await Promise.resolve();
        clock.advance(25); // each read takes 2.5 intervals
        inFlight -= 1;
      },
    });
    await c.reached;
    const stats = await s.stop();
    expect(maxInFlight).toBe(1);
    expect(stats.skipped).toBeGreaterThan(0);
    const last = c.ticks[c.ticks.length - 1]!;
    expect(stats.polls + stats.skipped).toBe(last.index + 1);
    for (const t of c.ticks) {
      expect(t.scheduledMs).toBe(stats.startMs + t.index * 10);
      expect(t.tMs - t.scheduledMs).toBeGreaterThanOrEqual(0);
      expect(t.tMs - t.scheduledMs).toBeLessThan(10);
    }
  });

  it('counts poll errors, reports them and keeps polling', async () => {
    const clock = instantClock();
    const seen: unknown[] = [];
    const c = collect((t) => t.index >= 5);
    const s = startSampler({
      intervalMs: 10,
      clock,
      poll: (t) => {
        c.record(t);
        if (t.index % 2 === 1) throw new Error(`odd ${t.index}`);
      },
      onError: (e) => seen.push(e),
    });
    await c.reached;
    const stats = await s.stop();
    expect(stats.errors).toBe(seen.length);
    expect(stats.errors).toBeGreaterThanOrEqual(2);
    expect(stats.polls).toBeGreaterThanOrEqual(6);
  });

  it('rejects a non-positive interval', () => {
    expect(() => startSampler({ intervalMs: 0, clock: instantClock(), poll: () => {} })).toThrow(/interval/);
  });
});

describe('startSampler on the real clock', () => {
  it('100 ticks at 10 ms end within one interval of 1 s', async () => {
    const c = collect((t) => t.index >= 100);
    const s = startSampler({ intervalMs: 10, clock: systemClock, poll: c.record });
    await c.reached;
    const stats = await s.stop();
    const hit = c.ticks.find((t) => t.index >= 100)!;
    const elapsed = hit.tMs - stats.startMs;
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan((hit.index + 1) * 10);
    expect(stats.polls + stats.skipped).toBeGreaterThanOrEqual(hit.index + 1);
  });

  it('a slow async poll skips ticks and reports it, without overlapping', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const c = collect((t) => t.index >= 20);
    const s = startSampler({
      intervalMs: 10,
      clock: systemClock,
      poll: async (t) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        c.record(t);
        await systemClock.sleep(25);
        inFlight -= 1;
      },
    });
    await c.reached;
    const stats = await s.stop();
    expect(maxInFlight).toBe(1);
    expect(stats.skipped).toBeGreaterThan(0);
    for (const t of c.ticks) expect(t.tMs - t.scheduledMs).toBeLessThan(10);
  });

  it('stop() waits for the poll in flight and the final poll, then resolves', async () => {
    const events: string[] = [];
    const s = startSampler({
      intervalMs: 20,
      clock: systemClock,
      finalPoll: true,
      poll: async (t) => {
        await systemClock.sleep(15);
        events.push(t.index === -1 ? 'final' : 'tick');
      },
    });
    await systemClock.sleep(5);
    const stats = await s.stop();
    expect(events).toEqual(['tick', 'final']);
    expect(stats.polls).toBe(2);
    await expect(s.stop()).resolves.toEqual(stats);
  });

  it('firstPoll settles once tick 0 has been read', async () => {
    let read = false;
    const s = startSampler({
      intervalMs: 1000,
      clock: systemClock,
      poll: async () => {
        await systemClock.sleep(20);
        read = true;
      },
    });
    expect(read).toBe(false);
    await s.firstPoll;
    expect(read).toBe(true);
    await s.stop();
  });

  it('an abort signal stops polling for good: no final poll, the abort time is recorded', async () => {
    const ac = new AbortController();
    const times: number[] = [];
    const s = startSampler({
      intervalMs: 10,
      clock: systemClock,
      signal: ac.signal,
      finalPoll: true,
      poll: (t) => {
        times.push(t.tMs);
      },
    });
    await systemClock.sleep(50);
    ac.abort();
    const at = systemClock.nowMs();
    await systemClock.sleep(50);
    const stats = await s.stop();
    expect(stats.abortedAtMs).toBeDefined();
    expect(stats.abortedAtMs!).toBeLessThanOrEqual(at);
    for (const t of times) expect(t).toBeLessThanOrEqual(stats.abortedAtMs!);
    expect(stats.polls).toBe(times.length);
  });
});

describe('expectedSampleCount', () => {
  it('is ⌊T / interval⌋ + 1 per device, robust to binary rounding', () => {
    expect(expectedSampleCount(0.3, 100)).toBe(4);
    expect(expectedSampleCount(1, 10, 2)).toBe(202);
    expect(expectedSampleCount(0, 100)).toBe(1);
    expect(expectedSampleCount(-1, 100)).toBe(0);
    expect(expectedSampleCount(1, 0)).toBe(0);
  });
});
