import fc from 'fast-check';
import type { ArrivalSpec } from '../../src/core/arrivals.js';

/**
 * Arrival specifications for property tests, shared by the schedule's own tests
 * (src/core/arrivals.test.ts) and the tests of everything that paces sends on it (the openai
 * engine's paced clock): any process, rates from 0.05 to 200 requests/s, gamma shapes 0.2–5.
 */
export const arrivalSpecArb: fc.Arbitrary<ArrivalSpec> = fc.record({
  rateRps: fc.double({ min: 0.05, max: 200, noNaN: true }),
  arrival: fc.constantFrom('poisson' as const, 'constant' as const, 'gamma' as const),
  burstiness: fc.double({ min: 0.2, max: 5, noNaN: true }),
});

/** Seeds as configs give them. */
export const seedArb = fc.integer();
