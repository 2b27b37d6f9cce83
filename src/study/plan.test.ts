import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STUDY_ORDERS } from '../config/study-schema.js';
import { cyclesForBalance } from './latin-square.js';
import { cycleOrder, planRuns, studySeed } from './plan.js';
import type { ExecutionConfig, ExpandedStudy, StudyOrder } from './types.js';

function study(n: number, execution: Partial<ExecutionConfig> = {}, hash = 'ab'.repeat(32)) {
  return {
    study_hash: hash,
    experiments: Array.from({ length: n }, (_, i) => ({ index: i + 1 })),
    execution: { n_cycles: 1, order: 'sequential', seed: null, ...execution },
  } as unknown as Pick<ExpandedStudy, 'experiments' | 'execution' | 'study_hash'>;
}

const byCycle = (runs: { cycle: number; experiment: number }[]) => {
  const out: number[][] = [];
  for (const r of runs) {
    out[r.cycle - 1] ??= [];
    out[r.cycle - 1]!.push(r.experiment);
  }
  return out;
};

describe('planRuns', () => {
  it('runs cycle by cycle: sequential, reversed and interleaved orders', () => {
    expect(byCycle(planRuns(study(3), { nCycles: 2 }))).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(byCycle(planRuns(study(3), { nCycles: 2, order: 'reversed' }))).toEqual([
      [3, 2, 1],
      [3, 2, 1],
    ]);
    expect(byCycle(planRuns(study(3), { nCycles: 4, order: 'interleaved' }))).toEqual([
      [1, 2, 3],
      [2, 3, 1],
      [3, 1, 2],
      [1, 2, 3],
    ]);
    const runs = planRuns(study(2, { n_cycles: 2, order: 'latin_square' }));
    expect(runs).toEqual([
      { position: 0, experiment: 1, cycle: 1 },
      { position: 1, experiment: 2, cycle: 1 },
      { position: 2, experiment: 2, cycle: 2 },
      { position: 3, experiment: 1, cycle: 2 },
    ]);
  });

  it('property: every (experiment, cycle) pair exactly once, in every order, positions 0…N−1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom(...STUDY_ORDERS),
        fc.integer(),
        (n, cycles, order, seed) => {
          const runs = planRuns(study(n), { nCycles: cycles, order, seed });
          expect(runs.map((r) => r.position)).toEqual([...Array(n * cycles).keys()]);
          const pairs = new Set(runs.map((r) => `${r.experiment}:${r.cycle}`));
          expect(pairs.size).toBe(n * cycles);
          for (let c = 1; c <= cycles; c++) {
            const inCycle = runs.filter((r) => r.cycle === c).map((r) => r.experiment);
            expect([...inCycle].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
          }
          // Cycles run in order: a later run never belongs to an earlier cycle.
          for (let i = 1; i < runs.length; i++)
            expect(runs[i]!.cycle).toBeGreaterThanOrEqual(runs[i - 1]!.cycle);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: shuffled is reproducible from the seed, and adding cycles keeps earlier ones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer(), (n, seed) => {
        const a = planRuns(study(n), { nCycles: 3, order: 'shuffled', seed });
        expect(planRuns(study(n), { nCycles: 3, order: 'shuffled', seed })).toEqual(a);
        expect(planRuns(study(n), { nCycles: 5, order: 'shuffled', seed }).slice(0, 3 * n)).toEqual(a);
      }),
      { numRuns: 60 },
    );
    const orders = new Set(
      Array.from({ length: 20 }, (_, seed) => cycleOrder(8, 1, 'shuffled', seed).join(',')),
    );
    expect(orders.size).toBeGreaterThan(15);
  });

  it('derives the seed from the study hash unless execution.seed is set', () => {
    expect(studySeed(study(1, {}, `0000002a${'0'.repeat(56)}`))).toBe(42);
    expect(studySeed(study(1, { seed: 7 }))).toBe(7);
    const a = planRuns(study(10, { order: 'shuffled', n_cycles: 2 }, 'a'.repeat(64)));
    expect(planRuns(study(10, { order: 'shuffled', n_cycles: 2 }, 'a'.repeat(64)))).toEqual(a);
    expect(planRuns(study(10, { order: 'shuffled', n_cycles: 2 }, 'b'.repeat(64)))).not.toEqual(a);
  });

  it('property: latin_square over a full design balances positions and neighbours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), (n) => {
        const cycles = cyclesForBalance(n);
        const rows = byCycle(planRuns(study(n), { nCycles: cycles, order: 'latin_square' as StudyOrder }));
        const pairs = new Map<string, number>();
        for (const row of rows)
          for (let i = 1; i < n; i++)
            pairs.set(`${row[i - 1]}>${row[i]}`, (pairs.get(`${row[i - 1]}>${row[i]}`) ?? 0) + 1);
        expect(pairs.size).toBe(n * (n - 1));
        expect(new Set(pairs.values())).toEqual(new Set([n % 2 === 0 ? 1 : 2]));
        for (let pos = 0; pos < n; pos++) expect(new Set(rows.map((r) => r[pos])).size).toBe(n);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses a cycle count below 1', () => {
    expect(() => planRuns(study(2), { nCycles: 0 })).toThrow(RangeError);
  });
});
