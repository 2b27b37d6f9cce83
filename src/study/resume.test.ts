import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FoundRecord, pairKey, reconcileEntries, runsToResume } from './resume.js';
import type { ManifestEntry, PlannedRun } from './types.js';

/** A plan of `n` experiments × `c` cycles in a permuted order. */
const planArb = fc
  .record({ n: fc.integer({ min: 1, max: 8 }), c: fc.integer({ min: 1, max: 5 }) })
  .chain(({ n, c }) => {
    const pairs = Array.from({ length: n * c }, (_, i) => ({
      experiment: (i % n) + 1,
      cycle: Math.floor(i / n) + 1,
    }));
    return fc.shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length });
  })
  .map((pairs) => pairs.map((p, position) => ({ position, ...p })) as PlannedRun[]);

const statusArb = fc.constantFrom<FoundRecord['status']>('ok', 'failed', 'interrupted');

/** Records for a random subset of the plan, plus strays that are not planned. */
const caseArb = planArb.chain((plan) =>
  fc.record({
    plan: fc.constant(plan),
    found: fc
      .subarray(plan)
      .chain((sub) =>
        fc.tuple(
          ...sub.map((p) =>
            statusArb.map((status) => ({ experiment: p.experiment, cycle: p.cycle, status })),
          ),
        ),
      ),
    strays: fc.array(
      fc.record({
        experiment: fc.integer({ min: 50, max: 60 }),
        cycle: fc.integer({ min: 1, max: 3 }),
        status: statusArb,
      }),
    ),
    retryFailed: fc.boolean(),
  }),
);

describe('runsToResume', () => {
  it('resume ∪ done = plan, disjoint, no pair twice, in plan order (property)', () => {
    fc.assert(
      fc.property(caseArb, ({ plan, found, strays, retryFailed }) => {
        const records = [...found, ...strays];
        const resume = runsToResume(plan, records, { retryFailed });
        const done = new Set(
          found
            .filter((r) => r.status === 'ok' || (!retryFailed && r.status === 'failed'))
            .map((r) => pairKey(r.experiment, r.cycle)),
        );
        const resumed = resume.map((r) => pairKey(r.experiment, r.cycle));
        expect(new Set(resumed).size).toBe(resumed.length);
        for (const k of resumed) expect(done.has(k)).toBe(false);
        expect(new Set([...resumed, ...done])).toEqual(
          new Set(plan.map((r) => pairKey(r.experiment, r.cycle))),
        );
        expect(resume.map((r) => r.position)).toEqual(
          [...resume.map((r) => r.position)].sort((a, b) => a - b),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('re-runs failed pairs by default and keeps them with retryFailed: false', () => {
    const plan: PlannedRun[] = [
      { position: 0, experiment: 1, cycle: 1 },
      { position: 1, experiment: 2, cycle: 1 },
      { position: 2, experiment: 1, cycle: 2 },
    ];
    const found: FoundRecord[] = [
      { experiment: 1, cycle: 1, status: 'ok' },
      { experiment: 2, cycle: 1, status: 'failed' },
      { experiment: 1, cycle: 2, status: 'interrupted' },
    ];
    expect(runsToResume(plan, found).map((r) => r.position)).toEqual([1, 2]);
    expect(runsToResume(plan, found, { retryFailed: false }).map((r) => r.position)).toEqual([2]);
  });

  it('runs a pair planned twice only once', () => {
    const plan: PlannedRun[] = [
      { position: 0, experiment: 1, cycle: 1 },
      { position: 1, experiment: 1, cycle: 1 },
    ];
    expect(runsToResume(plan, [])).toHaveLength(1);
  });
});

describe('reconcileEntries', () => {
  it('trusts the records on disk over the manifest', () => {
    const plan: PlannedRun[] = [
      { position: 0, experiment: 1, cycle: 1 },
      { position: 1, experiment: 2, cycle: 1 },
      { position: 2, experiment: 3, cycle: 1 },
    ];
    const entry = (position: number, status: ManifestEntry['status']): ManifestEntry => ({
      ...plan[position]!,
      status,
      dir: `runs/x/cycle-1`,
      attempts: 1,
      started_at: 't',
      ended_at: null,
      error: null,
    });
    const previous = [entry(0, 'running'), entry(1, 'ok'), entry(2, 'running')];
    const entries = reconcileEntries(plan, previous, [{ experiment: 3, cycle: 1, status: 'ok' }]);
    // Left running by a killed parent → pending; claimed ok but the record is gone → pending.
    expect(entries.map((e) => e.status)).toEqual(['pending', 'pending', 'ok']);
    expect(entries.map((e) => e.attempts)).toEqual([1, 1, 1]);
  });
});
