// Validity checks about who used the CPU and what an estimate can show (SPEC §5), beside
// validity.ts: pure functions returning a record, or undefined when they cannot apply.

import type { CpuShareRecord } from '../core/records.js';
import type { ValidityCheck } from './validity.js';

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
const pct = (fraction: number) => `${fmt(fraction * 100)} %`;

/**
 * Fails (error) when other processes used more than `threshold` of all online CPU time during
 * the baseline or the window: on the CPU the work of others inflates a machine-wide estimate and
 * its baseline, and competes with inference for cores and caches (CPU mirror of
 * `other_processes`). Undefined when no CPU source recorded who used the CPU.
 */
export function checkCpuContention(
  window: CpuShareRecord | undefined,
  baseline: CpuShareRecord | null | undefined,
  threshold: number,
): ValidityCheck | undefined {
  if (window === undefined && (baseline === undefined || baseline === null)) return undefined;
  const parts: { phase: string; s: CpuShareRecord }[] = [];
  if (baseline) parts.push({ phase: 'baseline', s: baseline });
  if (window) parts.push({ phase: 'window', s: window });
  const worst = parts.reduce((a, b) => (b.s.other_fraction > a.s.other_fraction ? b : a));
  const passed = worst.s.other_fraction <= threshold;
  const words = parts
    .map(({ phase, s }) => `${phase}: others ${pct(s.other_fraction)}, llem ${pct(s.own_fraction)}`)
    .join('; ');
  return {
    id: 'cpu_contention',
    passed,
    severity: 'error',
    value: worst.s.other_fraction,
    threshold,
    detail: passed
      ? `other processes used at most ${pct(worst.s.other_fraction)} of the CPU (${words})`
      : `other processes used ${pct(worst.s.other_fraction)} of the CPU during the ${worst.phase} (${words}), above ${pct(threshold)}: they compete with inference and count in a machine-wide estimate; stop them, or raise measurement.energy.cpu_contention_threshold`,
  };
}

/** Relative difference of window and baseline power below which an estimate is called flat. */
export const ESTIMATE_FLAT_THRESHOLD = 0.05;

/**
 * Notes (info) whether an estimate's mean power in the window hardly differs from its idle
 * baseline (|window − baseline| ÷ baseline < 5 %): its energy is then about power × time, so
 * energy differences between configurations reflect throughput (duration) only. Undefined
 * without a baseline.
 */
export function checkEstimatePowerFlat(
  source: string,
  windowPowerW: number,
  baselinePowerW: number | undefined,
): ValidityCheck | undefined {
  if (baselinePowerW === undefined || !(baselinePowerW > 0) || !Number.isFinite(windowPowerW))
    return undefined;
  const rel = Math.abs(windowPowerW - baselinePowerW) / baselinePowerW;
  const flat = rel < ESTIMATE_FLAT_THRESHOLD;
  return {
    id: 'estimate_power_flat',
    passed: !flat,
    severity: 'info',
    value: rel,
    threshold: ESTIMATE_FLAT_THRESHOLD,
    detail: flat
      ? `${source} power ${fmt(windowPowerW, 2)} W in the window is within ${pct(rel)} of the baseline ${fmt(baselinePowerW, 2)} W: the estimate hardly varies, so its energy differences reflect throughput (duration) only`
      : `${source} power ${fmt(windowPowerW, 2)} W in the window is ${pct(rel)} from the baseline ${fmt(baselinePowerW, 2)} W`,
  };
}
