// Validity checks for one measurement window (SPEC §5). Each check is a pure function that
// returns a record (or undefined when it cannot apply). `severity` is how much a failure
// matters: a failed `error` check makes the run invalid, a failed `warning` check is reported;
// `info` records carry context and never fail a run.

import type { ValidityRecord } from '../core/records.js';
import type { EnergyReading, TelemetrySample } from '../energy/source.js';
import type { RequestRecord } from '../engines/engine.js';

/** One validity check as recorded in `result.json`. */
export type ValidityCheck = ValidityRecord;

/** Window length below which figures are not publication quality (MLPerf Power asks ≥ 600 s), seconds. */
export const PUBLICATION_WINDOW_S = 60;

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
const pct = (fraction: number) => `${fmt(fraction * 100)} %`;

/** Fails (error) when the window is shorter than `minWindowS`; notes (info) when it is under 60 s. */
export function checkWindowLength(windowS: number, minWindowS: number): ValidityCheck {
  const base = { id: 'window_length', value: windowS, threshold: minWindowS };
  if (!(windowS >= minWindowS)) {
    return {
      ...base,
      passed: false,
      severity: 'error',
      detail: `window ${fmt(windowS)} s is shorter than min_window_s ${minWindowS} s: energy figures are not reliable; use more prompts or a longer workload`,
    };
  }
  if (windowS < PUBLICATION_WINDOW_S) {
    return {
      ...base,
      passed: true,
      severity: 'info',
      detail: `window ${fmt(windowS)} s ≥ ${minWindowS} s; publication quality ≥ ${PUBLICATION_WINDOW_S} s`,
    };
  }
  return { ...base, passed: true, severity: 'info', detail: `window ${fmt(windowS)} s` };
}

/** Warns when fewer than 75 % of the expected telemetry samples arrived (sample count or the samples); undefined when none were expected. */
export function checkTelemetryCoverage(
  samples: number | readonly TelemetrySample[],
  expectedSamples: number,
): ValidityCheck | undefined {
  if (!(expectedSamples > 0)) return undefined;
  const got = typeof samples === 'number' ? samples : samples.length;
  const coverage = got / expectedSamples;
  const passed = coverage >= 0.75;
  return {
    id: 'telemetry_coverage',
    passed,
    severity: 'warning',
    value: coverage,
    threshold: 0.75,
    detail: `${got} of ${expectedSamples} expected samples (${pct(coverage)})${passed ? '' : ': the sampler fell behind; integrated energy and peak power are less certain'}`,
  };
}

/**
 * Warns when mean power is outside [idle, limit] (5 % tolerance each side): below idle means the
 * wrong device or a stalled engine, above the limit a scope or unit error; undefined when neither bound is known.
 */
export function checkPowerRange(
  meanPowerW: number,
  idleW?: number,
  limitW?: number,
): ValidityCheck | undefined {
  if (idleW === undefined && limitW === undefined) return undefined;
  const low = idleW === undefined ? undefined : idleW * 0.95;
  const high = limitW === undefined ? undefined : limitW * 1.05;
  // Only the bounds that are known are stated (no `?` placeholders).
  const range =
    idleW === undefined
      ? `at most the limit ${fmt(limitW!)} W (idle power not measured)`
      : limitW === undefined
        ? `at least idle ${fmt(idleW)} W (no power limit known)`
        : `within [${fmt(idleW)}, ${fmt(limitW)}] W`;
  const base = { id: 'power_range', severity: 'warning' as const, value: meanPowerW };
  if (!Number.isFinite(meanPowerW)) {
    return { ...base, passed: false, detail: `mean power ${meanPowerW} W is not a number` };
  }
  if (low !== undefined && meanPowerW < low) {
    return {
      ...base,
      passed: false,
      threshold: idleW!,
      detail: `mean power ${fmt(meanPowerW)} W is below idle ${fmt(idleW!)} W: is the measured device the one doing the work?`,
    };
  }
  if (high !== undefined && meanPowerW > high) {
    return {
      ...base,
      passed: false,
      threshold: limitW!,
      detail: `mean power ${fmt(meanPowerW)} W is above the limit ${fmt(limitW!)} W: check the scope and units`,
    };
  }
  return { ...base, passed: true, detail: `mean power ${fmt(meanPowerW)} W ${range}` };
}

/** Warns when the energy counter and integrated power disagree by more than 5 %; undefined unless both exist. */
export function checkCounterAgreement(counterJ?: number, integratedJ?: number): ValidityCheck | undefined {
  if (counterJ === undefined || integratedJ === undefined) return undefined;
  const diff =
    counterJ === 0
      ? integratedJ === 0
        ? 0
        : Number.POSITIVE_INFINITY
      : Math.abs(counterJ - integratedJ) / Math.abs(counterJ);
  const passed = diff <= 0.05;
  return {
    id: 'counter_agreement',
    passed,
    severity: 'warning',
    value: diff,
    threshold: 0.05,
    detail: `counter ${fmt(counterJ)} J vs integrated power ${fmt(integratedJ)} J: ${pct(diff)} apart${passed ? '' : ' (usually within 1 %; a short window or slow sampling widens it)'}`,
  };
}

/** Per-device sample lists in time order. */
function byDevice(samples: readonly TelemetrySample[]): Map<string, TelemetrySample[]> {
  const map = new Map<string, TelemetrySample[]>();
  for (const s of samples) {
    const list = map.get(s.device);
    if (list) list.push(s);
    else map.set(s.device, [s]);
  }
  for (const list of map.values()) list.sort((a, b) => a.tMs - b.tMs);
  return map;
}

/**
 * Warns when any sample carries a non-zero throttle mask (bits in `ignoreMask` excluded; NVML
 * samples already carry only the real-throttling bits, with "GPU idle" and application-clock
 * bits masked out at the source); `durationS` is the longest per-device throttled time (each
 * throttled sample counts until the next one) and `maxTemperatureC` the highest temperature the
 * throttled device reported; undefined when no sample reports a mask.
 */
export function checkThrottling(
  samples: readonly TelemetrySample[],
  ignoreMask = 0,
): (ValidityCheck & { durationS: number; maxTemperatureC?: number }) | undefined {
  const withMask = samples.filter((s) => s.throttleReasons !== undefined);
  if (withMask.length === 0) return undefined;
  // BigInt: NVML masks are 64-bit and JS bitwise operators truncate to 32.
  const keep = ~BigInt(Math.trunc(ignoreMask));
  const throttled = (s: TelemetrySample) => (BigInt(Math.trunc(s.throttleReasons!)) & keep) !== 0n;
  let worstS = 0;
  let worstDevice = '';
  let count = 0;
  for (const [device, list] of byDevice(withMask)) {
    let ms = 0;
    let deviceCount = 0;
    list.forEach((s, i) => {
      if (!throttled(s)) return;
      deviceCount++;
      const next = list[i + 1];
      const prev = list[i - 1];
      ms += next ? next.tMs - s.tMs : prev ? s.tMs - prev.tMs : 0;
    });
    count += deviceCount;
    if (deviceCount > 0 && (worstDevice === '' || ms / 1000 > worstS)) {
      worstS = ms / 1000;
      worstDevice = device;
    }
  }
  const passed = count === 0;
  const temps = samples
    .filter((s) => s.device === worstDevice && s.temperatureC !== undefined)
    .map((s) => s.temperatureC!);
  const maxTemperatureC = temps.length > 0 ? Math.max(...temps) : undefined;
  const hot = maxTemperatureC === undefined ? '' : `, max temperature ${fmt(maxTemperatureC, 0)} °C`;
  return {
    id: 'throttling',
    passed,
    severity: 'warning',
    value: worstS,
    threshold: 0,
    durationS: worstS,
    ...(passed || maxTemperatureC === undefined ? {} : { maxTemperatureC }),
    detail: passed
      ? `no throttling in ${withMask.length} samples`
      : `throttled in ${count} samples, ${fmt(worstS)} s on ${worstDevice}${hot}: clocks were reduced, so results depend on cooling and power caps`,
  };
}

/** Warns when a device's temperature range over the window exceeds 10 °C; undefined without temperatures. */
export function checkThermalDrift(samples: readonly TelemetrySample[]): ValidityCheck | undefined {
  const withTemp = samples.filter((s) => s.temperatureC !== undefined && Number.isFinite(s.temperatureC));
  if (withTemp.length === 0) return undefined;
  let drift = 0;
  let where = '';
  for (const [device, list] of byDevice(withTemp)) {
    const temps = list.map((s) => s.temperatureC!);
    const range = Math.max(...temps) - Math.min(...temps);
    if (where === '' || range > drift) {
      drift = range;
      where = `${device}: ${fmt(temps[0]!, 0)} → ${fmt(temps[temps.length - 1]!, 0)} °C, range ${fmt(range)} °C`;
    }
  }
  const passed = drift <= 10;
  return {
    id: 'thermal_drift',
    passed,
    severity: 'warning',
    value: drift,
    threshold: 10,
    detail: `${where}${passed ? '' : ': the device was still heating; lengthen the thermal floor or warmup'}`,
  };
}

/**
 * Warns when the configured thermal floor is under 30 s (whether or not it was held: SPEC §2.1
 * makes a short floor a validity warning in itself), or the wait was cut short; `actualS`
 * undefined means it was skipped (`skippedReason`, info unless the floor is short).
 */
export function checkThermalFloor(floorS: number, actualS?: number, skippedReason?: string): ValidityCheck {
  const base = { id: 'thermal_floor', threshold: 30 };
  const skipped =
    actualS === undefined ? `; ${skippedReason ?? 'skipped: no energy source reports a temperature'}` : '';
  if (floorS < 30) {
    return {
      ...base,
      passed: false,
      severity: 'warning',
      value: floorS,
      detail: `thermal_floor_s ${floorS} s is under 30 s: the device may not reach a steady temperature${skipped}`,
    };
  }
  if (actualS === undefined) {
    return { ...base, passed: true, severity: 'info', detail: skipped.slice(2) };
  }
  // Timers fire late, never early; allow a little slack for a floor that ended on an abort or deadline.
  if (actualS < floorS - 1) {
    return {
      ...base,
      passed: false,
      severity: 'warning',
      value: actualS,
      detail: `waited ${fmt(actualS)} s of the ${floorS} s thermal floor`,
    };
  }
  return {
    ...base,
    passed: true,
    severity: 'info',
    value: actualS,
    detail: `waited ${fmt(actualS)} s (floor ${floorS} s)`,
  };
}

/** Warns when every energy reading is an estimate (not a measurement); warns too when there is no reading at all. */
export function checkEstimateOnly(readings: readonly EnergyReading[]): ValidityCheck {
  const base = { id: 'estimate_only', severity: 'warning' as const };
  if (readings.length === 0) {
    return {
      ...base,
      passed: false,
      detail: 'no energy source produced a reading: no energy figures for this run',
    };
  }
  const isEstimate = (r: EnergyReading) => r.method === 'estimate' || r.scope === 'estimate';
  const estimates = readings.filter(isEstimate);
  if (estimates.length === readings.length) {
    return {
      ...base,
      passed: false,
      detail: `energy is an estimate (${estimates.map((r) => r.source).join(', ')}), not a measurement: compare only with other estimates`,
    };
  }
  const measured = readings.filter((r) => !isEstimate(r)).map((r) => `${r.source} (${r.scope})`);
  return { ...base, passed: true, detail: `measured by ${measured.join(', ')}` };
}

/** Warns when some requests failed and fails (error) when all did or there were none; value = failed count. */
export function checkFailedRequests(records: readonly RequestRecord[]): ValidityCheck {
  const failed = records.filter((r) => r.error !== undefined);
  const base = { id: 'failed_requests', value: failed.length, threshold: 0 };
  if (records.length === 0) {
    return { ...base, passed: false, severity: 'error', detail: 'no requests ran in the window' };
  }
  if (failed.length === 0) {
    return { ...base, passed: true, severity: 'warning', detail: `all ${records.length} requests succeeded` };
  }
  const first = failed[0]!.error!;
  const all = failed.length === records.length;
  return {
    ...base,
    passed: false,
    severity: all ? 'error' : 'warning',
    detail: `${failed.length} of ${records.length} requests failed (first: ${first}); their tokens are excluded from throughput and J/token`,
  };
}

/**
 * Warns when the load generator used more than half a CPU core (it may perturb or bottleneck the
 * engine); undefined when unknown. `waitFractionOfCore` is the share of the window a paced
 * generator spent waiting on the event loop for send times: CPU-busy, but idle capacity (it
 * yields to every socket), so it is left out of the figure compared with the threshold and named
 * in the detail. The wait's wall time also covers socket work done between its turns, so the
 * figure can understate a loaded generator a little; a generator that falls behind stops waiting
 * (its sends are already late), so the warning still fires when it matters.
 */
export function checkGeneratorCpu(
  cpuFractionOfCore?: number,
  waitFractionOfCore?: number,
): ValidityCheck | undefined {
  if (cpuFractionOfCore === undefined) return undefined;
  const wait = Math.min(cpuFractionOfCore, Math.max(0, waitFractionOfCore ?? 0));
  const working = cpuFractionOfCore - wait;
  const passed = working <= 0.5;
  const waited =
    waitFractionOfCore === undefined
      ? ''
      : ` (${pct(working)} working, ${pct(wait)} waiting on the event loop for send times)`;
  return {
    id: 'generator_cpu',
    passed,
    severity: 'warning',
    value: working,
    threshold: 0.5,
    detail: `load generator used ${pct(cpuFractionOfCore)} of a core${waited}${passed ? '' : ': it may delay sends and inflate latency'}`,
  };
}

/** Warns when other processes used the measured GPUs during the window; undefined when unknown. */
export function checkOtherProcesses(otherProcesses?: readonly string[]): ValidityCheck | undefined {
  if (otherProcesses === undefined) return undefined;
  const passed = otherProcesses.length === 0;
  return {
    id: 'other_processes',
    passed,
    severity: 'warning',
    value: otherProcesses.length,
    threshold: 0,
    detail: passed
      ? 'no other processes on the measured GPUs'
      : `other processes on the measured GPUs (${otherProcesses.join(', ')}): their energy is included`,
  };
}

/** Notes (info) when GPU persistence mode is off (the driver may reinitialise between runs); undefined when unknown. */
export function checkPersistenceMode(enabled?: boolean): ValidityCheck | undefined {
  if (enabled === undefined) return undefined;
  return {
    id: 'persistence_mode',
    passed: enabled,
    severity: 'info',
    detail: enabled
      ? 'persistence mode on'
      : 'persistence mode off: idle power and first-run latency may vary (nvidia-smi -pm 1)',
  };
}

/** Notes (info) when persistence mode is off on any measured GPU; undefined when no device reports it. */
export function checkPersistenceModes(
  devices: readonly { device: string; persistenceMode?: boolean }[],
): ValidityCheck | undefined {
  const known = devices.filter((d) => d.persistenceMode !== undefined);
  if (known.length === 0) return undefined;
  const off = known.filter((d) => d.persistenceMode === false).map((d) => d.device);
  if (off.length === 0)
    return {
      ...checkPersistenceMode(true)!,
      detail: `persistence mode on (${known.map((d) => d.device).join(', ')})`,
    };
  const c = checkPersistenceMode(false)!;
  return { ...c, detail: `${off.join(', ')}: ${c.detail}` };
}

/** Counts failed checks by severity; the run is valid when no `error` check failed. */
export function summariseValidity(checks: readonly ValidityCheck[]): {
  valid: boolean;
  errors: number;
  warnings: number;
} {
  const errors = checks.filter((c) => !c.passed && c.severity === 'error').length;
  const warnings = checks.filter((c) => !c.passed && c.severity === 'warning').length;
  return { valid: errors === 0, errors, warnings };
}
