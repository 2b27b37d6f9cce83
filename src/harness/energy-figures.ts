import type { CpuShareRecord, EnergySourceRecord, ScopeEnergy, UncertaintyRecord } from '../core/records.js';
import type { EnergyReading } from '../energy/source.js';
import {
  adjustedUncertainty,
  type FigureUncertainty,
  figureUncertainty,
  sumFigureUncertainties,
} from '../energy/uncertainty.js';

/** Scopes in the order a headline figure is taken from: measured device energy first, estimates last. */
export const HEADLINE_SCOPE_ORDER = ['gpu', 'node', 'cpu', 'dram', 'estimate'] as const;

/** Persisted form of an uncertainty's terms. */
export function uncertaintyRecord(u: FigureUncertainty): UncertaintyRecord {
  return {
    readout_j: u.readoutJ,
    readout_basis: u.readoutBasis,
    accuracy_j: u.accuracyJ,
    accuracy_fraction: u.accuracyFraction,
    accuracy_basis: u.accuracyBasis,
    combined_j: u.combinedJ,
    comparative_j: u.comparativeJ,
  };
}

/** The terms of a reading's total: its read-out term and its source's accuracy class over its summed devices. */
export function readingUncertainty(r: EnergyReading): FigureUncertainty {
  const devices = Math.max(1, r.devices.filter((d) => d.notSummed === undefined).length);
  return figureUncertainty(r.energyJ, r.uncertaintyJ, r.uncertaintyBasis, r.accuracy, {
    durationS: r.durationS,
    devices,
  });
}

/** Mean power of a reading over its own interval, watts (0 for an empty interval). */
export function readingMeanW(r: EnergyReading): number {
  return r.durationS > 0 ? r.energyJ / r.durationS : 0;
}

/** Persisted form of one source reading; mean power is over the reading's own interval, and the peak is never below it. */
export function sourceRecord(r: EnergyReading): EnergySourceRecord {
  const u = readingUncertainty(r);
  const meanW = readingMeanW(r);
  return {
    source: r.source,
    scope: r.scope,
    method: r.method,
    energy_j: r.energyJ,
    uncertainty_j: u.combinedJ,
    uncertainty_basis: r.uncertaintyBasis,
    uncertainty: uncertaintyRecord(u),
    duration_s: r.durationS,
    mean_power_w: meanW,
    peak_power_w: Math.max(meanW, peakTotalPowerW(r)),
    samples: r.samples.length,
    expected_samples: r.expectedSamples,
    devices: r.devices.map((d) => {
      const du = figureUncertainty(d.energyJ, d.uncertaintyJ, `${d.device} read-out`, r.accuracy, {
        durationS: r.durationS,
        devices: 1,
      });
      return {
        device: d.device,
        scope: d.scope,
        method: d.method,
        energy_j: d.energyJ,
        uncertainty_j: du.combinedJ,
        uncertainty: uncertaintyRecord(du),
        mean_power_w: d.meanPowerW,
        peak_power_w: Math.max(d.meanPowerW, d.peakPowerW),
        ...(d.integratedEnergyJ === undefined ? {} : { integrated_energy_j: d.integratedEnergyJ }),
        ...(d.notSummed === undefined ? {} : { not_summed: d.notSummed }),
        ...(d.powerLimitW === undefined ? {} : { power_limit_w: d.powerLimitW }),
        ...(d.persistenceMode === undefined ? {} : { persistence_mode: d.persistenceMode }),
      };
    }),
    notes: r.notes,
    ...(r.otherProcesses === undefined ? {} : { other_processes: r.otherProcesses }),
    ...(r.samplerCpuS === undefined ? {} : { sampler_cpu_s: r.samplerCpuS }),
    ...(r.cpuShare === undefined ? {} : { cpu_share: { ...r.cpuShare } }),
    ...(r.mode === undefined ? {} : { mode: r.mode }),
  };
}

/** The first CPU share among readings (every CPU source sees the same machine), undefined when none. */
export function firstCpuShare(readings: readonly EnergyReading[]): CpuShareRecord | undefined {
  const r = readings.find((x) => x.cpuShare !== undefined);
  return r?.cpuShare === undefined ? undefined : { ...r.cpuShare };
}

/**
 * Peak of the summed power of all devices of a reading: at each sample time, every device's most
 * recent power is added (devices are polled one after another, so their times differ slightly).
 */
export function peakTotalPowerW(r: EnergyReading): number {
  // Sub-domains already inside another device's figure (RAPL core within package) are not added.
  const counted = r.devices.filter((d) => d.notSummed === undefined);
  const inside = new Set(r.devices.filter((d) => d.notSummed !== undefined).map((d) => d.device));
  const samples = r.samples
    .filter((s) => s.powerW !== undefined && !inside.has(s.device))
    .sort((a, b) => a.tMs - b.tMs);
  // Devices without a power timeseries (a constant DRAM term, say) add their peak throughout.
  const sampled = new Set(samples.map((s) => s.device));
  const unsampled = counted.filter((d) => !sampled.has(d.device)).reduce((a, d) => a + d.peakPowerW, 0);
  const latest = new Map<string, number>();
  let peak = 0;
  for (const s of samples) {
    latest.set(s.device, s.powerW!);
    let total = 0;
    for (const w of latest.values()) total += w;
    peak = Math.max(peak, total);
  }
  return peak + unsampled;
}

/** What a baseline offers the adjustment, by scope (a `Baseline` fits). */
export interface BaselineTerms {
  /** Idle watts by scope. */
  power_w: Record<string, number>;
  /** Read-out uncertainty of the idle power by scope, watts. */
  power_uncertainty_w: Record<string, number>;
  /** Idle power drift seen within the baseline by scope, watts (absent: not measurable). */
  power_drift_w?: Record<string, number>;
  /** Seconds between the baseline measurement and its use. */
  age_s: number;
}

/**
 * Totals per scope. Readings of one scope are summed (different devices); scopes are never
 * summed with each other. Energy, duration and mean power come from the same interval: each
 * source's own window edges (not the harness's, which lie inside them). Adjusted energy =
 * energy − idle power × that interval, clamped at zero, with its own uncertainty terms.
 */
export function scopeTotals(
  readings: readonly EnergyReading[],
  baseline: BaselineTerms | null,
): ScopeEnergy[] {
  const byScope = new Map<string, EnergyReading[]>();
  for (const r of readings) byScope.set(r.scope, [...(byScope.get(r.scope) ?? []), r]);
  const out: ScopeEnergy[] = [];
  for (const [scope, rs] of byScope) {
    const energy = rs.reduce((a, r) => a + r.energyJ, 0);
    const durationS = Math.max(0, ...rs.map((r) => r.durationS));
    const meanW = rs.reduce((a, r) => a + readingMeanW(r), 0);
    const u = sumFigureUncertainties(energy, rs.map(readingUncertainty));
    const idle = baseline?.power_w[scope];
    const adjusted = idle === undefined ? null : Math.max(0, energy - idle * durationS);
    const methods = [...new Set(rs.map((r) => r.method))];
    out.push({
      scope,
      method: methods.join('+'),
      energy_j: energy,
      adjusted_energy_j: adjusted,
      uncertainty_j: u.combinedJ,
      uncertainty: uncertaintyRecord(u),
      adjusted_uncertainty:
        adjusted === null || idle === undefined
          ? null
          : uncertaintyRecord(
              adjustedUncertainty(u, energy, adjusted, durationS, {
                powerW: idle,
                powerUncertaintyW: baseline?.power_uncertainty_w[scope] ?? 0,
                driftW: baseline?.power_drift_w?.[scope],
                ageS: baseline?.age_s ?? 0,
              }),
            ),
      baseline_power_w: idle ?? null,
      duration_s: durationS,
      mean_power_w: meanW,
      peak_power_w: rs.reduce((a, r) => a + Math.max(readingMeanW(r), peakTotalPowerW(r)), 0),
      sources: rs.map((r) => r.source),
    });
  }
  return out.sort((a, b) => scopeRank(a.scope) - scopeRank(b.scope));
}

/** The scope headline metrics are computed from, or undefined when nothing was measured. */
export function headlineScope(scopes: readonly ScopeEnergy[]): ScopeEnergy | undefined {
  return [...scopes].sort((a, b) => scopeRank(a.scope) - scopeRank(b.scope))[0];
}

function scopeRank(scope: string): number {
  const i = (HEADLINE_SCOPE_ORDER as readonly string[]).indexOf(scope);
  return i === -1 ? HEADLINE_SCOPE_ORDER.length : i;
}
