import type { CpuShareRecord, EnergySourceRecord, ScopeEnergy } from '../core/records.js';
import type { CpuShare, EnergyReading } from '../energy/source.js';

/** Scopes in the order a headline figure is taken from: measured device energy first, estimates last. */
export const HEADLINE_SCOPE_ORDER = ['gpu', 'node', 'cpu', 'dram', 'estimate'] as const;

/** Persisted form of one source reading. */
export function sourceRecord(r: EnergyReading): EnergySourceRecord {
  return {
    source: r.source,
    scope: r.scope,
    method: r.method,
    energy_j: r.energyJ,
    uncertainty_j: r.uncertaintyJ,
    uncertainty_basis: r.uncertaintyBasis,
    duration_s: r.durationS,
    mean_power_w: r.durationS > 0 ? r.energyJ / r.durationS : 0,
    peak_power_w: peakTotalPowerW(r),
    samples: r.samples.length,
    expected_samples: r.expectedSamples,
    devices: r.devices.map((d) => ({
      device: d.device,
      scope: d.scope,
      method: d.method,
      energy_j: d.energyJ,
      uncertainty_j: d.uncertaintyJ,
      mean_power_w: d.meanPowerW,
      peak_power_w: d.peakPowerW,
      ...(d.integratedEnergyJ === undefined ? {} : { integrated_energy_j: d.integratedEnergyJ }),
      ...(d.notSummed === undefined ? {} : { not_summed: d.notSummed }),
      ...(d.powerLimitW === undefined ? {} : { power_limit_w: d.powerLimitW }),
      ...(d.persistenceMode === undefined ? {} : { persistence_mode: d.persistenceMode }),
    })),
    notes: r.notes,
    ...(r.otherProcesses === undefined ? {} : { other_processes: r.otherProcesses }),
    ...(r.samplerCpuS === undefined ? {} : { sampler_cpu_s: r.samplerCpuS }),
    ...(r.cpuShare === undefined ? {} : { cpu_share: cpuShareRecord(r.cpuShare) }),
    ...(r.mode === undefined ? {} : { mode: r.mode }),
  };
}

/** Persisted form of a CPU share. */
export function cpuShareRecord(s: CpuShare): CpuShareRecord {
  return {
    own_fraction: s.ownFraction,
    machine_fraction: s.machineFraction,
    other_fraction: s.otherFraction,
    own_cpu_s: s.ownCpuS,
    machine_cpu_s: s.machineCpuS,
    capacity_cpu_s: s.capacityCpuS,
    online_cpus: s.onlineCpus,
    processes: s.processes,
  };
}

/** The first CPU share among readings (every CPU source sees the same machine), undefined when none. */
export function firstCpuShare(readings: readonly EnergyReading[]): CpuShareRecord | undefined {
  const r = readings.find((x) => x.cpuShare !== undefined);
  return r?.cpuShare === undefined ? undefined : cpuShareRecord(r.cpuShare);
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

/**
 * Totals per scope. Readings of one scope are summed (different devices); scopes are never
 * summed with each other. Uncertainties of independent sources add in quadrature.
 * Adjusted energy = energy − baseline power × window, clamped at zero.
 */
export function scopeTotals(
  readings: readonly EnergyReading[],
  baselinePowerW: Record<string, number> | null,
  windowS: number,
): ScopeEnergy[] {
  const byScope = new Map<string, EnergyReading[]>();
  for (const r of readings) byScope.set(r.scope, [...(byScope.get(r.scope) ?? []), r]);
  const out: ScopeEnergy[] = [];
  for (const [scope, rs] of byScope) {
    const energy = rs.reduce((a, r) => a + r.energyJ, 0);
    const unc = Math.sqrt(rs.reduce((a, r) => a + r.uncertaintyJ ** 2, 0));
    const idle = baselinePowerW?.[scope];
    const methods = [...new Set(rs.map((r) => r.method))];
    out.push({
      scope,
      method: methods.join('+'),
      energy_j: energy,
      adjusted_energy_j: idle === undefined ? null : Math.max(0, energy - idle * windowS),
      uncertainty_j: unc,
      baseline_power_w: idle ?? null,
      mean_power_w: windowS > 0 ? energy / windowS : 0,
      peak_power_w: rs.reduce((a, r) => a + peakTotalPowerW(r), 0),
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
