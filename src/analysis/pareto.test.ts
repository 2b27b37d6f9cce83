import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Better, paretoFrontier } from './pareto.js';

/** O(n²) definition: a point is on the frontier when no other point dominates it. */
function bruteForce(points: { x: number; y: number }[], xb: Better, yb: Better): number[] {
  const better = (a: number, b: number, d: Better) => (d === 'lower' ? a < b : a > b);
  const atLeast = (a: number, b: number, d: Better) => a === b || better(a, b, d);
  return points
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .filter(
      ({ p, i }) =>
        !points.some(
          (q, j) =>
            j !== i &&
            Number.isFinite(q.x) &&
            Number.isFinite(q.y) &&
            atLeast(q.x, p.x, xb) &&
            atLeast(q.y, p.y, yb) &&
            (better(q.x, p.x, xb) || better(q.y, p.y, yb)),
        ),
    )
    .map(({ i }) => i);
}

describe('paretoFrontier', () => {
  it('equals the brute-force set for any points and directions (ties and duplicates included)', () => {
    const coord = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.double({ min: -1e3, max: 1e3, noNaN: true }));
    const dir = fc.constantFrom<Better>('lower', 'higher');
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: coord, y: coord }), { maxLength: 60 }),
        dir,
        dir,
        (points, xb, yb) => {
          expect(paretoFrontier(points, xb, yb)).toEqual(bruteForce(points, xb, yb));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps J/token-vs-throughput trade-offs and drops dominated points', () => {
    const points = [
      { x: 0.05, y: 100 }, // best energy
      { x: 0.08, y: 300 }, // trade-off
      { x: 0.09, y: 250 }, // dominated by the one above
      { x: 0.2, y: 300 }, // dominated: same throughput, more energy
    ];
    expect(paretoFrontier(points, 'lower', 'higher')).toEqual([0, 1]);
  });

  it('leaves out points with a missing coordinate', () => {
    expect(
      paretoFrontier(
        [
          { x: Number.NaN, y: 1 },
          { x: 2, y: 2 },
        ],
        'lower',
        'lower',
      ),
    ).toEqual([1]);
  });
});
