import { CODECARBON_GENERIC_TDP_W, codecarbonCpuPowerW, codecarbonRamPowerW } from './codecarbon.js';
import type { CpuInfo } from './cpu-info.js';
import { lookupCpu } from './tdp-table.js';

/**
 * Idle package power as a fraction of its power at full load. Cloud Carbon Footprint's per-vCPU
 * min/max watts, derived from SPECpower_ssj2008 results, put idle at 0.16 (Skylake) to 0.32
 * (EPYC Naples) of full load, about 0.24 in the middle (Milan 0.45/1.87 W); we use 0.25.
 */
export const IDLE_FRACTION_OF_TDP = 0.25;

/**
 * Full-load watts per logical CPU for a CPU the table does not know. Server parts in the table
 * span about 1.9 (EPYC 9654) to 5 W (Xeon 6 P-core) per thread, and Cloud Carbon Footprint's
 * fleet-average maximum for AWS is 3.5 W per vCPU; we use that.
 */
export const GENERIC_TDP_W_PER_THREAD = 3.5;

/**
 * Relative uncertainty (≈95 %) stated for the estimate. Utilisation × TDP models ignore
 * frequency, instruction mix (AVX-512 vs scalar), memory-bound stalls that count as busy, and
 * TDP being a thermal rather than an electrical figure; published comparisons against RAPL and
 * wall meters show errors of tens of percent, so ±50 % is the honest order.
 */
export const ESTIMATE_RELATIVE_UNCERTAINTY = 0.5;

/**
 * Whose utilisation drives the estimate: `process` (llem's process tree: other processes' load is
 * not ours), `machine` (every process on the machine), `codecarbon` (CodeCarbon 3.x's machine
 * model and constants, for comparison with papers that used it).
 */
export type EstimateMode = 'process' | 'machine' | 'codecarbon';

/** Estimate modes, in the order the config lists them. */
export const ESTIMATE_MODES = ['process', 'machine', 'codecarbon'] as const satisfies readonly EstimateMode[];

/** The fitted numbers of the estimate for this machine. */
export interface EstimateModel {
  /** CPU name used in device listings. */
  cpuName: string;
  /** Where the TDP came from. */
  tdpSource: 'override' | 'table' | 'generation' | 'generic';
  /** Package TDP used (per socket), watts; the generic per-thread figure × CPUs when unknown. */
  packageTdpW: number;
  /** Share of the package(s) this machine's online CPUs represent (1 per whole socket). */
  visiblePackages: number;
  /** Estimated CPU power at 100 % utilisation of the online CPUs, watts. */
  busyW: number;
  /** Estimated CPU power at 0 % utilisation, watts. */
  idleW: number;
  /** Constant DRAM power, watts. */
  dramW: number;
  /** Installed memory, GiB (0 when unknown). */
  memGib: number;
  /** Online logical CPUs (from `/proc/stat`). */
  onlineCpus: number;
  /** `codecarbon` mode: table TDP × sockets, not scaled to a VM's share (85 W for an unknown CPU), watts. */
  codecarbonTdpW: number;
  /** `codecarbon` mode: RAM power from CodeCarbon's DIMM model, watts. */
  codecarbonRamW: number;
  /** One-line account of the numbers, for probe reasons. */
  explanation: string;
  /** Caveats to carry into every reading (unknown CPU, assumed part…). */
  notes: string[];
}

/** Inputs of `buildEstimateModel`. */
export interface EstimateModelInput {
  cpu: CpuInfo;
  /** Online logical CPUs, from `/proc/stat`. */
  onlineCpus: number;
  /** `MemTotal`, bytes; undefined when `/proc/meminfo` was unreadable. */
  memTotalBytes?: number;
  /** Package TDP override, watts. */
  cpuTdpW?: number;
  /** DRAM watts per GiB of installed memory. */
  dramWPerGib: number;
  /** Arm machine (CodeCarbon's RAM model uses lower DIMM power there); default false. */
  arm?: boolean;
}

/** Rounds for display. */
function r(x: number, digits = 3): number {
  return Number(x.toPrecision(digits));
}

/**
 * Fits the estimate to this machine: busy power = package TDP × visible packages, where a VM or
 * container that sees only part of a package (online CPUs < package threads × sockets) gets the
 * share online ÷ package threads; idle power = `IDLE_FRACTION_OF_TDP` × busy power; DRAM power =
 * W/GiB × MemTotal. A bare-metal host with SMT off (all physical cores, half the threads) still
 * counts whole packages.
 */
export function buildEstimateModel(i: EstimateModelInput): EstimateModel {
  const notes: string[] = [];
  const online = Math.max(1, i.onlineCpus);
  const name = i.cpu.modelName ?? 'unknown CPU';
  const id = {
    ...(i.cpu.vendor === undefined ? {} : { vendor: i.cpu.vendor }),
    ...(i.cpu.family === undefined ? {} : { family: i.cpu.family }),
    ...(i.cpu.model === undefined ? {} : { model: i.cpu.model }),
    ...(i.cpu.stepping === undefined ? {} : { stepping: i.cpu.stepping }),
  };
  const match = lookupCpu(i.cpu.modelName, id);
  const override =
    i.cpuTdpW !== undefined && i.cpuTdpW > 0 && Number.isFinite(i.cpuTdpW) ? i.cpuTdpW : undefined;
  if (i.cpuTdpW !== undefined && override === undefined) {
    notes.push(`cpu_tdp_w ${i.cpuTdpW} is not a positive number of watts and was ignored`);
  }

  let tdpSource: EstimateModel['tdpSource'];
  let packageTdpW: number;
  let visiblePackages: number;
  let how: string;
  let codecarbonTdpW: number;
  if (match) {
    const s = match.spec;
    tdpSource = override !== undefined ? 'override' : match.matchedBy === 'model' ? 'table' : 'generation';
    packageTdpW = override ?? s.tdpW;
    codecarbonTdpW = packageTdpW * i.cpu.sockets;
    const wholePackages = !i.cpu.virtualised && i.cpu.physicalCores >= s.cores * i.cpu.sockets;
    visiblePackages = wholePackages ? i.cpu.sockets : Math.min(i.cpu.sockets, online / s.threads);
    how =
      `${match.note}; ${override !== undefined ? `cpu_tdp_w ${packageTdpW} W` : `TDP ${packageTdpW} W`}` +
      (wholePackages ? ` × ${i.cpu.sockets} socket(s)` : ` × ${online}/${s.threads} threads visible`);
    if (match.matchedBy === 'generation') {
      notes.push(
        `CPU model not named: assumed ${s.model} from the CPUID generation; set measurement.energy.cpu_tdp_w to override`,
      );
    }
  } else if (override !== undefined) {
    tdpSource = 'override';
    packageTdpW = override;
    codecarbonTdpW = override * i.cpu.sockets;
    visiblePackages = i.cpu.sockets;
    how = `"${name}" not in the TDP table; cpu_tdp_w ${override} W × ${i.cpu.sockets} socket(s), assuming whole packages are visible`;
    notes.push(
      `"${name}" is not in the TDP table: cpu_tdp_w is applied per socket as if this machine saw whole packages`,
    );
  } else {
    tdpSource = 'generic';
    packageTdpW = GENERIC_TDP_W_PER_THREAD * online;
    codecarbonTdpW = CODECARBON_GENERIC_TDP_W;
    visiblePackages = 1;
    how = `"${name}" not in the TDP table; generic ${GENERIC_TDP_W_PER_THREAD} W per logical CPU × ${online}`;
    notes.push(
      `CPU "${name}" is not in the TDP table: used a generic ${GENERIC_TDP_W_PER_THREAD} W per logical CPU; set measurement.energy.cpu_tdp_w for a better estimate`,
    );
  }

  const busyW = packageTdpW * visiblePackages;
  const idleW = IDLE_FRACTION_OF_TDP * busyW;
  const dramWPerGib = Number.isFinite(i.dramWPerGib) && i.dramWPerGib >= 0 ? i.dramWPerGib : 0;
  const memGib = i.memTotalBytes === undefined ? 0 : i.memTotalBytes / 2 ** 30;
  const dramW = dramWPerGib * memGib;
  if (i.memTotalBytes === undefined)
    notes.push('MemTotal unknown (/proc/meminfo unreadable): DRAM term is 0 W');

  const explanation =
    `CPU ${r(idleW)}–${r(busyW)} W (idle–busy; ${how}; idle = ${IDLE_FRACTION_OF_TDP} × busy) + ` +
    `DRAM ${r(dramW)} W (${r(memGib)} GiB × ${dramWPerGib} W/GiB), ±${ESTIMATE_RELATIVE_UNCERTAINTY * 100} %`;
  return {
    cpuName: name,
    tdpSource,
    packageTdpW,
    visiblePackages,
    busyW,
    idleW,
    dramW,
    memGib,
    onlineCpus: online,
    codecarbonTdpW,
    codecarbonRamW: codecarbonRamPowerW(memGib, i.arm ?? false),
    explanation,
    notes,
  };
}

/** Estimated CPU power at busy fraction u (0–1): P_idle + u × (P_busy − P_idle), watts. */
export function cpuPowerW(m: EstimateModel, busyFraction: number): number {
  const u = Math.min(1, Math.max(0, busyFraction));
  return m.idleW + u * (m.busyW - m.idleW);
}

/** Busy fractions (0–1) of all online CPU time over one interval. */
export interface BusyShares {
  /** The whole machine (steal excluded). */
  machine: number;
  /** llem's process tree; undefined when it could not be read. */
  own?: number;
}

/**
 * CPU and DRAM power of one interval in the given mode, watts. `process`: idle + own share ×
 * (busy − idle), so other processes' load adds nothing; `machine`: the same with the machine's
 * share; `codecarbon`: CodeCarbon's TDP × (0.1 + 0.9 × load³) and its DIMM-based RAM power.
 */
export function estimatePowerW(
  m: EstimateModel,
  mode: EstimateMode,
  u: BusyShares,
): { cpuW: number; dramW: number } {
  if (mode === 'codecarbon') {
    return { cpuW: codecarbonCpuPowerW(m.codecarbonTdpW, u.machine), dramW: m.codecarbonRamW };
  }
  const share = mode === 'process' ? (u.own ?? 0) : u.machine;
  return { cpuW: cpuPowerW(m, share), dramW: m.dramW };
}
