// CodeCarbon's no-RAPL estimate, so that llem's figures can be set beside papers that used it.
// Constants and formulas of CodeCarbon 3.3.0 (github.com/mlco2/codecarbon, commit b05965e):
// codecarbon/external/hardware.py (POWER_CONSTANT, CPU._get_power_from_cpu_load in the default
// "machine" tracking mode) and codecarbon/external/ram.py (RAM._estimate_dimm_count,
// RAM._calculate_ram_power). The TDP comes from llem's table, per package and NOT scaled to the
// share of the package a VM sees (CodeCarbon multiplies the table TDP by the socket count).

/** CodeCarbon release whose constants are copied here. */
export const CODECARBON_VERSION = '3.3.0';

/** CPU power when the model is not in the TDP table (CodeCarbon's `POWER_CONSTANT`), watts. */
export const CODECARBON_GENERIC_TDP_W = 85;

/** Power at zero load as a fraction of TDP in `cpu_load` mode. */
export const CODECARBON_MIN_LOAD_FACTOR = 0.1;

/** Watts per DIMM on x86 (`RAM_SLOT_POWER_X86`). */
export const CODECARBON_DIMM_W_X86 = 5;

/** Watts per DIMM on Arm. */
export const CODECARBON_DIMM_W_ARM = 1.5;

/**
 * CPU power in CodeCarbon's `cpu_load` mode, machine tracking: TDP × (0.1 + 0.9 × load³), with
 * load the machine's busy fraction (0–1). (CodeCarbon has a separate curve for Threadripper
 * parts, not reproduced here.)
 */
export function codecarbonCpuPowerW(tdpW: number, load: number): number {
  const u = Math.min(1, Math.max(0, load));
  return tdpW * (CODECARBON_MIN_LOAD_FACTOR + (1 - CODECARBON_MIN_LOAD_FACTOR) * u ** 3);
}

/** CodeCarbon's guess of the DIMM count from total memory in GiB (its "GB" is 2³⁰ bytes). */
export function codecarbonDimmCount(totalGib: number): number {
  if (totalGib <= 2) return 1;
  if (totalGib <= 16) return 2;
  if (totalGib <= 32) return 4;
  if (totalGib <= 64) return 4;
  if (totalGib <= 128) return 8;
  for (const size of [128, 64, 32, 16, 8, 4]) {
    if (size <= totalGib / 8) return Math.min(32, Math.ceil(totalGib / size));
  }
  return 8;
}

/**
 * RAM power from the DIMM count: full power for the first 4 DIMMs, then 0.9, 0.8 and 0.7 of it
 * for DIMMs 5–8, 9–16 and 17+; at least 2 DIMMs' worth on x86 and 3 W on Arm, watts.
 */
export function codecarbonRamPowerW(totalGib: number, arm: boolean): number {
  const n = codecarbonDimmCount(totalGib);
  const w = arm ? CODECARBON_DIMM_W_ARM : CODECARBON_DIMM_W_X86;
  const min = arm ? 3 : 2 * w;
  const tiers: [upTo: number, factor: number][] = [
    [4, 1],
    [8, 0.9],
    [16, 0.8],
    [Number.POSITIVE_INFINITY, 0.7],
  ];
  let total = 0;
  let from = 0;
  for (const [upTo, factor] of tiers) {
    const k = Math.max(0, Math.min(n, upTo) - from);
    total += k * w * factor;
    from = upTo;
  }
  return Math.max(min, total);
}
