/** One power reading at one instant on the harness clock. */
export interface PowerPoint {
  /** Sample time, ms. */
  tMs: number;
  /** Instantaneous (or short-average) power, watts. */
  powerW: number;
}

/** Energy and power figures of a trace over a window. */
export interface IntegrationResult {
  /** ∫ P dt over the window, joules. */
  energyJ: number;
  /** Window length, seconds. */
  durationS: number;
  /** Time-weighted mean power (energy ÷ duration; the edge value for a zero-length window), watts. */
  meanPowerW: number;
  /** Highest power in the window, including the interpolated edge values, watts. */
  peakPowerW: number;
  /** Samples that fell inside the window. */
  samplesUsed: number;
  /** Window time before the first and after the last sample, filled by holding the nearest value, seconds. */
  heldS: number;
}

/** Linear interpolation between two points at time t. */
function lerp(a: PowerPoint, b: PowerPoint, tMs: number): number {
  const span = b.tMs - a.tMs;
  if (span <= 0) return b.powerW;
  return a.powerW + ((b.powerW - a.powerW) * (tMs - a.tMs)) / span;
}

/** Power at time t: interpolated between neighbours, held flat beyond the ends of the trace. */
function valueAt(points: readonly PowerPoint[], tMs: number): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (tMs <= first.tMs) return first.powerW;
  if (tMs >= last.tMs) return last.powerW;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.tMs <= tMs) lo = mid;
    else hi = mid;
  }
  return lerp(points[lo]!, points[hi]!, tMs);
}

/**
 * Trapezoidal integral of a power trace over [t0, t1] (ms). Samples outside the window are used
 * only to interpolate the value at an edge; where the trace does not reach an edge, the nearest
 * sample is held flat (zero-order hold) and the held time is reported in `heldS`, because the
 * trace says nothing about that stretch. Unsorted input is sorted; non-finite points are dropped.
 * Returns undefined when no usable sample exists (there is nothing to integrate).
 */
export function integratePower(
  samples: readonly PowerPoint[],
  t0Ms: number,
  t1Ms: number,
): IntegrationResult | undefined {
  const points = samples
    .filter((p) => Number.isFinite(p.tMs) && Number.isFinite(p.powerW))
    .sort((a, b) => a.tMs - b.tMs);
  if (points.length === 0 || !(t1Ms >= t0Ms)) return undefined;

  const inside = points.filter((p) => p.tMs > t0Ms && p.tMs < t1Ms);
  const p0 = valueAt(points, t0Ms);
  const p1 = valueAt(points, t1Ms);
  const path: PowerPoint[] = [{ tMs: t0Ms, powerW: p0 }, ...inside, { tMs: t1Ms, powerW: p1 }];

  let energyJ = 0;
  let peakPowerW = Math.max(p0, p1);
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    energyJ += ((a.powerW + b.powerW) / 2) * ((b.tMs - a.tMs) / 1000);
    if (b.powerW > peakPowerW) peakPowerW = b.powerW;
  }

  const first = points[0]!.tMs;
  const last = points[points.length - 1]!.tMs;
  const heldMs = Math.max(0, Math.min(first, t1Ms) - t0Ms) + Math.max(0, t1Ms - Math.max(last, t0Ms));
  const durationS = (t1Ms - t0Ms) / 1000;
  const samplesUsed = points.filter((p) => p.tMs >= t0Ms && p.tMs <= t1Ms).length;
  return {
    energyJ,
    durationS,
    meanPowerW: durationS > 0 ? energyJ / durationS : p0,
    peakPowerW,
    samplesUsed,
    heldS: Math.min(heldMs, t1Ms - t0Ms) / 1000,
  };
}

/** Time-weighted mean and the peak of a trace over its own span (no window), watts. */
export function powerStats(
  samples: readonly PowerPoint[],
): { meanPowerW: number; peakPowerW: number } | undefined {
  const sorted = samples
    .filter((p) => Number.isFinite(p.tMs) && Number.isFinite(p.powerW))
    .sort((a, b) => a.tMs - b.tMs);
  if (sorted.length === 0) return undefined;
  const r = integratePower(sorted, sorted[0]!.tMs, sorted[sorted.length - 1]!.tMs)!;
  const peakPowerW = sorted.reduce((m, p) => Math.max(m, p.powerW), Number.NEGATIVE_INFINITY);
  const meanPowerW =
    r.durationS > 0 ? r.meanPowerW : sorted.reduce((s, p) => s + p.powerW, 0) / sorted.length;
  return { meanPowerW, peakPowerW };
}
