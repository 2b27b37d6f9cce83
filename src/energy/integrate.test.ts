import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integratePower, type PowerPoint, powerStats } from './integrate.js';
import { samplingUncertainty } from './uncertainty.js';

/** Sorted, distinct sample times (ms) that start at or before t0 and end at or after t1. */
const coveringTimes = (t0: number, t1: number) =>
  fc
    .uniqueArray(fc.double({ min: t0, max: t1, noNaN: true }), { minLength: 0, maxLength: 60 })
    .map((inner) => [t0 - 7, ...inner, t1 + 3].sort((a, b) => a - b));

const windowArb = fc
  .tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 1, max: 1e5, noNaN: true }))
  .map(([t0, len]) => ({ t0, t1: t0 + len }));

describe('integratePower', () => {
  it('constant power P over T gives P·T exactly, whatever the sample times', () => {
    fc.assert(
      fc.property(
        windowArb,
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.uniqueArray(fc.double({ min: -1e5, max: 2e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        ({ t0, t1 }, p, times) => {
          const r = integratePower(
            times.map((tMs) => ({ tMs, powerW: p })),
            t0,
            t1,
          )!;
          expect(r.energyJ).toBeCloseTo((p * (t1 - t0)) / 1000, 6);
          expect(r.meanPowerW).toBeCloseTo(p, 6);
          expect(r.peakPowerW).toBe(p);
        },
      ),
    );
  });

  it('a linear ramp is integrated exactly when the samples reach both edges', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: -0.01, max: 0.01, noNaN: true }),
        fc
          .double({ min: 100, max: 60_000, noNaN: true })
          .chain((len) => coveringTimes(0, len).map((ts) => ({ len, ts }))),
        (a, b, { len, ts }) => {
          const f = (t: number) => a + b * t;
          const r = integratePower(
            ts.map((tMs) => ({ tMs, powerW: f(tMs) })),
            0,
            len,
          )!;
          const exact = (a * len + (b * len * len) / 2) / 1000;
          expect(Math.abs(r.energyJ - exact)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(exact)));
        },
      ),
    );
  });

  it('random 10 Hz traces of a smooth power curve are within 1 % of the true integral', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 20, max: 700, noNaN: true }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.double({ min: 4, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.double({ min: 5, max: 120, noNaN: true }),
        fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1300, maxLength: 1300 }),
        (a, rel, periodS, phase, windowS, jitter) => {
          const b = a * rel;
          const w = (2 * Math.PI) / periodS;
          const f = (tMs: number) => a + b * Math.sin(w * (tMs / 1000) + phase);
          const n = Math.ceil(windowS * 10) + 1;
          const pts: PowerPoint[] = [];
          for (let k = 0; k <= n; k++) {
            const tMs = k * 100 + (k === 0 || k === n ? 0 : jitter[k]!);
            pts.push({ tMs, powerW: f(tMs) });
          }
          const t1 = windowS * 1000;
          const truth = a * windowS - (b / w) * (Math.cos(w * windowS + phase) - Math.cos(phase));
          const r = integratePower(pts, 0, t1)!;
          expect(Math.abs(r.energyJ - truth)).toBeLessThanOrEqual(0.01 * truth);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('for a monotone curve the true integral lies within the sampling-uncertainty bound', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0.2, max: 30, noNaN: true }),
        coveringTimes(0, 20_000),
        (a, b, tauS, ts) => {
          const f = (tMs: number) => a + b * (1 - Math.exp(-tMs / 1000 / tauS));
          const pts = ts.map((tMs) => ({ tMs, powerW: f(tMs) }));
          const truth = a * 20 + b * (20 - tauS * (1 - Math.exp(-20 / tauS)));
          const r = integratePower(pts, 0, 20_000)!;
          const bound = samplingUncertainty(pts, 0, 20_000).valueJ;
          expect(Math.abs(r.energyJ - truth)).toBeLessThanOrEqual(bound + 1e-9 * truth);
        },
      ),
    );
  });

  it('mean is energy ÷ duration and peak is at least the mean', () => {
    fc.assert(
      fc.property(
        windowArb,
        fc.array(
          fc.record({
            tMs: fc.double({ min: 0, max: 1.2e6, noNaN: true }),
            powerW: fc.double({ min: 0, max: 1000, noNaN: true }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        ({ t0, t1 }, pts) => {
          const r = integratePower(pts, t0, t1)!;
          expect(r.meanPowerW).toBeCloseTo(r.energyJ / r.durationS, 6);
          // The absolute slack covers subnormal powers, where one rounding step is a large relative error.
          expect(r.peakPowerW).toBeGreaterThanOrEqual(r.meanPowerW - 1e-9 * r.peakPowerW - 1e-300);
          expect(r.heldS).toBeGreaterThanOrEqual(0);
          expect(r.heldS).toBeLessThanOrEqual(r.durationS + 1e-12);
        },
      ),
    );
  });

  it('interpolates at edges that fall between samples and ignores the outside', () => {
    const r = integratePower(
      [
        { tMs: 0, powerW: 0 },
        { tMs: 10_000, powerW: 100 },
      ],
      2500,
      7500,
    )!;
    expect(r.energyJ).toBeCloseTo(250, 9);
    expect(r.peakPowerW).toBeCloseTo(75, 9);
    expect(r.samplesUsed).toBe(0);
    expect(r.heldS).toBe(0);
  });

  it('holds the nearest value where the trace does not reach an edge, and says how long', () => {
    const r = integratePower(
      [
        { tMs: 1000, powerW: 10 },
        { tMs: 2000, powerW: 30 },
      ],
      0,
      4000,
    )!;
    // 1 s held at 10 W, 1 s trapezoid (20 W mean), 2 s held at 30 W.
    expect(r.energyJ).toBeCloseTo(10 + 20 + 60, 9);
    expect(r.heldS).toBeCloseTo(3, 9);
    expect(r.samplesUsed).toBe(2);
  });

  it('sorts unsorted input, drops non-finite points and returns undefined with nothing to integrate', () => {
    const a = integratePower(
      [
        { tMs: 2000, powerW: 30 },
        { tMs: 0, powerW: 10 },
        { tMs: 1000, powerW: Number.NaN },
      ],
      0,
      2000,
    )!;
    expect(a.energyJ).toBeCloseTo(40, 9);
    expect(integratePower([], 0, 1000)).toBeUndefined();
    expect(integratePower([{ tMs: 0, powerW: 1 }], 10, 0)).toBeUndefined();
    const zero = integratePower([{ tMs: 5, powerW: 42 }], 5, 5)!;
    expect(zero.energyJ).toBe(0);
    expect(zero.meanPowerW).toBe(42);
  });
});

describe('powerStats', () => {
  it('gives the time-weighted mean and the peak of a trace', () => {
    const s = powerStats([
      { tMs: 0, powerW: 10 },
      { tMs: 1000, powerW: 10 },
      { tMs: 1100, powerW: 110 },
    ])!;
    expect(s.peakPowerW).toBe(110);
    expect(s.meanPowerW).toBeCloseTo((10 + 6) / 1.1, 9);
    expect(powerStats([{ tMs: 3, powerW: 7 }])).toEqual({ meanPowerW: 7, peakPowerW: 7 });
    expect(powerStats([])).toBeUndefined();
  });
});
