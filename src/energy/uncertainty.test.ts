import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustedUncertainty,
  combineQuadrature,
  counterEdgeUncertainty,
  figureUncertainty,
  relativeFloor,
  samplingUncertainty,
} from './uncertainty.js';

describe('counterEdgeUncertainty', () => {
  it('is resolution + power × update period, whatever the window length', () => {
    const t = counterEdgeUncertainty({ resolutionJ: 0.001, updatePeriodS: 0.1, powerW: 300 });
    expect(t.valueJ).toBeCloseTo(30.001, 9);
    expect(t.label).toMatch(/resolution.*update 100 ms/);
    expect(
      counterEdgeUncertainty({ resolutionJ: 1, updatePeriodS: 0, powerW: 0, counter: 'jiffy' }).label,
    ).toBe('jiffy edges (resolution 1 J)');
  });
});

describe('samplingUncertainty', () => {
  it('is zero for a constant trace that covers the window', () => {
    const pts = [0, 100, 200, 300].map((tMs) => ({ tMs, powerW: 50 }));
    expect(samplingUncertainty(pts, 0, 300).valueJ).toBe(0);
  });

  it('is Σ|ΔP|·Δt/2 inside the window, bounded by max|ΔP|·T/2', () => {
    const pts = [
      { tMs: 0, powerW: 100 },
      { tMs: 100, powerW: 200 },
      { tMs: 200, powerW: 150 },
    ];
    // (100 W × 0.1 s + 50 W × 0.1 s) / 2
    expect(samplingUncertainty(pts, 0, 200).valueJ).toBeCloseTo(7.5, 9);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 2, maxLength: 50 }),
        (ps) => {
          const trace = ps.map((powerW, i) => ({ tMs: i * 100, powerW }));
          const t1 = (ps.length - 1) * 100;
          let maxStep = 0;
          for (let i = 1; i < ps.length; i++) maxStep = Math.max(maxStep, Math.abs(ps[i]! - ps[i - 1]!));
          const u = samplingUncertainty(trace, 0, t1).valueJ;
          expect(u).toBeGreaterThanOrEqual(0);
          expect(u).toBeLessThanOrEqual((maxStep * t1) / 2000 + 1e-9);
        },
      ),
    );
  });

  it('adds the power range times the held time when the trace does not reach an edge', () => {
    const pts = [
      { tMs: 100, powerW: 10 },
      { tMs: 200, powerW: 30 },
    ];
    // inside: 20 W × 0.1 s / 2 = 1 J; held 0.1 s + 0.1 s at range 20 W = 4 J
    expect(samplingUncertainty(pts, 0, 300).valueJ).toBeCloseTo(5, 9);
  });
});

describe('relativeFloor and combineQuadrature', () => {
  it('floors at a fraction of |energy|', () => {
    expect(relativeFloor(-200, 0.05).valueJ).toBeCloseTo(10, 9);
    expect(relativeFloor(200, 0.5, 'model').label).toBe('model ±50 %');
  });

  it('adds independent terms in quadrature and explains them', () => {
    const c = combineQuadrature([
      { label: 'a', valueJ: 3 },
      { label: 'b', valueJ: 4 },
    ]);
    expect(c.uncertaintyJ).toBeCloseTo(5, 12);
    expect(c.basis).toContain('quadrature');
    expect(c.basis).toContain('a 3 J');
    expect(c.basis).toContain('b 4 J');
    expect(combineQuadrature([]).uncertaintyJ).toBe(0);
  });

  it('is never below the largest term nor above their sum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 10 }),
        (vs) => {
          const u = combineQuadrature(vs.map((valueJ, i) => ({ label: `t${i}`, valueJ }))).uncertaintyJ;
          expect(u).toBeGreaterThanOrEqual(Math.max(...vs) * (1 - 1e-12));
          expect(u).toBeLessThanOrEqual(vs.reduce((s, v) => s + v, 0) * (1 + 1e-12) + 1e-300);
        },
      ),
    );
  });
});

describe('figureUncertainty and adjustedUncertainty', () => {
  const nvmlLike = { fraction: 0.05, floorW: 5, basis: 'class' };

  it('the accuracy term is the class × energy, or the absolute floor when that is larger', () => {
    const busy = figureUncertainty(6000, 10, 'edges', nvmlLike, { durationS: 60, devices: 1 }); // 100 W
    expect(busy.accuracyJ).toBeCloseTo(300, 9); // 5 % = 300 J = 5 W × 60 s
    const idle = figureUncertainty(2400, 10, 'edges', nvmlLike, { durationS: 60, devices: 1 }); // 40 W
    expect(idle.accuracyJ).toBeCloseTo(300, 9); // the 5 W floor beats 5 % of 40 W
    expect(idle.accuracyBasis).toMatch(/floor/);
    expect(idle.combinedJ).toBeCloseTo(Math.hypot(10, 300), 9);
    expect(idle.comparativeJ).toBe(10);
  });

  it('adjusted energy keeps only the gain part of the class: a constant offset cancels', () => {
    const w = figureUncertainty(2400, 10, 'edges', nvmlLike, { durationS: 60, devices: 1 });
    const a = adjustedUncertainty(w, 2400, 600, 60, {
      powerW: 30,
      powerUncertaintyW: 0.1,
      driftW: 0.5,
      ageS: 0,
    });
    expect(a.accuracyJ).toBeCloseTo(0.05 * 600, 9);
    expect(a.readoutJ).toBeCloseTo(Math.hypot(10, 6, 30), 9);
    expect(a.comparativeJ).toBe(a.readoutJ);
  });
});
