import { describe, expect, it } from 'vitest';
import { expandStudy, planRuns, planStudy } from '../../api/plan.js';
import type { CliIo } from '../io.js';
import { renderStudyPlan, studyDryRun } from './study-plan.js';

function captureIo(): CliIo & { stdout: string[] } {
  const stdout: string[] = [];
  return {
    stdout,
    out: (t) => stdout.push(t),
    err: () => {},
    isTty: false,
    columns: 100,
    env: {},
    cwd: process.cwd(),
  };
}

// transformers (a Python-worker engine) cannot inspect a Hub model before loading it: nothing is
// started or downloaded, so this stays fast.
const STUDY = {
  name: 'plan-test',
  model: 'org/model',
  engine: 'transformers',
  sweep: {
    'transformers.torch_compile': [false, true],
    'transformers.torch_compile_mode': ['default', 'max-autotune'],
    'load.mode': ['batch', 'concurrency'],
  },
  execution: { n_cycles: 2, order: 'latin_square', experiment_gap_s: 10, cycle_gap_s: 100 },
};

describe('renderStudyPlan', () => {
  it('shows experiments, equivalence groups, skipped points with reasons, the order and the duration', async () => {
    const study = await expandStudy(STUDY, { env: {}, userConfigPath: null });
    const runs = planRuns(study);
    const io = captureIo();
    expect(await studyDryRun(study, runs, io, { json: false })).toBe(0);
    const text = io.stdout.join('');
    expect(text).toContain('Plan: 3 experiment(s) × 2 cycle(s) = 6 runs, order latin_square');
    expect(text).toContain('8 point(s) generated, 4 skipped, 1 equivalent');
    expect(text).toMatch(
      /Equivalent configurations[^\n]*\n\s+1 {2}mode=batch torch_compile=false torch_compile_mode=default {2}≡ {2}mode=batch torch_compile=false torch_compile_mode=max-autotune\n/,
    );
    expect(text).toContain('load.concurrency: required with load.mode: concurrency');
    expect(text).toContain('cycle 1: 1 2 3');
    expect(text).toContain('latin_square balances position and carryover over multiples of 6 cycles');
    expect(text).toContain('(4 × 10 s between experiments, 1 × 100 s between cycles)');
    expect(text).toContain('note: the engine cannot read the model before loading it');
    expect(text).toContain('warning DORMANT_TORCH_COMPILE_OPTION');
  });

  it('prints everything as JSON with --json', async () => {
    const study = await expandStudy(STUDY, { env: {}, userConfigPath: null });
    const runs = planRuns(study);
    const io = captureIo();
    const planned = await planStudy(study, { runs, env: {} });
    const estimate = planned.duration_estimate;
    expect(estimate.gaps_s).toBe(4 * 10 + 100);
    await renderStudyPlan(planned, io, { json: true });
    const plan = JSON.parse(io.stdout.join(''));
    expect(plan.study).toMatchObject({ name: 'plan-test', study_hash: study.study_hash });
    expect(plan.experiments).toHaveLength(3);
    expect(plan.experiments[0]).toMatchObject({
      index: 1,
      memory_estimate: null,
      equivalents: [expect.any(Object)],
    });
    expect(plan.skipped).toHaveLength(4);
    expect(plan.runs).toHaveLength(6);
    expect(plan.duration_estimate.total_s).toBeCloseTo(estimate.total_s);
    expect(plan.balance_cycles).toBe(6);
    expect(plan.notes).toContain('no forecast for engine transformers');
    expect(plan.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^transformers worker starts as: \S*python\S* \S*worker\.py --engine transformers$/,
        ),
      ]),
    );
  });
});
