// Property tests of the figures llem publishes: the counter path, 10 Hz integration over 60 s of
// virtual time with the real drift-free sampler, and whether the stated uncertainty covers the
// truth. Traces are random; the truth is analytic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.js';
import { integratePower, type PowerPoint } from './integrate.js';
import { counterEnergyJ, gpuWindowFigures, NVML_ACCURACY } from './nvml/figures.js';
import { startSampler } from './sampler.js';
import { figureUncertainty, samplingUncertainty } from './uncertainty.js';

/** A power trace with its exact running integral. */
interface Trace {
  powerW(tS: number): number;
  /** ∫₀ᵗ P dt, joules. */
  energyJ(tS: number): number;
}

/** base + Σ aₖ sin(2π fₖ t + φₖ): smooth (≤ 0.5 Hz), positive, exactly integrable. */
const smoothTrace = fc
  .record({
    base: fc.double({ min: 50, max: 700, noNaN: true }),
    parts: fc.array(
      fc.record({
        share: fc.double({ min: 0.02, max: 0.3, noNaN: true }),
        f: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        phase: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ base, parts }): Trace => {
    const comps = parts.map((p) => ({ a: p.share * base, w: 2 * Math.PI * p.f, phase: p.phase }));
    return {
      powerW: (t) => base + comps.reduce((s, c) => s + c.a * Math.sin(c.w * t + c.phase), 0),
      energyJ: (t) =>
        base * t +
        comps.reduce((s, c) => s + (c.a / c.w) * (Math.cos(c.phase) - Math.cos(c.w * t + c.phase)), 0),
    };
  });

/** Piecewise-linear power with random breakpoints every 0.05–3 s: kinks between samples, as real load steps. */
const kinkedTrace = fc
  .array(
    fc.tuple(fc.double({ min: 0.05, max: 3, noNaN: true }), fc.double({ min: 20, max: 700, noNaN: true })),
    {
      minLength: 2,
      maxLength: 120,
    },
  )
  .map((steps): Trace => {
    const pts: [number, number][] = [];
    let t = 0;
    for (const [dt, w] of steps) {
      pts.push([t, w]);
      t += dt;
    }
    const at = (x: number) => {
      if (x <= pts[0]![0]) return pts[0]![1];
      for (let i = 1; i < pts.length; i++) {
        const [b, vb] = pts[i]!;
        if (x <= b) {
          const [a, va] = pts[i - 1]!;
          return va + ((vb - va) * (x - a)) / (b - a);
        }
      }
      return pts[pts.length - 1]![1];
    };
    return {
      powerW: at,
      energyJ: (x) => {
        const cuts = [0, ...pts.map(([p]) => p).filter((p) => p > 0 && p < x), x];
        let e = 0;
        for (let i = 1; i < cuts.length; i++)
          e += ((at(cuts[i - 1]!) + at(cuts[i]!)) / 2) * (cuts[i]! - cuts[i - 1]!);
        return e;
      },
    };
  });

/** A clock whose sleeps return at once, having advanced time by the sleep plus some lateness. */
function virtualClock(lateMs: () => number): Clock {
  let now = 0;
  return {
    nowMs: () => now,
    wallMs: () => now,
    sleep: async (ms) => {
      now += Math.max(0, ms) + lateMs();
    },
  };
}

/** Samples a trace with the real sampler on virtual time over [0, windowMs]; returns the points. */
async function sample(
  trace: Trace,
  intervalMs: number,
  windowMs: number,
  seed: number,
): Promise<PowerPoint[]> {
  let x = seed;
  const late = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return (x / 2 ** 31) * 5; // up to 5 ms late, as a loaded event loop
  };
  const clock = virtualClock(late);
  const points: PowerPoint[] = [];
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => {
    done = r;
  });
  const sampler = startSampler({
    intervalMs,
    clock,
    poll: (tick) => {
      points.push({ tMs: tick.tMs, powerW: trace.powerW(tick.tMs / 1000) });
      if (tick.tMs >= windowMs) done();
    },
  });
  await finished;
  await sampler.stop();
  return points;
}

describe('counter path (NVML)', () => {
  it('is exact to its resolution: |E − truth| < 1 mJ for any trace, window and 64-bit offset', () => {
    fc.assert(
      fc.property(
        kinkedTrace,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.bigInt({ min: 0n, max: 2n ** 62n }),
        (trace, aS, lenS, offset) => {
          const counter = (t: number) => offset + BigInt(Math.floor(trace.energyJ(t) * 1000));
          const truth = trace.energyJ(aS + lenS) - trace.energyJ(aS);
          const e = counterEnergyJ(counter(aS), counter(aS + lenS));
          expect(Math.abs(e - truth)).toBeLessThan(0.001 + 1e-9 * truth);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with a 100 ms refresh, the stated uncertainty covers the truth in ≥ 95 % of random traces', async () => {
    const cases = fc.sample(
      fc.tuple(
        fc.oneof(smoothTrace, kinkedTrace),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 1, max: 60, noNaN: true }),
      ),
      300,
    );
    let covered = 0;
    for (const [i, [trace, phaseS, lenS]] of cases.entries()) {
      const stale = (t: number) => Math.floor((t + phaseS) / 0.1) * 0.1 - phaseS; // last refresh before t
      const counter = (t: number) => BigInt(Math.floor(trace.energyJ(Math.max(0, stale(t))) * 1000));
      const a = 1;
      const b = a + lenS;
      const points = (await sample(trace, 100, (b + 1) * 1000, i)).filter((p) => p.tMs >= 0);
      const f = gpuWindowFigures({
        device: 'gpu0',
        t0Ms: a * 1000,
        t1Ms: b * 1000,
        counter: { startMj: counter(a), endMj: counter(b) },
        points,
      });
      const truth = trace.energyJ(b) - trace.energyJ(a);
      if (Math.abs(f.energy.energyJ - truth) <= f.energy.uncertaintyJ + 1e-9 * truth) covered++;
    }
    expect(covered / cases.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('integrated path: the real sampler at 10 Hz over 60 s of virtual time', () => {
  it('random smooth traces integrate within 1 % of the true energy', async () => {
    const traces = fc.sample(smoothTrace, 100);
    for (const [i, trace] of traces.entries()) {
      const points = await sample(trace, 100, 60_000, i + 1);
      expect(points.length).toBeGreaterThanOrEqual(600);
      const r = integratePower(points, 0, 60_000)!;
      const truth = trace.energyJ(60);
      expect(Math.abs(r.energyJ - truth) / truth).toBeLessThan(0.01);
    }
  });

  it('the stated sampling uncertainty covers the truth in ≥ 95 % of random traces, smooth or kinked', async () => {
    const traces = fc.sample(fc.oneof(smoothTrace, kinkedTrace), 300);
    let covered = 0;
    for (const [i, trace] of traces.entries()) {
      const points = await sample(trace, 100, 60_000, i + 7);
      const r = integratePower(points, 0, 60_000)!;
      const u = samplingUncertainty(points, 0, 60_000).valueJ;
      // 1e-9 relative: floating-point round-off, which matters only when u is 0 (a flat trace).
      if (Math.abs(r.energyJ - trace.energyJ(60)) <= u + 1e-9 * trace.energyJ(60)) covered++;
    }
    expect(covered / traces.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('NVML over a 60 s window: the sensor accuracy is part of the stated figure', () => {
  it('combined ≥ accuracy ≥ 5 % of the energy (and ≥ 5 W per GPU × 60 s); the read-out term alone is far smaller', () => {
    fc.assert(
      fc.property(fc.oneof(smoothTrace, kinkedTrace), (trace) => {
        const counter = (t: number) => BigInt(Math.floor(trace.energyJ(t) * 1000));
        const points = Array.from({ length: 601 }, (_, k) => ({
          tMs: k * 100,
          powerW: trace.powerW(k / 10),
        }));
        const f = gpuWindowFigures({
          device: 'gpu0',
          t0Ms: 0,
          t1Ms: 60_000,
          counter: { startMj: counter(0), endMj: counter(60) },
          points,
        });
        const e = f.energy.energyJ;
        const u = figureUncertainty(e, f.energy.uncertaintyJ, 'counter edges', NVML_ACCURACY, {
          durationS: 60,
          devices: 1,
        });
        expect(u.accuracyJ).toBeGreaterThanOrEqual(0.05 * e * (1 - 1e-12));
        expect(u.accuracyJ).toBeGreaterThanOrEqual(5 * 60);
        expect(u.combinedJ).toBeGreaterThanOrEqual(u.accuracyJ);
        expect(u.comparativeJ).toBe(f.energy.uncertaintyJ);
        // What llem used to state (read-out only, 1 mJ + P·100 ms) is well under the sensor class.
        expect(u.readoutJ).toBeLessThan(u.accuracyJ);
      }),
      { numRuns: 200 },
    );
  });
});
