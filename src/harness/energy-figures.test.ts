import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EnergyReading, EnergyScope } from '../energy/source.js';
import { type BaselineTerms, headlineScope, peakTotalPowerW, scopeTotals } from './energy-figures.js';

function reading(source: string, scope: EnergyScope, energyJ: number, durationS = 10): EnergyReading {
  return {
    source,
    scope,
    method: scope === 'estimate' ? 'estimate' : 'counter',
    energyJ,
    uncertaintyJ: energyJ * 0.01,
    uncertaintyBasis: 'test',
    accuracy: { fraction: 0.05, basis: 'test class' },
    durationS,
    devices: [],
    samples: [],
    expectedSamples: 0,
    notes: [],
  };
}

/** A baseline with the given idle power, ±0.5 W read-out and 0.2 W drift per scope. */
function idleAt(power_w: Record<string, number>, age_s = 0): BaselineTerms {
  const each = (w: number) => Object.fromEntries(Object.keys(power_w).map((k) => [k, w]));
  return { power_w, power_uncertainty_w: each(0.5), power_drift_w: each(0.2), age_s };
}

describe('scopeTotals', () => {
  it('never adds figures of different scopes', () => {
    const scopes = scopeTotals([reading('nvml', 'gpu', 100), reading('estimate', 'estimate', 50)], null);
    expect(scopes.map((s) => [s.scope, s.energy_j])).toEqual([
      ['gpu', 100],
      ['estimate', 50],
    ]);
    expect(headlineScope(scopes)?.scope).toBe('gpu');
  });

  it('sums sources of one scope; read-out and accuracy terms of independent sources add in quadrature', () => {
    const [s] = scopeTotals([reading('a', 'gpu', 300), reading('b', 'gpu', 400)], null);
    expect(s?.energy_j).toBe(700);
    expect(s?.uncertainty.readout_j).toBeCloseTo(5, 10);
    expect(s?.uncertainty.accuracy_j).toBeCloseTo(25, 10); // 5 % of 300 and of 400
    expect(s?.uncertainty_j).toBeCloseTo(Math.hypot(5, 25), 10);
    expect(s?.uncertainty.comparative_j).toBeCloseTo(5, 10);
  });

  it('adjusted energy = energy − idle × window, never below zero', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (e, idle) => {
          const [s] = scopeTotals([reading('x', 'cpu', e)], idleAt({ cpu: idle }));
          expect(s!.adjusted_energy_j).toBeGreaterThanOrEqual(0);
          expect(s!.adjusted_energy_j).toBeCloseTo(Math.max(0, e - idle * 10), 6);
        },
      ),
    );
  });

  it('without a baseline for the scope, adjusted energy is null rather than a guess', () => {
    const [s] = scopeTotals([reading('x', 'cpu', 10)], idleAt({ gpu: 5 }));
    expect(s?.adjusted_energy_j).toBeNull();
    expect(s?.adjusted_uncertainty).toBeNull();
  });
});

describe('peakTotalPowerW', () => {
  it('adds the latest power of every device at each sample time', () => {
    const r = reading('x', 'estimate', 1);
    r.samples = [
      { tMs: 0, device: 'cpu', powerW: 3 },
      { tMs: 0.1, device: 'dram', powerW: 9 },
      { tMs: 100, device: 'cpu', powerW: 4 },
      { tMs: 100.1, device: 'dram', powerW: 9 },
    ];
    expect(peakTotalPowerW(r)).toBe(13);
  });

  it('adds devices that have no power samples at their peak, and skips sub-domains', () => {
    const r = reading('x', 'cpu', 1);
    const device = (id: string, peak: number, notSummed?: string) => ({
      device: id,
      scope: 'cpu' as const,
      method: 'counter' as const,
      energyJ: 1,
      uncertaintyJ: 0,
      meanPowerW: peak,
      peakPowerW: peak,
      ...(notSummed ? { notSummed } : {}),
    });
    r.devices = [device('package-0', 50), device('core', 30, 'inside package-0'), device('dram', 9)];
    r.samples = [
      { tMs: 0, device: 'package-0', powerW: 40 },
      { tMs: 0, device: 'core', powerW: 30 },
      { tMs: 100, device: 'package-0', powerW: 50 },
    ];
    expect(peakTotalPowerW(r)).toBe(59);
  });
});
