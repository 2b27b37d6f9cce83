import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/load.js';
import { gpusRequested } from '../../config/parallelism.js';
import { planFile } from '../folder.js';
import type { ExecutionConfig, ExpandedStudy } from '../types.js';
import { gresFor, planArrays } from './slurm-arrays.js';
import { buildArray, parseJobId, shellQuote, taskTimeLimit } from './slurm-script.js';
import { slurmDurationS } from './slurm-task.js';

const LLEM = ['/usr/bin/node', '/opt/llem/bin/llem.js'];

function study(inputs: Record<string, unknown>[], execution: Partial<ExecutionConfig> = {}): ExpandedStudy {
  return {
    name: 'grid',
    study_hash: 'ab'.repeat(32),
    experiments: inputs.map((i, k) => ({
      index: k + 1,
      config: resolveConfig({ model: 'm.gguf', ...i }).config,
      config_hash: `${k}`.repeat(64).slice(0, 64),
      slug: `e${k + 1}`,
      factors: {},
      equivalents: [],
      warnings: [],
    })),
    skipped: [],
    execution: {
      n_cycles: 1,
      order: 'sequential',
      seed: null,
      experiment_gap_s: 0,
      cycle_gap_s: 0,
      cooldown: null,
      max_consecutive_failures: 10,
      experiment_timeout_s: 1800,
      timeout_h: null,
      isolation: 'process',
      executor: 'slurm',
      slurm: null,
      ...execution,
    },
    input_text: '',
    warnings: [],
  };
}

describe('GPU request from the engine parallelism', () => {
  it('maps each engine to the GPUs one run needs', () => {
    const g = (i: Record<string, unknown>) => gpusRequested(resolveConfig({ model: 'm', ...i }).config);
    expect(g({ engine: 'vllm', vllm: { engine: { tensor_parallel_size: 2 } } })).toBe(2);
    expect(
      g({ engine: 'vllm', vllm: { engine: { tensor_parallel_size: 2, pipeline_parallel_size: 2 } } }),
    ).toBe(4);
    expect(g({ engine: 'vllm' })).toBe(1);
    expect(g({ engine: 'tensorrt', tensorrt: { tensor_parallel_size: 4 } })).toBe(4);
    expect(g({ engine: 'transformers' })).toBe(1);
    expect(g({ engine: 'llamacpp' })).toBe(1);
    expect(g({ engine: 'llamacpp', llamacpp: { gpu_layers: 0 } })).toBe(0);
    expect(g({ engine: 'openai', openai: { base_url: 'http://h:8000/v1' } })).toBe(0);
  });

  it('splits the runs into one array per GPU request, tasks in plan order; gres in the config wins', () => {
    const s = study([
      { engine: 'vllm', vllm: { engine: { tensor_parallel_size: 2 } } },
      { engine: 'vllm', vllm: { engine: { tensor_parallel_size: 1 } } },
      { engine: 'vllm', vllm: { engine: { tensor_parallel_size: 2 } } },
    ]);
    const runs = [3, 1, 2].map((experiment, position) => ({ position, experiment, cycle: 1 }));
    const plan = planFile(s, runs, '/base');
    const arrays = planArrays('/r/grid-abababab', plan, runs, 4, LLEM);
    expect(
      arrays.map((a) => [a.submission.number, a.submission.gres, a.submission.tasks.map((t) => t.position)]),
    ).toEqual([
      [4, 'gpu:2', [0, 1]],
      [5, 'gpu:1', [2]],
    ]);
    expect(arrays[0]!.submission.tasks[1]).toMatchObject({
      task: 1,
      experiment: 1,
      dir: expect.stringMatching(/^runs\/0001-e1-0{8}\/cycle-1$/),
    });
    expect(arrays[0]!.submission.argv).toContain('--gres=gpu:2');
    const fixed = planFile(
      study([{ engine: 'vllm' }], { slurm: { gres: 'gpu:a100:1' } }),
      runs.slice(0, 1),
      '/b',
    );
    expect(gresFor(fixed, 1)).toBe('gpu:a100:1');
  });
});

describe('buildArray', () => {
  const tasks = [0, 1, 2].map((task) => ({
    task,
    position: task,
    experiment: 1,
    cycle: task + 1,
    dir: `runs/x/cycle-${task + 1}`,
  }));

  it('writes the sbatch argv from execution.slurm and a script that execs llem slurm-task', () => {
    const { submission, script } = buildArray({
      studyDir: "/shared/res/it's-abababab",
      studyName: 'my study',
      studyHash: 'ab'.repeat(32),
      number: 2,
      gpus: 2,
      settings: {
        partition: 'gpu',
        account: 'proj1',
        time_limit: '02:00:00',
        extra_args: ['--qos=high', '--exclusive'],
        array_limit: 1,
      },
      experimentTimeoutS: 600,
      tasks,
      llem: LLEM,
    });
    expect(submission.argv).toEqual([
      'sbatch',
      '--parsable',
      '--job-name=llem-my-study',
      '--array=0-2%1',
      '--ntasks=1',
      "--chdir=/shared/res/it's-abababab",
      "--output=/shared/res/it's-abababab/slurm/logs/%A_%a.log",
      '--time=02:00:00',
      '--signal=B:USR1@60',
      '--gres=gpu:2',
      '--partition=gpu',
      '--account=proj1',
      '--qos=high',
      '--exclusive',
      "/shared/res/it's-abababab/slurm/submission-2.sh",
    ]);
    expect(submission).toMatchObject({
      number: 2,
      job_id: null,
      gres: 'gpu:2',
      script: 'slurm/submission-2.sh',
    });
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    expect(script).toContain(
      `exec /usr/bin/node /opt/llem/bin/llem.js slurm-task '/shared/res/it'\\''s-abababab' 2\n`,
    );
  });

  it('asks for no GPU when none is needed, and a time limit from the experiment timeout', () => {
    const { submission } = buildArray({
      studyDir: '/r/s',
      studyName: 's',
      studyHash: 'ab'.repeat(32),
      number: 1,
      gpus: 0,
      settings: null,
      experimentTimeoutS: 1800,
      tasks,
      llem: LLEM,
    });
    expect(submission.argv.some((a) => a.startsWith('--gres'))).toBe(false);
    expect(submission.argv).toContain('--time=40');
    expect(submission.argv).toContain('--array=0-2');
    expect(taskTimeLimit({ time_limit: 'UNLIMITED' }, 60)).toBe('UNLIMITED');
  });

  it('parses job ids and durations, and quotes shell words', () => {
    expect(parseJobId('1234\n')).toBe('1234');
    expect(parseJobId('77;cluster2\n')).toBe('77');
    expect(parseJobId('Submitted batch job 5')).toBeUndefined();
    expect(slurmDurationS('1-02:03:04')).toBe(93_784);
    expect(slurmDurationS('00:40')).toBe(40);
    expect(slurmDurationS('UNLIMITED')).toBeUndefined();
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('/x/y.js')).toBe('/x/y.js');
  });
});
