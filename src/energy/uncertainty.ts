import type { PowerPoint } from './integrate.js';
import type { AccuracyClass } from './source.js';

/** One independent contribution to an energy figure's uncertainty. */
export interface UncertaintyTerm {
  /** What the term covers, with its inputs, e.g. `counter edges (resolution 1 mJ, update 100 ms)`. */
  label: string;
  /** Size of the term (a bound, used as ≈95 % coverage), joules. */
  valueJ: number;
}

/** A combined uncertainty and the words that explain it. */
export interface CombinedUncertainty {
  /** Root-sum-square of the terms, joules. */
  uncertaintyJ: number;
  /** The terms and how they were combined, for `EnergyReading.uncertaintyBasis`. */
  basis: string;
}

/** Formats joules with three significant figures. */
function joules(x: number): string {
  return `${Number(x.toPrecision(3))} J`;
}

/**
 * Error from reading an energy counter at both window edges. At each edge the value read lags
 * the true energy by ε ∈ [0, r + P·τ): truncation to the resolution r (J) plus staleness of up
 * to one update period τ (s) at power P (W). The window energy is the difference of the two
 * reads, so its error ε₁ − ε₀ lies in (−(r + P·τ), r + P·τ): the bound is r + P·τ, independent
 * of the window length (the relative error falls as 1/T). Pass the higher edge power as `powerW`.
 */
export function counterEdgeUncertainty(o: {
  /** Counter resolution (one count), joules. */
  resolutionJ: number;
  /** How often the counter is refreshed, seconds. */
  updatePeriodS: number;
  /** Power near the window edges, watts. */
  powerW: number;
  /** What the counter is, for the label (default `counter`). */
  counter?: string;
}): UncertaintyTerm {
  const valueJ = Math.abs(o.resolutionJ) + Math.abs(o.powerW) * Math.abs(o.updatePeriodS);
  const update = o.updatePeriodS > 0 ? `, update ${Number((o.updatePeriodS * 1000).toPrecision(3))} ms` : '';
  return { label: `${o.counter ?? 'counter'} edges (resolution ${joules(o.resolutionJ)}${update})`, valueJ };
}

/**
 * Error of trapezoidal integration of a sampled power trace over [t0, t1] (ms). Assuming the
 * power between two samples stays between their values (no excursion shorter than the
 * interval), the true energy of interval i lies in [min(Pᵢ, Pᵢ₊₁)·Δtᵢ, max(Pᵢ, Pᵢ₊₁)·Δtᵢ] and the
 * trapezoid is its midpoint, so |errᵢ| ≤ |Pᵢ₊₁ − Pᵢ|·Δtᵢ / 2. The worst case adds them all with
 * one sign: Σ|ΔPᵢ|·Δtᵢ / 2, which is ≤ max|ΔP| · T / 2. Stretches of the window that the trace
 * does not reach (held edges) add (max P − min P) × held time.
 */
export function samplingUncertainty(
  samples: readonly PowerPoint[],
  t0Ms: number,
  t1Ms: number,
): UncertaintyTerm {
  const pts = samples
    .filter((p) => Number.isFinite(p.tMs) && Number.isFinite(p.powerW))
    .sort((a, b) => a.tMs - b.tMs);
  const inside = pts.filter((p) => p.tMs >= t0Ms && p.tMs <= t1Ms);
  let valueJ = 0;
  let maxStepW = 0;
  for (let i = 1; i < inside.length; i++) {
    const a = inside[i - 1]!;
    const b = inside[i]!;
    const step = Math.abs(b.powerW - a.powerW);
    maxStepW = Math.max(maxStepW, step);
    valueJ += (step * (b.tMs - a.tMs)) / 2000;
  }
  if (pts.length > 0) {
    const lo = pts.reduce((m, p) => Math.min(m, p.powerW), Number.POSITIVE_INFINITY);
    const hi = pts.reduce((m, p) => Math.max(m, p.powerW), Number.NEGATIVE_INFINITY);
    const firstIn = inside[0]?.tMs ?? t1Ms;
    const lastIn = inside[inside.length - 1]?.tMs ?? t1Ms;
    const heldS = (Math.max(0, firstIn - t0Ms) + Math.max(0, t1Ms - Math.max(lastIn, t0Ms))) / 1000;
    valueJ += (hi - lo) * Math.min(heldS, Math.max(0, t1Ms - t0Ms) / 1000);
  }
  return { label: `sampling (max step ${Number(maxStepW.toPrecision(3))} W between samples)`, valueJ };
}

/**
 * A relative floor: the figure is not better than `fraction` × |energy| whatever the other
 * terms say (a meter's calibration, or a model's known error for an estimate).
 */
export function relativeFloor(energyJ: number, fraction: number, why = 'relative floor'): UncertaintyTerm {
  return {
    label: `${why} ±${Number((fraction * 100).toPrecision(3))} %`,
    valueJ: Math.abs(energyJ * fraction),
  };
}

/**
 * Combines independent terms in quadrature, u = √(Σ uᵢ²): independent errors add as variances,
 * so the largest term dominates and small ones barely move the total.
 */
export function combineQuadrature(terms: readonly UncertaintyTerm[]): CombinedUncertainty {
  const finite = terms.filter((t) => Number.isFinite(t.valueJ));
  // Math.hypot scales before squaring, so tiny or huge terms neither underflow nor overflow.
  const uncertaintyJ = Math.hypot(...finite.map((t) => t.valueJ));
  const parts = finite.map((t) => `${t.label} ${joules(t.valueJ)}`);
  const basis =
    parts.length === 0
      ? 'no uncertainty terms'
      : `${joules(uncertaintyJ)} = quadrature sum of: ${parts.join('; ')}`;
  return { uncertaintyJ, basis };
}

/** The named terms of one figure's uncertainty (SPEC §4), all about 95 % coverage. */
export interface FigureUncertainty {
  /** Read-out/integration term: counter edges, sampling, window edges, silences; joules. */
  readoutJ: number;
  /** How the read-out term was derived, in words. */
  readoutBasis: string;
  /** The source's calibration class applied to the figure, joules. */
  accuracyJ: number;
  /** Accuracy term ÷ |energy| (the class, or the energy-weighted class of several sources). */
  accuracyFraction: number;
  /** Where the accuracy class comes from, in words. */
  accuracyBasis: string;
  /**
   * The gain part of the accuracy term (the class's fraction × energy, without any absolute
   * floor), joules: what is left of calibration in a difference of two figures from one sensor.
   */
  gainJ: number;
  /** √(read-out² + accuracy²): the uncertainty of the absolute figure, joules. */
  combinedJ: number;
  /**
   * For comparisons between runs on the same device: calibration is systematic for one sensor and
   * cancels in the difference, so only the read-out term is left, joules.
   */
  comparativeJ: number;
}

/**
 * Builds the terms of one figure from its read-out term and its source's accuracy class: the
 * accuracy term is fraction × |energy|, or the class's absolute floor × devices × duration when
 * that is larger (a sensor stated as ±5 W is not ±5 % at 40 W).
 */
export function figureUncertainty(
  energyJ: number,
  readoutJ: number,
  readoutBasis: string,
  accuracy: AccuracyClass,
  extent: { durationS: number; devices: number },
): FigureUncertainty {
  const floorJ = (accuracy.floorW ?? 0) * extent.devices * extent.durationS;
  const accuracyJ = Math.max(Math.abs(energyJ) * accuracy.fraction, floorJ);
  return {
    readoutJ,
    readoutBasis,
    accuracyJ,
    accuracyFraction: energyJ > 0 ? accuracyJ / Math.abs(energyJ) : accuracy.fraction,
    gainJ: Math.abs(energyJ) * accuracy.fraction,
    accuracyBasis:
      accuracyJ > Math.abs(energyJ) * accuracy.fraction
        ? `${accuracy.basis}; the ${accuracy.floorW} W floor × ${extent.devices} device(s) × ${Number(extent.durationS.toPrecision(4))} s exceeds ±${accuracy.fraction * 100} % here`
        : accuracy.basis,
    combinedJ: Math.hypot(readoutJ, accuracyJ),
    comparativeJ: readoutJ,
  };
}

/**
 * Terms of a sum of figures from independent sources (one scope measured by two sources, say):
 * read-out and accuracy terms each add in quadrature, because different sensors' calibration
 * errors are independent.
 */
export function sumFigureUncertainties(
  energyJ: number,
  parts: readonly FigureUncertainty[],
): FigureUncertainty {
  if (parts.length === 1) return parts[0]!;
  const readoutJ = Math.hypot(...parts.map((p) => p.readoutJ));
  const accuracyJ = Math.hypot(...parts.map((p) => p.accuracyJ));
  return {
    readoutJ,
    readoutBasis: parts.map((p) => p.readoutBasis).join(' | '),
    accuracyJ,
    accuracyFraction:
      energyJ > 0 ? accuracyJ / energyJ : Math.max(0, ...parts.map((p) => p.accuracyFraction)),
    accuracyBasis: [...new Set(parts.map((p) => p.accuracyBasis))].join(' | '),
    gainJ: Math.hypot(...parts.map((p) => p.gainJ)),
    combinedJ: Math.hypot(readoutJ, accuracyJ),
    comparativeJ: readoutJ,
  };
}

/** What the baseline contributes to an adjusted figure. */
export interface IdleTerms {
  /** Idle power, watts. */
  powerW: number;
  /** Read-out uncertainty of the idle power (its reading's read-out term ÷ its duration), watts. */
  powerUncertaintyW: number;
  /** How far idle power moved between the halves of the baseline, watts (undefined: not measurable). */
  driftW: number | undefined;
  /** Seconds between the baseline measurement and its use (0 for a fresh one). */
  ageS: number;
}

/**
 * Uncertainty of adjusted energy E − P_idle × T (T: the interval of E). Read-out terms: the
 * window's, the idle power's × T, and the idle power's own drift during the baseline × T (idle
 * is not a constant; the drift seen while it was measured is the spread to expect over the
 * window), in quadrature. The accuracy term is the class × the adjusted energy: a calibration
 * (gain) error of the sensor scales window and baseline alike, so it scales their difference, and
 * a constant offset (an absolute floor) cancels in it.
 * The comparative term is the read-out term (calibration cancels on one device; idle noise does not).
 */
export function adjustedUncertainty(
  window: FigureUncertainty,
  energyJ: number,
  adjustedJ: number,
  durationS: number,
  idle: IdleTerms,
): FigureUncertainty {
  const idleJ = idle.powerUncertaintyW * durationS;
  const driftJ = (idle.driftW ?? 0) * durationS;
  const readoutJ = Math.hypot(window.readoutJ, idleJ, driftJ);
  const gainFraction = energyJ > 0 ? window.gainJ / energyJ : 0;
  const accuracyJ = Math.abs(adjustedJ) * gainFraction;
  const age = idle.ageS > 0 ? `; cached baseline measured ${idle.ageS.toFixed(0)} s before use` : '';
  return {
    readoutJ,
    readoutBasis: `${joules(readoutJ)} = quadrature sum of: window read-out ${joules(window.readoutJ)}; idle power ±${Number(idle.powerUncertaintyW.toPrecision(3))} W × ${Number(durationS.toPrecision(4))} s = ${joules(idleJ)}; ${idle.driftW === undefined ? 'idle drift not measurable (no power samples in the baseline)' : `idle drift during the baseline ${Number(idle.driftW.toPrecision(3))} W × ${Number(durationS.toPrecision(4))} s = ${joules(driftJ)}`}${age}`,
    accuracyJ,
    accuracyFraction: gainFraction,
    accuracyBasis: `${window.accuracyBasis} (gain part only: a constant offset cancels in the subtraction)`,
    gainJ: accuracyJ,
    combinedJ: Math.hypot(readoutJ, accuracyJ),
    comparativeJ: readoutJ,
  };
}
