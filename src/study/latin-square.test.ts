import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cyclesForBalance, williamsDesign } from './latin-square.js';

/** How often each (row position → item) and each ordered neighbour pair occurs over `rows`. */
function tallies(rows: number[][]) {
  const positions = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const row of rows) {
    for (const [pos, item] of row.entries())
      positions.set(`${pos}:${item}`, (positions.get(`${pos}:${item}`) ?? 0) + 1);
    for (let i = 1; i < row.length; i++)
      pairs.set(`${row[i - 1]}>${row[i]}`, (pairs.get(`${row[i - 1]}>${row[i]}`) ?? 0) + 1);
  }
  return { positions, pairs };
}

describe('williamsDesign', () => {
  it('is the classic square for n = 4 and the square plus its mirror for n = 3', () => {
    expect(williamsDesign(4)).toEqual([
      [0, 1, 3, 2],
      [1, 2, 0, 3],
      [2, 3, 1, 0],
      [3, 0, 2, 1],
    ]);
    expect(williamsDesign(3)).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
      [0, 2, 1],
      [1, 0, 2],
    ]);
    expect(williamsDesign(1)).toEqual([[0]]);
    expect(williamsDesign(0)).toEqual([]);
  });

  it('property: every row is a permutation; each item takes each position, and each ordered pair is adjacent, equally often', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), (n) => {
        const rows = williamsDesign(n);
        expect(rows).toHaveLength(cyclesForBalance(n));
        for (const row of rows) expect([...row].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
        const { positions, pairs } = tallies(rows);
        const times = n % 2 === 0 ? 1 : 2;
        // n × n (position, item) combinations, each `times` times; n(n − 1) ordered pairs, each `times` times.
        expect(positions.size).toBe(n * n);
        for (const count of positions.values()) expect(count).toBe(times);
        expect(pairs.size).toBe(n * (n - 1));
        for (const count of pairs.values()) expect(count).toBe(times);
      }),
      { numRuns: 80 },
    );
  });

  it('needs n cycles for even n and 2n for odd n', () => {
    expect([1, 2, 3, 4, 5].map(cyclesForBalance)).toEqual([1, 2, 6, 4, 10]);
  });
});
