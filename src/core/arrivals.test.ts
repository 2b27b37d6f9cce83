import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrivalSpecArb } from '../../test/helpers/arrivals.js';
import { type ArrivalSpec, arrivalOffsetsMs, plannedInterArrivalCv } from './arrivals.js';
import { cv, mean } from './stats.js';

const gaps = (offsets: readonly number[]) => offsets.slice(1).map((t, i) => t - offsets[i]!);
/** Achieved rate of a schedule, requests per second: arrivals after the first over the span. */
const rateOf = (offsets: readonly number[]) => ((offsets.length - 1) / offsets.at(-1)!) * 1000;

const rateArb = fc.double({ min: 0.05, max: 200, noNaN: true });
const seedArb = fc.integer();

describe('arrivalOffsetsMs', () => {
  it('any process: starts at 0, never decreases, plans the count and reaches the minimum duration (property)', () => {
    fc.assert(
      fc.property(arrivalSpecArb, seedArb, fc.integer({ min: 1, max: 200 }), (spec, seed, count) => {
        const minDurationMs = 1000;
        const offsets = arrivalOffsetsMs(spec, { count, seed, minDurationMs });
        expect(offsets[0]).toBe(0);
        expect(offsets.length).toBeGreaterThanOrEqual(count);
        expect(offsets.at(-1)!).toBeGreaterThanOrEqual(minDurationMs);
        for (let i = 1; i < offsets.length; i++) expect(offsets[i]!).toBeGreaterThanOrEqual(offsets[i - 1]!);
        expect(arrivalOffsetsMs(spec, { count, seed, minDurationMs })).toEqual(offsets);
      }),
      { numRuns: 100 },
    );
  });

  it('constant: evenly spaced from 0 at exactly the rate', () => {
    const offsets = arrivalOffsetsMs(
      { rateRps: 0.5, arrival: 'constant', burstiness: 1 },
      { count: 12, seed: 42 },
    );
    expect(offsets).toEqual(Array.from({ length: 12 }, (_, i) => i * 2000));
    expect(mean(gaps(offsets))).toBe(2000);
    expect(cv(gaps(offsets))).toBe(0);
  });

  // Statistical bounds are ≥ 5 standard errors wide, so a correct generator never fails them.
  it('poisson: mean rate and inter-arrival CV ≈ 1 (property)', () => {
    fc.assert(
      fc.property(rateArb, seedArb, (rateRps, seed) => {
        const offsets = arrivalOffsetsMs(
          { rateRps, arrival: 'poisson', burstiness: 1 },
          { count: 10_000, seed },
        );
        expect(rateOf(offsets) / rateRps).toBeGreaterThan(0.92);
        expect(rateOf(offsets) / rateRps).toBeLessThan(1.08);
        expect(cv(gaps(offsets))).toBeGreaterThan(0.9);
        expect(cv(gaps(offsets))).toBeLessThan(1.1);
      }),
      { numRuns: 60 },
    );
  });

  it('gamma: mean rate independent of burstiness, inter-arrival CV ≈ 1/√shape (property)', () => {
    fc.assert(
      fc.property(rateArb, fc.double({ min: 0.3, max: 6, noNaN: true }), seedArb, (rateRps, k, seed) => {
        const spec: ArrivalSpec = { rateRps, arrival: 'gamma', burstiness: k };
        const offsets = arrivalOffsetsMs(spec, { count: 20_000, seed });
        expect(rateOf(offsets) / rateRps).toBeGreaterThan(0.92);
        expect(rateOf(offsets) / rateRps).toBeLessThan(1.08);
        const ratio = cv(gaps(offsets)) / plannedInterArrivalCv(spec);
        expect(ratio).toBeGreaterThan(0.88);
        expect(ratio).toBeLessThan(1.12);
      }),
      { numRuns: 60 },
    );
  });

  it('gamma with shape 1 has the inter-arrival CV of a Poisson process', () => {
    const offsets = arrivalOffsetsMs(
      { rateRps: 5, arrival: 'gamma', burstiness: 1 },
      { count: 20_000, seed: 7 },
    );
    expect(cv(gaps(offsets))).toBeCloseTo(1, 1);
    expect(plannedInterArrivalCv({ rateRps: 5, arrival: 'gamma', burstiness: 1 })).toBe(1);
  });

  it('is reproducible from the seed, starts at 0, never goes back, and covers count and duration', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ArrivalSpec['arrival']>('poisson', 'constant', 'gamma'),
        fc.double({ min: 0.5, max: 50, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 20_000 }),
        seedArb,
        (arrival, rateRps, count, minDurationMs, seed) => {
          const spec: ArrivalSpec = { rateRps, arrival, burstiness: 0.5 };
          const plan = { count, minDurationMs, seed };
          const offsets = arrivalOffsetsMs(spec, plan);
          expect(arrivalOffsetsMs(spec, plan)).toEqual(offsets);
          expect(offsets[0]).toBe(0);
          for (const g of gaps(offsets)) expect(g).toBeGreaterThanOrEqual(0);
          expect(offsets.length).toBeGreaterThanOrEqual(count);
          expect(offsets.at(-1)!).toBeGreaterThanOrEqual(minDurationMs);
          // Extended for the duration only as far as needed: one arrival at or past it.
          if (offsets.length > count) expect(offsets.at(-2)!).toBeLessThan(minDurationMs);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('different seeds give different Poisson schedules', () => {
    const spec: ArrivalSpec = { rateRps: 2, arrival: 'poisson', burstiness: 1 };
    expect(arrivalOffsetsMs(spec, { count: 5, seed: 1 })).not.toEqual(
      arrivalOffsetsMs(spec, { count: 5, seed: 2 }),
    );
  });

  it('refuses a rate that is not positive', () => {
    expect(() =>
      arrivalOffsetsMs({ rateRps: 0, arrival: 'poisson', burstiness: 1 }, { count: 2, seed: 1 }),
    ).toThrow(RangeError);
  });
});
