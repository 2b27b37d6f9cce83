import { describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.js';
import { gapBefore, waitGap } from './gaps.js';

/** A virtual clock: sleeping advances time instantly. */
function fakeClock(): Clock & { t: number } {
  const c = {
    t: 0,
    nowMs: () => c.t,
    wallMs: () => c.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      c.t += ms;
    },
  };
  return c;
}

describe('gapBefore', () => {
  const ex = { experiment_gap_s: 60, cycle_gap_s: 300 };
  it('no gap before the first run, experiment gap within a cycle, cycle gap across', () => {
    const a = { position: 0, experiment: 1, cycle: 1 };
    const b = { position: 1, experiment: 2, cycle: 1 };
    const c = { position: 2, experiment: 1, cycle: 2 };
    expect(gapBefore(undefined, a, ex)).toBeUndefined();
    expect(gapBefore(a, b, ex)).toEqual({ kind: 'experiment_gap', seconds: 60 });
    expect(gapBefore(b, c, ex)).toEqual({ kind: 'cycle_gap', seconds: 300 });
  });
});

describe('waitGap', () => {
  it('waits the whole gap without a cool-down', async () => {
    const clock = fakeClock();
    expect(await waitGap({ seconds: 60, clock })).toEqual({ waitedS: 60, endedBy: 'elapsed' });
  });

  it('ends early once within within_c of the baseline temperature', async () => {
    const clock = fakeClock();
    const temps = [80, 70, 62, 55];
    const read = async () => temps.shift();
    const out = await waitGap({
      seconds: 60,
      clock,
      pollMs: 2000,
      cooldown: { withinC: 5, baselineC: 50, read },
    });
    expect(out).toEqual({ waitedS: 6, endedBy: 'cool' });
  });

  it('is capped by the gap when it never cools', async () => {
    const clock = fakeClock();
    const out = await waitGap({
      seconds: 10,
      clock,
      pollMs: 3000,
      cooldown: { withinC: 1, baselineC: 30, read: async () => 90 },
    });
    expect(out).toEqual({ waitedS: 10, endedBy: 'elapsed' });
  });

  it('an abort ends the wait without throwing', async () => {
    const clock = fakeClock();
    const ac = new AbortController();
    ac.abort();
    expect((await waitGap({ seconds: 10, clock, signal: ac.signal })).endedBy).toBe('aborted');
  });
});
