// Arrival schedules for open-loop load (SPEC §3.3, §5): the send times of every request are
// computed in advance from the seed, so a schedule is reproducible and independent of how fast
// the engine answers. Pure; shared by the harness (which plans the window) and any engine or
// client that paces sends.

import { createRng } from './random.js';

/** The arrival processes of `load.arrival`. */
export type ArrivalProcess = 'poisson' | 'constant' | 'gamma';

/** An open-loop arrival process. */
export interface ArrivalSpec {
  /** Mean arrival rate, requests per second (> 0). */
  rateRps: number;
  arrival: ArrivalProcess;
  /** Gamma shape k (> 0): inter-arrival CV = 1/√k; 1 is Poisson, below 1 burstier. Used by `gamma` only. */
  burstiness: number;
}

/** What to plan. */
export interface ArrivalPlan {
  /** At least this many requests. */
  count: number;
  /** Keep adding arrivals until one is scheduled at or after this offset, ms [0]. */
  minDurationMs?: number;
  /** Seed of the draws (the experiment's `random_seed`); one stream per purpose is derived from it. */
  seed: number | string;
}

/** Safety cap on planned arrivals: a rate × duration beyond this is a config mistake, not a workload. */
export const MAX_PLANNED_ARRIVALS = 1_000_000;

/**
 * The coefficient of variation of inter-arrival gaps a process promises: 0 for `constant`, 1 for
 * `poisson`, 1/√k for `gamma` with shape k.
 */
export function plannedInterArrivalCv(spec: ArrivalSpec): number {
  if (spec.arrival === 'constant') return 0;
  if (spec.arrival === 'poisson') return 1;
  return 1 / Math.sqrt(spec.burstiness);
}

/**
 * A generator of inter-arrival gaps in ms with mean 1000 / rate: constant gaps; exponential gaps
 * (Poisson process); or gamma gaps with shape k and scale 1 / (k · rate), whose mean is 1 / rate
 * whatever k is, so `burstiness` changes the spread and never the load.
 */
export function gapSampler(spec: ArrivalSpec, seed: number | string): () => number {
  if (!(spec.rateRps > 0) || !Number.isFinite(spec.rateRps))
    throw new RangeError(`arrival rate must be a positive finite number, got ${spec.rateRps}`);
  const meanMs = 1000 / spec.rateRps;
  const rng = createRng(`${seed}:arrivals`);
  switch (spec.arrival) {
    case 'constant':
      return () => meanMs;
    case 'poisson':
      return () => rng.exponential(1) * meanMs;
    case 'gamma': {
      const k = spec.burstiness;
      return () => rng.gamma(k, 1 / k) * meanMs;
    }
  }
}

/**
 * Send offsets in ms from the window start: the first request at 0 (the window opens with load),
 * each next one a gap later. Plans `count` arrivals, and more while the last one is still before
 * `minDurationMs`, so the schedule alone spans the minimum window. Non-decreasing.
 */
export function arrivalOffsetsMs(spec: ArrivalSpec, plan: ArrivalPlan): number[] {
  const gap = gapSampler(spec, plan.seed);
  const minMs = plan.minDurationMs ?? 0;
  const offsets: number[] = [];
  let t = 0;
  while (offsets.length < plan.count || offsets[offsets.length - 1]! < minMs) {
    if (offsets.length >= MAX_PLANNED_ARRIVALS)
      throw new RangeError(
        `an arrival schedule of more than ${MAX_PLANNED_ARRIVALS} requests was asked for (rate ${spec.rateRps}/s over ${minMs / 1000} s)`,
      );
    if (offsets.length > 0) t += gap();
    offsets.push(t);
  }
  return offsets;
}
