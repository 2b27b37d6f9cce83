// Pauses between runs (SPEC §2.2): `experiment_gap_s` between experiments, `cycle_gap_s` when the
// cycle changes, and the optional cool-down that ends a pause early once the temperature is back
// within `within_c` of the temperature measured when the study started (the gap is the cap).
import type { Clock } from '../core/clock.js';
import type { StudyEvent, WaitKind } from './events.js';
import type { ExecutionConfig, PlannedRun } from './types.js';

/** Reads the current temperature of the measured devices, °C (the hottest); undefined when no source reports one. */
export type TemperatureReader = () => Promise<number | undefined>;

/** The pause before `next` after `previous` ran: none before the first run of an invocation. */
export function gapBefore(
  previous: PlannedRun | undefined,
  next: PlannedRun,
  execution: Pick<ExecutionConfig, 'experiment_gap_s' | 'cycle_gap_s'>,
): { kind: WaitKind; seconds: number } | undefined {
  if (previous === undefined) return undefined;
  if (previous.cycle !== next.cycle) return { kind: 'cycle_gap', seconds: execution.cycle_gap_s };
  return { kind: 'experiment_gap', seconds: execution.experiment_gap_s };
}

/** Options of `waitGap`. */
export interface GapOptions {
  seconds: number;
  clock: Clock;
  signal?: AbortSignal;
  /** Cool-down target: end early once within `withinC` of `baselineC`. */
  cooldown?: { withinC: number; baselineC: number; read: TemperatureReader };
  /** How often the temperature is read during a cool-down, ms [2000]. */
  pollMs?: number;
}

/** How a pause ended. */
export interface GapOutcome {
  waitedS: number;
  endedBy: 'elapsed' | 'cool' | 'aborted';
}

/** Waits `seconds` (or until cool, when a cool-down is given); an abort ends the wait early without throwing. */
export async function waitGap(o: GapOptions): Promise<GapOutcome> {
  const t0 = o.clock.nowMs();
  const deadline = t0 + o.seconds * 1000;
  const waited = () => (o.clock.nowMs() - t0) / 1000;
  const poll = o.pollMs ?? 2000;
  try {
    while (o.clock.nowMs() < deadline) {
      if (o.signal?.aborted) return { waitedS: waited(), endedBy: 'aborted' };
      if (o.cooldown) {
        const t = await o.cooldown.read().catch(() => undefined);
        if (t !== undefined && t <= o.cooldown.baselineC + o.cooldown.withinC)
          return { waitedS: waited(), endedBy: 'cool' };
      }
      const left = deadline - o.clock.nowMs();
      await o.clock.sleep(o.cooldown ? Math.min(poll, left) : left, o.signal);
    }
  } catch {
    return { waitedS: waited(), endedBy: 'aborted' };
  }
  return { waitedS: waited(), endedBy: 'elapsed' };
}

/** The cool-down reader, or undefined (with a warning) when none applies. */
export async function cooldownFor(
  cooldown: { within_c: number } | null,
  read: TemperatureReader | undefined,
  emit: (e: StudyEvent) => void,
): Promise<GapOptions['cooldown']> {
  if (cooldown === null) return undefined;
  // The baseline is the temperature when the study (or this invocation) starts: idle, cool.
  const baselineC = read ? await read().catch(() => undefined) : undefined;
  if (baselineC === undefined || read === undefined) {
    emit({
      type: 'warning',
      warning: {
        code: 'COOLDOWN_SKIPPED',
        message:
          'execution.cooldown is set, but no energy source reports a temperature here: gaps run their full length',
      },
    });
    return undefined;
  }
  return { withinC: cooldown.within_c, baselineC, read };
}
