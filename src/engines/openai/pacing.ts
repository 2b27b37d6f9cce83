// Exact sends on the shared arrival schedule (SPEC §3.3). The dispatcher waits with the clock's
// `sleep`; Node's timers have millisecond granularity (a fractional delay is truncated, and a
// timer often fires a millisecond late), which alone gives a p99 send error of several ms. This
// clock sleeps with a timer until `leadMs` before the target and then yields to the event loop
// (`setImmediate`, so sockets keep being served) until the target: sub-millisecond sends for at
// most `leadMs` of CPU per request. The yield loop is one callback re-queued per turn, not a
// promise per turn: fewer allocations, so fewer collector pauses in the way of the next send.
import type { Clock } from '../../core/clock.js';

/** How early the timer hands over to the event-loop wait, ms [2]. */
export const DEFAULT_LEAD_MS = 2;

/** Running total of the event-loop wait, for the generator-CPU check (see `Engine.pacingWaitS`). */
export interface PacingStats {
  /** Wall milliseconds spent in the event-loop wait phase of every sleep so far. */
  waitMs: number;
}

/**
 * `clock` with a sleep that ends within a fraction of a millisecond after its target; the wall
 * time of each event-loop wait is added to `stats.waitMs` when given.
 */
export function pacedClock(clock: Clock, leadMs = DEFAULT_LEAD_MS, stats?: PacingStats): Clock {
  return {
    nowMs: () => clock.nowMs(),
    wallMs: () => clock.wallMs(),
    sleep: async (ms, signal) => {
      const target = clock.nowMs() + ms;
      const coarse = Math.floor(ms - leadMs);
      if (coarse > 0) await clock.sleep(coarse, signal);
      const waitFrom = clock.nowMs();
      if (waitFrom >= target) return;
      await new Promise<void>((resolve, reject) => {
        const turn = () => {
          const now = clock.nowMs();
          if (signal?.aborted || now >= target) {
            if (stats) stats.waitMs += now - waitFrom;
            if (signal?.aborted) reject(signal.reason);
            else resolve();
          } else setImmediate(turn);
        };
        setImmediate(turn);
      });
    },
  };
}
