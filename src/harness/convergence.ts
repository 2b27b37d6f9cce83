// Warmup convergence (SPEC §5): warm up until per-output-token latency (`perTokenLatencyMs` in
// warmup.ts) stops moving, i.e. its coefficient of variation over the last few requests falls
// below a threshold.
import { cv } from '../core/stats.js';

/** CV (std / |mean|) of the last `window` latencies; undefined until there are `window` (≥ 2) values. */
export function rollingCv(latenciesMs: readonly number[], window: number): number | undefined {
  if (!Number.isInteger(window) || window < 2 || latenciesMs.length < window) return undefined;
  const value = cv(latenciesMs.slice(latenciesMs.length - window));
  return Number.isNaN(value) ? undefined : value;
}

/** Options for `hasConverged` (the `measurement.warmup.convergence` config block). */
export interface ConvergenceOptions {
  /** Converged when the rolling CV is strictly below this (e.g. 0.05). */
  cvThreshold: number;
  /** Latencies in the rolling window (≥ 2). */
  window: number;
  /** Requests before convergence is tested at all. */
  minPrompts: number;
}

/** True once at least `minPrompts` latencies are in and the CV of the last `window` is below `cvThreshold`. */
export function hasConverged(latenciesMs: readonly number[], o: ConvergenceOptions): boolean {
  if (latenciesMs.length < o.minPrompts) return false;
  const value = rollingCv(latenciesMs, o.window);
  return value !== undefined && value < o.cvThreshold;
}
