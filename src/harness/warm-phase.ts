// The warm phase between load and window: warmup, then the thermal floor, both at the window's
// concurrency, with the energy sources sampling temperature throughout when any reports one, so
// the record can say whether temperature reached a plateau before the window.
import type { ExperimentConfig } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { startSources } from '../energy/auto.js';
import type { EnergySource, EnergyStartOptions } from '../energy/source.js';
import type { Engine, InferenceRequest, LoadSpec } from '../engines/engine.js';
import type { Phase } from './events.js';
import { type ThermalPlateau, thermalPlateau } from './thermal.js';
import { holdThermalFloor, runWarmup, type ThermalFloorOutcome, type WarmupOutcome } from './warmup.js';

/** Inputs of `warmPhase`. */
export interface WarmPhaseOptions {
  engine: Engine;
  /** Requests to warm with (cycled as needed). */
  pool: readonly InferenceRequest[];
  config: ExperimentConfig;
  /** The window's load pattern: warmup and the floor keep as many requests in flight. */
  load: LoadSpec;
  /** Whether an energy source reported a temperature during load (or the reused model's load). */
  temperatureReported: boolean;
  sources: readonly EnergySource[];
  start: Omit<EnergyStartOptions, 'signal'>;
  clock: Clock;
  signal?: AbortSignal;
  /** Enters a phase (progress event and log line). */
  enter: (phase: Phase, detail?: string) => void;
  onProgress: (done: number, total: number) => void;
}

/** What the warm phase did. */
export interface WarmPhaseOutcome {
  warmup: WarmupOutcome;
  thermalFloor: ThermalFloorOutcome & { plateau: ThermalPlateau | null };
  warmupS: number;
  thermalFloorS: number;
  /** Seconds from warmup start to the end of the phase; null when warmup is disabled. */
  warmToWindowS: number | null;
}

/**
 * Runs warmup and the thermal floor at the window's concurrency (`engine.inFlightLimit(load)`,
 * one at a time for engines that do not say). When warmup is enabled and a source reports
 * temperatures, the sources sample through both phases and the floor's record carries the
 * plateau verdict (`thermalPlateau`).
 */
export async function warmPhase(o: WarmPhaseOptions): Promise<WarmPhaseOutcome> {
  const { clock, config } = o;
  const w = config.measurement.warmup;
  const concurrency = Math.max(1, o.engine.inFlightLimit?.(o.load) ?? 1);
  const watch = w.enabled && o.temperatureReported;
  const session = watch
    ? await startSources(o.sources, { ...o.start, ...(o.signal ? { signal: o.signal } : {}) })
    : undefined;
  let plateau: ThermalPlateau | null = null;
  let stopped = false;
  try {
    o.enter('warmup', `${concurrency} in flight`);
    const warmStart = clock.nowMs();
    const warmup = await runWarmup(o.engine, o.pool, w, concurrency, clock, o.signal, o.onProgress);
    o.enter('thermal_floor');
    const tf0 = clock.nowMs();
    const floor = await holdThermalFloor(
      o.engine,
      o.pool,
      w.thermal_floor_s,
      warmStart,
      // With warmup disabled the user asked for a cold start: no extra load either.
      w.enabled ? o.temperatureReported : 'warmup disabled',
      concurrency,
      clock,
      o.signal,
    );
    const thermalFloorS = (clock.nowMs() - tf0) / 1000;
    if (session) {
      stopped = true;
      const readings = await session.stop();
      plateau = thermalPlateau(readings.flatMap((r) => r.samples)) ?? null;
    }
    return {
      warmup,
      thermalFloor: { ...floor, plateau },
      warmupS: warmup.duration_s,
      thermalFloorS,
      warmToWindowS: w.enabled ? (clock.nowMs() - warmStart) / 1000 : null,
    };
  } finally {
    // A failure or abort mid-phase must not leave a sampler running (its error is the phase's).
    if (session && !stopped) await session.stop().catch(() => undefined);
  }
}
