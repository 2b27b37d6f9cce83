/**
 * Energy between two reads of a counter that wraps to 0 after `rangeUj` (RAPL's
 * `max_energy_range_uj`), µJ. A read lower than the previous one means exactly one wrap; more
 * than one wrap between reads cannot be seen, which is why RAPL is polled at least twice per
 * shortest possible wrap period (see `wrapSafeIntervalMs`).
 */
export function wrapDelta(prevUj: number, curUj: number, rangeUj: number): number {
  return curUj >= prevUj ? curUj - prevUj : curUj + rangeUj - prevUj;
}

/** A generous ceiling on one RAPL domain's power (the largest server packages draw ~500 W), watts. */
export const RAPL_MAX_PLAUSIBLE_W = 1000;

/**
 * The longest poll interval that cannot miss a wrap: half the time the counter takes to cover
 * its range at `maxPowerW` (e.g. 262 kJ at 1 kW wraps in 262 s: poll at least every 131 s).
 */
export function wrapSafeIntervalMs(rangeUj: number, maxPowerW = RAPL_MAX_PLAUSIBLE_W): number {
  return ((rangeUj / 1e6 / maxPowerW) * 1000) / 2;
}

/** Accumulates a wrapping counter's energy from successive reads. */
export class WrapAccumulator {
  private last: number | undefined;
  private totalUj = 0;

  /** @param rangeUj the counter's range (it wraps to 0 after this many µJ). */
  constructor(readonly rangeUj: number) {}

  /** Adds one read; returns the energy since the previous read, µJ (0 for the first). */
  add(valueUj: number): number {
    const d = this.last === undefined ? 0 : wrapDelta(this.last, valueUj, this.rangeUj);
    this.last = valueUj;
    this.totalUj += d;
    return d;
  }

  /** Energy since the first read, µJ. */
  get energyUj(): number {
    return this.totalUj;
  }
}
