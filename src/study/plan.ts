import { createRng, shuffle } from '../core/random.js';
import { williamsDesign } from './latin-square.js';
import type { ExpandedStudy, PlannedRun, StudyOrder } from './types.js';

/**
 * The run order of a study (SPEC §2.2, §6): every (experiment, cycle) pair exactly once, cycle by
 * cycle. A cycle is one repetition of the whole design: cycle 1 runs every experiment once, then
 * cycle 2, … The order only decides the sequence of experiments inside each cycle:
 *
 * - `sequential`: experiments in index order, 1…n, every cycle.
 * - `reversed`: experiments in reverse index order, n…1, every cycle (compare with `sequential`
 *   to see an order effect).
 * - `interleaved`: a rotation that starts one experiment later each cycle (1…n, then 2…n 1, then
 *   3…n 1 2, …): a cyclic Latin square, so over n cycles each experiment runs once in each
 *   position, and no experiment is always the first after a cycle gap (on a cold device).
 * - `shuffled`: a seeded random permutation per cycle (Fisher–Yates on the `createRng` stream
 *   `<seed>:cycle:<c>`): reproducible from the seed, and adding cycles never changes earlier ones.
 * - `latin_square`: a Williams design: position- and carryover-balanced (each experiment in each
 *   position, each ordered pair of neighbours equally often) over n cycles for even n, 2n for odd n
 *   (see `latin-square.ts`); other cycle counts use the design's rows in turn.
 *
 * The seed is `execution.seed` when given, else derived from the study hash (its first 32 bits),
 * so rerunning the same study repeats the same order on any machine.
 */

/** Options of `planRuns`; each defaults to the study's `execution` block. */
export interface PlanOptions {
  /** Cycles (repetitions of the whole design), ≥ 1. */
  nCycles?: number;
  /** Order of experiments within each cycle. */
  order?: StudyOrder;
  /** Seed of the `shuffled` order; default `execution.seed`, else derived from the study hash. */
  seed?: number | string;
}

/** The seed a study's shuffled order uses: `execution.seed`, else the first 32 bits of `study_hash`. */
export function studySeed(study: Pick<ExpandedStudy, 'execution' | 'study_hash'>): number {
  return study.execution.seed ?? Number.parseInt(study.study_hash.slice(0, 8), 16);
}

/** The 0-based order of `n` experiments in cycle `cycle` (1-based). */
export function cycleOrder(n: number, cycle: number, order: StudyOrder, seed: number | string): number[] {
  const ids = Array.from({ length: n }, (_, i) => i);
  switch (order) {
    case 'sequential':
      return ids;
    case 'reversed':
      return ids.reverse();
    case 'interleaved':
      return ids.map((i) => (i + cycle - 1) % n);
    case 'shuffled':
      return shuffle(ids, createRng(`${seed}:cycle:${cycle}`));
    case 'latin_square': {
      const rows = williamsDesign(n);
      return rows.length === 0 ? [] : rows[(cycle - 1) % rows.length]!;
    }
  }
}

/** Every (experiment, cycle) pair of `study` once, in run order, numbered from position 0. */
export function planRuns(
  study: Pick<ExpandedStudy, 'experiments' | 'execution' | 'study_hash'>,
  options: PlanOptions = {},
): PlannedRun[] {
  const nCycles = options.nCycles ?? study.execution.n_cycles;
  if (!Number.isSafeInteger(nCycles) || nCycles < 1) {
    throw new RangeError(`planRuns needs n_cycles to be a positive integer, got ${nCycles}`);
  }
  const order = options.order ?? study.execution.order;
  const seed = options.seed ?? studySeed(study);
  const n = study.experiments.length;
  const runs: PlannedRun[] = [];
  for (let cycle = 1; cycle <= nCycles; cycle++) {
    for (const i of cycleOrder(n, cycle, order, seed)) {
      runs.push({ position: runs.length, experiment: study.experiments[i]!.index, cycle });
    }
  }
  return runs;
}
