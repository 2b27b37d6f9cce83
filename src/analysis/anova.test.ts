import { describe, expect, it } from 'vitest';
import { fSurvival, studentTTwoSidedP } from '../core/distributions.js';
import { checkFactorial, factorialAnova, oneWayAnova } from './anova.js';
import type { Cell } from './cells.js';
import { welchTest } from './compare.js';

const cell = (levels: string[], values: number[], row = 0): Cell => ({
  row,
  config_hash: levels.join(''),
  label: levels.join('-'),
  levels,
  values,
});

describe('oneWayAnova', () => {
  it('splits the total sum of squares and tests it with F', () => {
    // Groups with means 2, 5, 8 around a grand mean of 5; within-group SS 2 + 2 + 2.
    const a = oneWayAnova([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(a.ss).toBeCloseTo(54, 12);
    expect(a.ss_total).toBeCloseTo(60, 12);
    expect(a.eta_squared).toBeCloseTo(0.9, 12);
    expect(a.df).toBe(2);
    expect(a.df_error).toBe(6);
    expect(a.f).toBeCloseTo(27 / 1, 12);
    expect(a.p_value).toBeCloseTo(fSurvival(27, 2, 6), 14);
  });

  it('gives no test when every group has one value', () => {
    const a = oneWayAnova([[1], [2]]);
    expect(a.f).toBeNull();
    expect(a.p_value).toBeNull();
    expect(a.eta_squared).toBe(1);
  });
});

describe('factorialAnova', () => {
  it('finds a pure 2×2 interaction by hand: SS_AB 32 on 1 df, error 8 on 4 df, F 16', () => {
    const cells = [
      cell(['a1', 'b1'], [1, 3]),
      cell(['a1', 'b2'], [5, 7]),
      cell(['a2', 'b1'], [5, 7]),
      cell(['a2', 'b2'], [1, 3]),
    ];
    const design = checkFactorial(cells, [0, 1]);
    expect(design).toEqual({ factorial: true, replicates: 2 });
    const t = factorialAnova(cells, [0, 1], 2);
    expect(t.main.map((m) => m.ss)).toEqual([0, 0]);
    const ab = t.interactions[0]!.term;
    expect(ab.ss).toBeCloseTo(32, 12);
    expect(ab.df).toBe(1);
    expect(t.ss_error).toBeCloseTo(8, 12);
    expect(t.df_error).toBe(4);
    expect(ab.f).toBeCloseTo(16, 12);
    // F(1, 4) = t(4)²: p of t = 4 on 4 df.
    expect(ab.p_value).toBeCloseTo(studentTTwoSidedP(4, 4), 12);
    expect(ab.partial_eta_squared).toBeCloseTo(0.8, 12);
  });

  it('main-effect SS equals the one-way SS in a balanced design', () => {
    const cells = [
      cell(['x', 'p'], [1, 2, 4]),
      cell(['x', 'q'], [2, 2, 3]),
      cell(['y', 'p'], [6, 5, 7]),
      cell(['y', 'q'], [9, 8, 8]),
    ];
    const t = factorialAnova(cells, [0, 1], 3);
    const oneWay = oneWayAnova([
      [1, 2, 4, 2, 2, 3],
      [6, 5, 7, 9, 8, 8],
    ]);
    expect(t.main[0]!.ss).toBeCloseTo(oneWay.ss, 12);
  });

  it('says why a design is not a balanced full factorial', () => {
    const full = [
      cell(['a', 'p'], [1, 2]),
      cell(['a', 'q'], [1, 2]),
      cell(['b', 'p'], [1, 2]),
      cell(['b', 'q'], [1]),
    ];
    expect(checkFactorial(full, [0, 1])).toEqual({
      factorial: false,
      reason: 'valid cycles per configuration range from 1 to 2',
    });
    expect(checkFactorial(full.slice(0, 3), [0, 1])).toMatchObject({
      factorial: false,
      reason: expect.stringMatching(/only 3 of the 4 combinations/),
    });
    expect(checkFactorial([...full.slice(0, 3), cell(['a', 'p'], [3, 4])], [0, 1])).toMatchObject({
      factorial: false,
      reason: expect.stringMatching(/repeat another's levels/),
    });
  });
});

describe('welchTest', () => {
  it("matches R's t.test(extra ~ group, data = sleep): t = −1.8608, df = 17.776, p = 0.07939", () => {
    const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    const w = welchTest(g1, g2);
    expect(w.t).toBeCloseTo(-1.8608, 4);
    expect(w.df).toBeCloseTo(17.776, 3);
    expect(w.p_value).toBeCloseTo(0.07939, 5);
  });

  it('gives no test for one cycle or no spread', () => {
    expect(welchTest([1], [1, 2])).toEqual({ t: null, df: null, p_value: null });
    expect(welchTest([1, 1], [2, 2])).toEqual({ t: null, df: null, p_value: null });
  });
});
