import type { AccuracyClass, EnergyScope } from '../source.js';
import type { ReadText } from '../sysfs.js';

/**
 * The CPU vendor from `/proc/cpuinfo` (`GenuineIntel`, `AuthenticAMD`, `HygonGenuine`…), or
 * undefined when the file cannot be read or has no `vendor_id` (Arm).
 */
export async function cpuVendor(read: ReadText, path = '/proc/cpuinfo'): Promise<string | undefined> {
  try {
    return /^vendor_id\s*:\s*(\S+)/m.exec(await read(path))?.[1];
  } catch {
    // An unreadable cpuinfo only widens the accuracy class (unknown vendor), said in its basis.
    return undefined;
  }
}

/**
 * RAPL's calibration class by vendor and domain (README, "Energy sources and their accuracy").
 * Intel package (Haswell and later, where RAPL is measured by the integrated voltage regulators
 * rather than modelled): ±5 % (Hackenberg et al., HPPAC 2015; Khan et al., ACM TOMPECS 2018).
 * Intel DRAM: ±10 % (Desrochers, Paradis & Weaver, MEMSYS 2016: good on servers, an offset that
 * varies between desktop systems and is worst at idle). AMD (Zen): ±10 % for both, because its
 * RAPL figures are modelled, not measured (Schöne et al., IEEE CLUSTER 2021). Unknown vendor: ±15 %.
 */
export function raplAccuracy(vendor: string | undefined, scope: EnergyScope): AccuracyClass {
  const domain = scope === 'dram' ? 'DRAM' : 'package';
  if (vendor === 'GenuineIntel') {
    return scope === 'dram'
      ? { fraction: 0.1, basis: 'Intel RAPL DRAM: ±10 % (Desrochers et al., MEMSYS 2016)' }
      : {
          fraction: 0.05,
          basis: 'Intel RAPL package: ±5 % (Hackenberg et al., HPPAC 2015; Khan et al., TOMPECS 2018)',
        };
  }
  if (vendor === 'AuthenticAMD' || vendor === 'HygonGenuine') {
    return {
      fraction: 0.1,
      basis: `AMD RAPL ${domain}: ±10 %, modelled rather than measured (Schöne et al., IEEE CLUSTER 2021)`,
    };
  }
  return {
    fraction: 0.15,
    basis: `RAPL ${domain} on CPU vendor ${vendor ?? 'unknown (no vendor_id in /proc/cpuinfo)'}: no published validation; ±15 % assumed`,
  };
}
