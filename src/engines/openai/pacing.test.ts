import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrivalSpecArb, seedArb } from '../../../test/helpers/arrivals.js';
import { arrivalOffsetsMs } from '../../core/arrivals.js';
import type { Clock } from '../../core/clock.js';
import { dispatch } from '../dispatch.js';
import type { InferenceRequest } from '../engine.js';
import { DEFAULT_LEAD_MS, pacedClock } from './pacing.js';

/**
 * A virtual clock: each read advances it by `tickMs` (time passes while the event loop turns) and
 * a timer fires late by up to `lateMs` (Node's timers do), drawn from `late()`.
 */
function virtualClock(tickMs: number, late: () => number): Clock {
  let t = 0;
  return {
    nowMs: () => (t += tickMs),
    wallMs: () => t,
    sleep: async (ms) => {
      t += Math.max(0, ms) + late();
    },
  };
}

describe('paced sends on the shared arrival schedule (property)', () => {
  it('every request is sent at its scheduled time, never early, within one event-loop turn, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        arrivalSpecArb,
        seedArb,
        fc.array(fc.double({ min: 0, max: DEFAULT_LEAD_MS * 0.9, noNaN: true }), {
          minLength: 1,
          maxLength: 16,
        }),
        async (spec, seed, lateness) => {
          let i = 0;
          const clock = pacedClock(virtualClock(0.05, () => lateness[i++ % lateness.length]!));
          const offsets = arrivalOffsetsMs(spec, { count: 30, seed });
          const requests: InferenceRequest[] = offsets.map((o, id) => ({
            id,
            prompt: 'p',
            maxOutputTokens: 1,
            scheduledOffsetMs: o,
          }));
          const records = await dispatch(
            requests,
            { mode: 'rate' },
            async (_slot, r, scheduledMs) => ({
              id: r.id,
              inputTokens: 1,
              outputTokens: 1,
              scheduledMs,
              startMs: clock.nowMs(),
              endMs: clock.nowMs(),
            }),
            { clock, slots: 64 },
          );
          expect(records).toHaveLength(offsets.length);
          const sends = records.map((r) => r.sentMs!);
          for (const [k, r] of records.entries()) {
            const error = r.sentMs! - r.scheduledMs;
            expect(error).toBeGreaterThanOrEqual(0);
            // A send 1 ms or more after the previous one leaves within a few clock reads (0.05 ms
            // each); arrivals closer than that queue behind the previous send, as they must.
            if (k === 0 || r.scheduledMs - records[k - 1]!.scheduledMs >= 1) expect(error).toBeLessThan(0.5);
          }
          for (let k = 1; k < sends.length; k++) expect(sends[k]!).toBeGreaterThanOrEqual(sends[k - 1]!);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('pacing wait accounting', () => {
  it("adds each sleep's event-loop wait (from the timer's end to the target) to the stats", async () => {
    const stats = { waitMs: 0 };
    const clock = pacedClock(
      virtualClock(0.05, () => 0),
      2,
      stats,
    );
    await clock.sleep(10.4); // timer: floor(10.4 - 2) = 8 ms, then ~2.4 ms of turns
    expect(stats.waitMs).toBeGreaterThan(2.2);
    expect(stats.waitMs).toBeLessThan(2.6);
    await clock.sleep(0.5); // shorter than the lead: all of it is the wait
    expect(stats.waitMs).toBeGreaterThan(2.6);
    expect(stats.waitMs).toBeLessThan(3.2);
  });
});
