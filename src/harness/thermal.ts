// Did the device reach a steady temperature before the window? Judged on the temperatures the
// energy sources sampled during warmup and the thermal floor (SPEC §5, "thermal floor").

import type { ThermalPlateauRecord } from '../core/records.js';
import { mean } from '../core/stats.js';
import type { TelemetrySample } from '../energy/source.js';
import type { ValidityCheck } from './validity.js';

/** The tail of the warm phase a plateau is judged on, seconds. */
export const PLATEAU_SPAN_S = 30;
/** Less warm phase than this (seconds of samples) cannot show a plateau. */
export const PLATEAU_MIN_SPAN_S = 10;
/**
 * Largest rise, °C, between the first and last third of the span that still counts as a
 * plateau: NVML reports whole degrees, so one step of the sensor is noise, not heating.
 */
export const PLATEAU_RISE_C = 1;

/** Whether device temperatures had levelled off by the end of the warm phase (as recorded). */
export type ThermalPlateau = ThermalPlateauRecord;

/**
 * Judges whether temperature reached a plateau by the end of the warm phase (warmup plus
 * thermal floor): over its last `PLATEAU_SPAN_S` seconds (all of it when shorter, but at least
 * `PLATEAU_MIN_SPAN_S`), the mean temperature of the last third exceeds that of the first third
 * by at most `PLATEAU_RISE_C` on every device. Undefined when no sample carries a temperature.
 */
export function thermalPlateau(samples: readonly TelemetrySample[]): ThermalPlateau | undefined {
  const hot = samples.filter((s) => s.temperatureC !== undefined && Number.isFinite(s.temperatureC));
  if (hot.length === 0) return undefined;
  const base = { threshold_c: PLATEAU_RISE_C };
  const endMs = Math.max(...hot.map((s) => s.tMs));
  const startMs = Math.max(Math.min(...hot.map((s) => s.tMs)), endMs - PLATEAU_SPAN_S * 1000);
  const spanS = (endMs - startMs) / 1000;
  if (spanS < PLATEAU_MIN_SPAN_S) {
    return undecided(
      spanS,
      `only ${spanS.toFixed(1)} s of warm-up temperatures (≥ ${PLATEAU_MIN_SPAN_S} s needed): no plateau could be shown; raise thermal_floor_s`,
    );
  }
  const third = (endMs - startMs) / 3;
  let worst: { device: string; rise: number; end: number } | undefined;
  const devices = new Set(hot.map((s) => s.device));
  for (const device of devices) {
    const list = hot.filter((s) => s.device === device && s.tMs >= startMs).sort((a, b) => a.tMs - b.tMs);
    const first = list.filter((s) => s.tMs <= startMs + third).map((s) => s.temperatureC!);
    const last = list.filter((s) => s.tMs >= endMs - third).map((s) => s.temperatureC!);
    if (first.length === 0 || last.length === 0) continue;
    const rise = mean(last) - mean(first);
    if (worst === undefined || rise > worst.rise)
      worst = { device, rise, end: list[list.length - 1]!.temperatureC! };
  }
  if (worst === undefined) {
    return undecided(spanS, 'too few temperature samples to judge a plateau');
  }
  const reached = worst.rise <= PLATEAU_RISE_C;
  return {
    ...base,
    reached,
    span_s: spanS,
    rise_c: worst.rise,
    device: worst.device,
    end_temperature_c: worst.end,
    detail: `${worst.device}: ${worst.rise.toFixed(1)} °C rise over the last ${spanS.toFixed(0)} s of warm-up (ends at ${worst.end.toFixed(0)} °C)${reached ? '' : ': still heating at the window start; raise thermal_floor_s'}`,
  };
}

/** Warns when the temperature had not reached a plateau (or could not be shown to) before the window; undefined without temperatures. */
export function checkThermalPlateau(plateau: ThermalPlateau | undefined): ValidityCheck | undefined {
  if (plateau === undefined) return undefined;
  return {
    id: 'thermal_plateau',
    passed: plateau.reached === true,
    severity: 'warning',
    ...(plateau.rise_c === null ? {} : { value: plateau.rise_c }),
    threshold: plateau.threshold_c,
    detail: plateau.detail,
  };
}

/** A verdict that could not be reached (too short a span, too few samples), with the reason. */
function undecided(spanS: number, detail: string): ThermalPlateau {
  return {
    threshold_c: PLATEAU_RISE_C,
    reached: null,
    span_s: spanS,
    rise_c: null,
    device: null,
    end_temperature_c: null,
    detail,
  };
}
