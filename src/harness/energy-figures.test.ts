import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceWindowFigures, sumDevices } from '../energy/device-reading.js';
import { integratePower } from '../energy/integrate.js';
import type { EnergyReading, EnergyScope } from '../energy/source.js';
import {
  type BaselineTerms,
  headlineScope,
  peakTotalPowerW,
  scopeTotals,
  sourceRecord,
} from './energy-figures.js';

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

describe('energy, duration and mean power of a scope come from one interval', () => {
  /** A random power trace of one or two devices, sampled over a longer span than the harness window. */
  const traces = fc.record({
    devices: fc.array(
      fc.array(
        fc.record({
          dtMs: fc.double({ min: 1, max: 400, noNaN: true }),
          w: fc.double({ min: 0, max: 800, noNaN: true }),
        }),
        { minLength: 1, maxLength: 40 },
      ),
      { minLength: 1, maxLength: 2 },
    ),
    t0Ms: fc.double({ min: 0, max: 500, noNaN: true }),
    spanMs: fc.double({ min: 0, max: 5000, noNaN: true }),
    // A counter may see more or less than the polls caught between samples.
    counterFactor: fc.option(fc.double({ min: 0.5, max: 2, noNaN: true })),
  });

  it('mean power ≤ peak power for any trace, per device, per source and per scope (property)', () => {
    fc.assert(
      fc.property(traces, ({ devices, t0Ms, spanMs, counterFactor }) => {
        const t1Ms = t0Ms + spanMs;
        const traces = devices.map((steps) => {
          let t = 0;
          return steps.map((s) => {
            t += s.dtMs;
            return { tMs: t, powerW: s.w };
          });
        });
        const figures = traces.map((points, k) => {
          const integrated = integratePower(points, t0Ms, t1Ms)?.energyJ ?? 0;
          return deviceWindowFigures({
            device: `gpu${k}`,
            scope: 'gpu',
            t0Ms,
            t1Ms,
            points,
            ...(counterFactor === null
              ? {}
              : {
                  counter: {
                    energyJ: integrated * counterFactor,
                    resolutionJ: 0.001,
                    updatePeriodS: 0.1,
                    name: 'counter',
                  },
                }),
          });
        });
        const r = sumDevices({
          source: 'nvml',
          scope: 'gpu',
          devices: figures.map((f) => f.energy),
          terms: figures.flatMap((f) => f.terms),
          accuracy: { fraction: 0.05, floorW: 5, basis: 'test' },
          durationS: spanMs / 1000,
          samples: traces.flatMap((points, k) =>
            points.filter((p) => p.tMs >= t0Ms && p.tMs <= t1Ms).map((p) => ({ ...p, device: `gpu${k}` })),
          ),
          sampleIntervalMs: 100,
          sampledDevices: devices.length,
          notes: [],
        });
        const rec = sourceRecord(r);
        const le = (a: number, b: number) => a <= b * (1 + 1e-9) + 1e-9;
        expect(le(rec.mean_power_w, rec.peak_power_w)).toBe(true);
        for (const d of rec.devices) expect(le(d.mean_power_w, d.peak_power_w)).toBe(true);
        const [s] = scopeTotals([r], idleAt({ gpu: 50 }));
        expect(le(s!.mean_power_w, s!.peak_power_w)).toBe(true);
        // The scope's interval is the source's, not a shorter harness window.
        expect(s!.duration_s).toBe(r.durationS);
        if (r.durationS > 0) expect(s!.mean_power_w * s!.duration_s).toBeCloseTo(s!.energy_j, 6);
        // The combined figure is never below the accuracy term, and comparisons keep the read-out.
        expect(s!.uncertainty.combined_j).toBeGreaterThanOrEqual(s!.uncertainty.accuracy_j);
        expect(s!.uncertainty.comparative_j).toBe(s!.uncertainty.readout_j);
      }),
    );
  });
});

describe('adjusted energy carries its own uncertainty', () => {
  it('adds idle power uncertainty and idle drift × the interval to the read-out; accuracy scales the adjusted figure', () => {
    const r = reading('nvml', 'gpu', 6000, 60); // 100 W for 60 s, read-out 60 J
    const [s] = scopeTotals([r], idleAt({ gpu: 40 }, 120));
    expect(s!.adjusted_energy_j).toBeCloseTo(6000 - 40 * 60, 9);
    const a = s!.adjusted_uncertainty!;
    expect(a.readout_j).toBeCloseTo(Math.hypot(60, 0.5 * 60, 0.2 * 60), 9);
    expect(a.accuracy_j).toBeCloseTo(0.05 * 3600, 9);
    expect(a.combined_j).toBeCloseTo(Math.hypot(a.readout_j, a.accuracy_j), 9);
    expect(a.comparative_j).toBe(a.readout_j);
    expect(a.readout_basis).toMatch(/idle drift during the baseline 0\.2 W/);
    expect(a.readout_basis).toMatch(/cached baseline measured 120 s before use/);
  });

  it('says so when the idle drift could not be measured', () => {
    const [s] = scopeTotals([reading('x', 'cpu', 100)], {
      power_w: { cpu: 1 },
      power_uncertainty_w: { cpu: 0.1 },
      age_s: 0,
    });
    expect(s!.adjusted_uncertainty!.readout_basis).toMatch(/idle drift not measurable/);
  });
});
