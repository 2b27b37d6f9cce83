import type { Clock } from '../core/clock.js';

/** What a poll is told about the tick it serves. */
export interface SamplerTick {
  /** Tick number k: the tick was due at `startMs + k × intervalMs`; -1 for the final poll at stop. */
  index: number;
  /** When the tick was due on the injected clock, ms. */
  scheduledMs: number;
  /** When the poll actually started on the injected clock, ms (≥ `scheduledMs`). */
  tMs: number;
}

/** Options for `startSampler`. */
export interface SamplerOptions {
  /** Polling interval, ms (> 0). */
  intervalMs: number;
  /** Time base for scheduling and timestamps. */
  clock: Clock;
  /** Reads the source once; may be async; never runs concurrently with itself. */
  poll: (tick: SamplerTick) => void | Promise<void>;
  /** Aborting stops polling for good (no final poll); `stop()` still resolves. */
  signal?: AbortSignal;
  /** Run one more poll when `stop()` is called, so the series ends at the window edge (default false). */
  finalPoll?: boolean;
  /** Called with each error a poll throws; polling continues. */
  onError?: (error: unknown, tick: SamplerTick) => void;
}

/** Counters describing how a sampler run went. */
export interface SamplerStats {
  /** Clock time of tick 0, ms. */
  startMs: number;
  /** Polls run (including the final poll). */
  polls: number;
  /** Ticks skipped because an earlier poll was still running when they fell due. */
  skipped: number;
  /** Polls that threw. */
  errors: number;
  /** Clock time at which the abort signal fired, ms; absent when not aborted. */
  abortedAtMs?: number;
}

/** A running periodic poller. */
export interface Sampler {
  /** Current counters (a copy). */
  stats(): SamplerStats;
  /** Settles when tick 0's poll has finished (a source awaits it so the window's first edge is read before `start` resolves). */
  readonly firstPoll: Promise<void>;
  /** Stops scheduling, waits for a poll in flight, runs the final poll if asked, and resolves after the last poll. */
  stop(): Promise<SamplerStats>;
}

/**
 * Starts a drift-free periodic poller: tick k is scheduled at `start + k × interval` on the
 * injected clock (never `previous + interval`, so timer lateness does not accumulate). A poll
 * that overruns is never overlapped: when it finishes, the ticks that fell due meanwhile are
 * skipped (and counted) except the latest one, which runs at once, less than one interval late.
 * Tick 0 runs immediately.
 */
export function startSampler(o: SamplerOptions): Sampler {
  if (!(o.intervalMs > 0) || !Number.isFinite(o.intervalMs)) {
    throw new RangeError(`sampler interval must be a positive number of ms, got ${o.intervalMs}`);
  }
  const interval = o.intervalMs;
  const clock = o.clock;
  const stats: SamplerStats = { startMs: clock.nowMs(), polls: 0, skipped: 0, errors: 0 };
  const wake = new AbortController();
  let stopping = false;

  const onAbort = () => {
    stats.abortedAtMs = clock.nowMs();
    wake.abort();
  };
  if (o.signal?.aborted) onAbort();
  else o.signal?.addEventListener('abort', onAbort, { once: true });

  let firstDone: () => void = () => {};
  const firstPoll = new Promise<void>((resolve) => {
    firstDone = resolve;
  });
  const runPoll = async (tick: SamplerTick): Promise<void> => {
    stats.polls += 1;
    try {
      await o.poll(tick);
    } catch (error) {
      stats.errors += 1;
      o.onError?.(error, tick);
    } finally {
      firstDone();
    }
  };

  const loop = async (): Promise<void> => {
    let k = 0;
    while (!stopping && !wake.signal.aborted) {
      const scheduledMs = stats.startMs + k * interval;
      await runPoll({ index: k, scheduledMs, tMs: clock.nowMs() });
      if (stopping || wake.signal.aborted) break;
      // The latest tick already due; anything between k and it was missed while polling.
      const due = Math.floor((clock.nowMs() - stats.startMs) / interval);
      let next = k + 1;
      if (due > next) {
        stats.skipped += due - next;
        next = due;
      }
      const dueMs = stats.startMs + next * interval;
      // Loop: Node timers have 1 ms granularity and can fire a fraction of a ms early.
      for (let waitMs = dueMs - clock.nowMs(); waitMs > 0; waitMs = dueMs - clock.nowMs()) {
        if (stopping || wake.signal.aborted) break;
        try {
          await clock.sleep(waitMs, wake.signal);
        } catch {
          // Woken by stop() or the caller's abort: the loop condition decides.
        }
      }
      k = next;
    }
  };

  // Resolve firstPoll even when aborted before tick 0, so nobody waits forever.
  const running = loop().finally(() => firstDone());
  let stopped: Promise<SamplerStats> | undefined;

  return {
    stats: () => ({ ...stats }),
    firstPoll,
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        const aborted = wake.signal.aborted;
        wake.abort();
        await running;
        o.signal?.removeEventListener('abort', onAbort);
        if (o.finalPoll === true && !aborted) {
          const tMs = clock.nowMs();
          await runPoll({ index: -1, scheduledMs: tMs, tMs });
        }
        return { ...stats };
      })();
      return stopped;
    },
  };
}

/**
 * Samples one device should yield over a window: one per whole interval plus the first, i.e.
 * ⌊duration / interval⌋ + 1, times the number of sampled devices (the `expectedSamples` rule).
 */
export function expectedSampleCount(durationS: number, intervalMs: number, devices = 1): number {
  if (!(durationS >= 0) || !(intervalMs > 0)) return 0;
  // A tiny epsilon keeps 0.3 s / 100 ms from flooring to 2 through binary rounding.
  return devices * (Math.floor((durationS * 1000) / intervalMs + 1e-9) + 1);
}
