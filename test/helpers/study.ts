import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentHash, studyHash } from '../../src/config/identity.js';
import { resolveConfig } from '../../src/config/load.js';
import { studyDirName } from '../../src/store/layout.js';
import { planFile, writePlanFiles } from '../../src/study/folder.js';
import type { ExecutionConfig, ExpandedStudy, PlannedRun } from '../../src/study/types.js';

/** A fast tiny-model experiment: no baseline, no thermal floor, a window of a fraction of a second. */
export const QUICK = {
  model: 'builtin:tiny',
  dataset: { n_prompts: 3 },
  max_output_tokens: 8,
  fixed_output_length: true,
  measurement: {
    warmup: { n_warmup: 1, thermal_floor_s: 0 },
    baseline: { enabled: false },
    energy: { min_window_s: 0, sample_interval_ms: 50, cpu_contention_threshold: 1 },
  },
  llamacpp: { threads: 1, sequences: 1 },
};

/**
 * `QUICK` as YAML shared fields for study files written by e2e tests (append `sweep:` etc.);
 * `sample_interval_ms` is the only value tests vary.
 */
export function quickYaml(sampleIntervalMs = 50): string {
  return `model: builtin:tiny
dataset: { n_prompts: 3 }
max_output_tokens: 8
fixed_output_length: true
measurement:
  warmup: { n_warmup: 1, thermal_floor_s: 0 }
  baseline: { enabled: false }
  energy: { min_window_s: 0, sample_interval_ms: ${sampleIntervalMs}, cpu_contention_threshold: 1 }
llamacpp: { threads: 1 }
`;
}

/** Execution settings for tests: no gaps, short timeouts. */
export function testExecution(extra: Partial<ExecutionConfig> = {}): ExecutionConfig {
  return {
    n_cycles: 1,
    order: 'sequential',
    seed: null,
    experiment_gap_s: 0,
    cycle_gap_s: 0,
    cooldown: null,
    max_consecutive_failures: 10,
    experiment_timeout_s: 120,
    timeout_h: null,
    isolation: 'process',
    executor: 'local',
    ...extra,
  };
}

/** A hand-made expanded study of the given experiment objects (each deep enough to validate). */
export function handStudy(
  name: string,
  inputs: Record<string, unknown>[],
  execution: ExecutionConfig,
): ExpandedStudy {
  const configs = inputs.map((i) => resolveConfig(i).config);
  return {
    name,
    study_hash: studyHash(configs),
    experiments: configs.map((config, i) => ({
      index: i + 1,
      config,
      config_hash: experimentHash(config),
      slug: `exp${i + 1}`,
      factors: { i: i + 1 },
      equivalents: [],
      warnings: [],
    })),
    skipped: [],
    execution,
    input_text: `# hand-made study ${name}\n`,
    warnings: [],
  };
}

/** Cycle by cycle, experiments in index order. */
export function sequentialRuns(study: ExpandedStudy): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (let cycle = 1; cycle <= study.execution.n_cycles; cycle++) {
    for (const e of study.experiments) runs.push({ position: runs.length, experiment: e.index, cycle });
  }
  return runs;
}

/** Writes a study folder (study.yaml, plan.json, skipped.json) ready for `llem resume`. */
export async function writeStudyFolder(
  resultsDir: string,
  study: ExpandedStudy,
  runs = sequentialRuns(study),
): Promise<string> {
  const dir = join(resultsDir, studyDirName(study.name, study.study_hash));
  await writePlanFiles(dir, planFile(study, runs, resultsDir), study.skipped);
  writeFileSync(join(dir, 'study.yaml'), study.input_text);
  return dir;
}
