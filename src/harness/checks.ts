import type { ExperimentConfig } from '../config/schema.js';
import type { CpuShareRecord, ValidityRecord } from '../core/records.js';
import type { EnergyReading } from '../energy/source.js';
import type { EngineCapabilities, RequestRecord } from '../engines/engine.js';
import { checkCpuContention, checkEstimatePowerFlat } from './cpu-validity.js';
import { firstCpuShare, readingMeanW } from './energy-figures.js';
import { checkThermalPlateau, type ThermalPlateau } from './thermal.js';
import {
  checkCounterAgreement,
  checkEstimateOnly,
  checkFailedRequests,
  checkGeneratorCpu,
  checkOtherProcesses,
  checkPersistenceModes,
  checkPowerRange,
  checkTelemetryCoverage,
  checkThermalDrift,
  checkThermalFloor,
  checkThrottling,
  checkWindowLength,
  type ValidityCheck,
} from './validity.js';

/** Inputs to the validity checks of one run. */
export interface ChecksInput {
  config: ExperimentConfig;
  capabilities: EngineCapabilities;
  windowS: number;
  readings: readonly EnergyReading[];
  records: readonly RequestRecord[];
  baselinePowerW: Record<string, number> | null;
  /**
   * Idle power of each source's own reading, keyed `source:scope` (the power-range check compares
   * a reading with its own idle, not with the scope's sum over sources); falls back to the scope's.
   */
  baselineSourcePowerW?: Record<string, number>;
  /** Who used the CPU during the baseline; null or absent when unknown (no CPU source, no baseline). */
  baselineCpuShare?: CpuShareRecord | null;
  /** Seconds from warmup start to window start when the thermal floor was held; undefined when skipped. */
  warmToWindowS: number | undefined;
  /** Why the thermal floor was not held, when it was not. */
  thermalFloorSkipped?: string;
  /** Whether temperature reached a plateau during warmup and the floor; absent without temperatures. */
  thermalPlateau?: ThermalPlateau | null;
  processCpuS: number;
  /** Of the window, seconds the generator spent waiting on the event loop for send times. */
  pacingWaitS?: number;
}

/** Runs every applicable SPEC §5 validity check. */
export function runChecks(c: ChecksInput): ValidityRecord[] {
  const checks: (ValidityCheck | undefined)[] = [
    checkWindowLength(c.windowS, c.config.measurement.energy.min_window_s),
    checkFailedRequests(c.records),
    checkEstimateOnly(c.readings),
    checkThermalFloor(c.config.measurement.warmup.thermal_floor_s, c.warmToWindowS, c.thermalFloorSkipped),
    checkThermalPlateau(c.thermalPlateau ?? undefined),
    // One check per run: every CPU source sees the same machine.
    checkCpuContention(
      firstCpuShare(c.readings),
      c.baselineCpuShare,
      c.config.measurement.energy.cpu_contention_threshold,
    ),
  ];
  for (const r of c.readings) {
    // A source with several readings (RAPL: cpu and dram) gets one check per scope.
    const label =
      c.readings.filter((x) => x.source === r.source).length > 1 ? `${r.source}:${r.scope}` : r.source;
    checks.push(tag(checkTelemetryCoverage(r.samples, r.expectedSamples), label));
    const meanW = readingMeanW(r);
    const idleW = c.baselineSourcePowerW?.[`${r.source}:${r.scope}`] ?? c.baselinePowerW?.[r.scope];
    checks.push(tag(checkPowerRange(meanW, idleW, powerLimitW(r)), label));
    if (r.method === 'estimate') {
      checks.push(tag(checkEstimatePowerFlat(r.source, meanW, idleW), label));
    }
    for (const d of r.devices) {
      if (d.integratedEnergyJ !== undefined && d.method === 'counter') {
        checks.push(tag(checkCounterAgreement(d.energyJ, d.integratedEnergyJ), `${label}:${d.device}`));
      }
    }
    checks.push(tag(checkThrottling(r.samples), label));
    checks.push(tag(checkThermalDrift(r.samples), label));
    checks.push(tag(checkOtherProcesses(r.otherProcesses), label));
    checks.push(tag(checkPersistenceModes(r.devices), label));
  }
  // The load generator's own CPU only matters when it is separate from the engine (a client);
  // for an in-process engine the process CPU *is* inference.
  if (!c.capabilities.inProcess && c.windowS > 0) {
    checks.push(
      checkGeneratorCpu(
        c.processCpuS / c.windowS,
        c.pacingWaitS === undefined ? undefined : c.pacingWaitS / c.windowS,
      ),
    );
  }
  // Only the record's fields: a check function may carry working figures (throttling's
  // `durationS`) that belong elsewhere in the record, not in `validity.checks`.
  return checks
    .filter((x): x is ValidityCheck => x !== undefined)
    .map(({ id, passed, severity, detail, value, threshold }) => ({
      id,
      passed,
      severity,
      detail,
      ...(value === undefined ? {} : { value }),
      ...(threshold === undefined ? {} : { threshold }),
    }));
}

/** The summed power limit of a reading's devices, watts, when every summed device reports one. */
function powerLimitW(r: EnergyReading): number | undefined {
  const summed = r.devices.filter((d) => d.notSummed === undefined);
  if (summed.length === 0 || summed.some((d) => d.powerLimitW === undefined)) return undefined;
  return summed.reduce((a, d) => a + d.powerLimitW!, 0);
}

function tag(check: ValidityCheck | undefined, source: string): ValidityCheck | undefined {
  if (check === undefined) return undefined;
  return { ...check, id: `${check.id}:${source}` };
}
