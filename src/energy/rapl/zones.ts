import { join } from 'node:path';
import type { EnergyDevice, EnergyScope } from '../source.js';
import { listDir, type ReadText, readNumber, readString } from '../sysfs.js';

/** What a RAPL zone measures. */
export type RaplKind = 'package' | 'core' | 'uncore' | 'dram' | 'psys' | 'other';

/** One powercap zone with a readable energy counter. */
export interface RaplZone {
  /** Folder, e.g. `/sys/class/powercap/intel-rapl:0:1`. */
  dir: string;
  /** Device id: `package-0`, `package-0:core`, `package-0:uncore`, `dram-0`, `psys`. */
  id: string;
  /** The kernel's name for it (`name` file). */
  name: string;
  kind: RaplKind;
  scope: EnergyScope;
  /** Why its energy is not added to the reading (a sub-domain or the platform domain). */
  notSummed?: string;
  /** The counter wraps to 0 after this many µJ. */
  rangeUj: number;
}

/** Zones found, and the ones that cannot be read, with why. */
export interface RaplDiscovery {
  zones: RaplZone[];
  problems: { dir: string; message: string; code: string }[];
  /** Set when there is nothing to measure at all. */
  none?: string;
}

/** Classifies a zone from its `name` file. */
function kindOf(name: string): RaplKind {
  if (/^package-\d+$/.test(name)) return 'package';
  if (name === 'core' || name === 'uncore' || name === 'dram' || name === 'psys') return name;
  return 'other';
}

/** The id and scope of a zone (sub-zones take their package's number from the folder name). */
function identify(
  dirName: string,
  name: string,
  kind: RaplKind,
): Pick<RaplZone, 'id' | 'scope' | 'notSummed'> {
  const pkg = /^intel-rapl:(\d+)/.exec(dirName)?.[1] ?? '0';
  switch (kind) {
    case 'package':
      return { id: name, scope: 'cpu' };
    case 'dram':
      return { id: `dram-${pkg}`, scope: 'dram' };
    case 'core':
    case 'uncore':
      return { id: `package-${pkg}:${kind}`, scope: 'cpu', notSummed: `part of package-${pkg}` };
    case 'psys':
      return {
        id: 'psys',
        scope: 'cpu',
        notSummed: 'platform domain (psys): it includes the packages and more, so it is not added to them',
      };
    default:
      return {
        id: `${dirName}:${name}`,
        scope: 'cpu',
        notSummed: `unknown RAPL domain "${name}", kept for reference`,
      };
  }
}

/**
 * Finds RAPL zones under `root` (`/sys/class/powercap`): every `intel-rapl:N` and
 * `intel-rapl:N:M` folder (Intel and AMD both use these names; AMD exposes packages only).
 * `intel-rapl-mmio:*` folders repeat the package domain through another interface and are
 * skipped, so nothing is counted twice. A zone whose `energy_uj` cannot be read is a problem,
 * not a zone.
 */
export async function discoverRapl(root: string, read: ReadText): Promise<RaplDiscovery> {
  const entries = await listDir(root);
  if (entries === undefined) {
    return {
      zones: [],
      problems: [],
      none: `no ${root}: the kernel exposes no power-capping interface here (a VM or container without RAPL, or a non-x86 CPU). On bare-metal Intel or AMD, load the driver: sudo modprobe intel_rapl_msr`,
    };
  }
  const dirs = entries.filter((e) => /^intel-rapl:\d+(:\d+)?$/.test(e));
  if (dirs.length === 0) {
    return {
      zones: [],
      problems: [],
      none: `no intel-rapl:* zones in ${root}: no RAPL here (a VM, or the intel_rapl_msr module is not loaded: sudo modprobe intel_rapl_msr)`,
    };
  }
  const zones: RaplZone[] = [];
  const problems: RaplDiscovery['problems'] = [];
  for (const dirName of dirs) {
    const dir = join(root, dirName);
    const name = await readString(read, join(dir, 'name'));
    const range = await readNumber(read, join(dir, 'max_energy_range_uj'));
    const energy = await readNumber(read, join(dir, 'energy_uj'));
    const failed = [name, range, energy].find((x) => !x.ok);
    if (failed !== undefined && !failed.ok) {
      problems.push({ dir, message: failed.message, code: failed.code });
      continue;
    }
    if (!name.ok || !range.ok) continue;
    const kind = kindOf(name.value);
    zones.push({ dir, name: name.value, kind, rangeUj: range.value, ...identify(dirName, name.value, kind) });
  }
  return { zones, problems };
}

/** The fix for unreadable counters, in words (CVE-2020-8694 made `energy_uj` root-only). */
export function permissionFix(root: string): string {
  return (
    `since Linux 5.10 (CVE-2020-8694) energy_uj is readable by root only. Fix: run llem as root, or ` +
    `sudo chmod o+r ${root}/intel-rapl:*/energy_uj ${root}/intel-rapl:*:*/energy_uj (until reboot), or a udev rule ` +
    `(/etc/udev/rules.d/99-rapl.rules: ACTION=="add", SUBSYSTEM=="powercap", RUN+="/bin/chmod o+r /sys%p/energy_uj")`
  );
}

/** The probe's devices for the zones found. */
export function raplDevices(zones: readonly RaplZone[]): EnergyDevice[] {
  return zones.map((z) => ({
    id: z.id,
    name: `RAPL ${z.name}`,
    scope: z.scope,
    info: {
      zone: z.dir,
      kind: z.kind,
      max_energy_range_uj: z.rangeUj,
      ...(z.notSummed === undefined ? {} : { not_summed: z.notSummed }),
    },
  }));
}
