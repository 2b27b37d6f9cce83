// A Slurm job array for a study (SPEC §6): the batch script, the sbatch argv and the submission
// file that maps each array task to its planned (experiment, cycle). Pure: nothing here runs.
import { join } from 'node:path';
import type { SlurmSettings } from '../../config/study-schema.js';
import { SLURM_FILES } from '../../store/layout.js';

/** Folder of a study where the Slurm submissions, scripts and task logs live. */
export const SLURM_DIR = SLURM_FILES.dir;

/** Version of the submission file layout. */
export const SUBMISSION_SCHEMA_VERSION = 1;

/** One array task: which planned run it measures. */
export interface SubmissionTask {
  /** `SLURM_ARRAY_TASK_ID`. */
  task: number;
  /** Plan position (0-based). */
  position: number;
  experiment: number;
  cycle: number;
  /** The pair's folder, relative to the study folder. */
  dir: string;
}

/** `slurm/submission-<n>.json`: one job array, written by the submitting llem only. */
export interface Submission {
  schema_version: number;
  /** 1-based number of the submission in this study folder. */
  number: number;
  study_hash: string;
  created_at: string;
  /** The array's job id once sbatch answered (null in a dry run, or before sbatch returned). */
  job_id: string | null;
  /** GPUs each task asks for (`--gres=gpu:N`), or the configured `gres`. */
  gres: string | null;
  /** Batch script, relative to the study folder. */
  script: string;
  /** The sbatch command line (argv), as run. */
  argv: string[];
  tasks: SubmissionTask[];
}

/** Absolute paths of submission `n` in `studyDir`. */
export function submissionPaths(studyDir: string, n: number): { json: string; script: string; logs: string } {
  return {
    json: join(studyDir, SLURM_DIR, SLURM_FILES.submission(n)),
    script: join(studyDir, SLURM_DIR, SLURM_FILES.script(n)),
    logs: join(studyDir, SLURM_DIR, SLURM_FILES.logs),
  };
}

/** Quotes one word for bash. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `--time` of each task: `execution.slurm.time_limit`, else the experiment timeout plus 10 minutes. */
export function taskTimeLimit(
  settings: SlurmSettings | null | undefined,
  experimentTimeoutS: number,
): string {
  return settings?.time_limit ?? String(Math.ceil(experimentTimeoutS / 60) + 10);
}

/** What one job array needs. */
export interface ArrayRequest {
  studyDir: string;
  studyName: string;
  studyHash: string;
  number: number;
  /** GPUs per task, from the engine's parallelism (0: none asked). */
  gpus: number;
  settings: SlurmSettings | null | undefined;
  experimentTimeoutS: number;
  tasks: SubmissionTask[];
  /** The llem command a task runs: absolute node and CLI paths. */
  llem: readonly string[];
}

/** The submission file, the batch script text and the sbatch argv of one job array. */
export function buildArray(r: ArrayRequest): { submission: Submission; script: string } {
  const paths = submissionPaths(r.studyDir, r.number);
  const s = r.settings ?? {};
  const gres = s.gres ?? (r.gpus > 0 ? `gpu:${r.gpus}` : null);
  const time = taskTimeLimit(s, r.experimentTimeoutS);
  const limit = s.array_limit === undefined ? '' : `%${s.array_limit}`;
  const argv = [
    'sbatch',
    '--parsable',
    `--job-name=llem-${r.studyName.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40)}`,
    `--array=0-${r.tasks.length - 1}${limit}`,
    '--ntasks=1',
    `--chdir=${r.studyDir}`,
    `--output=${join(paths.logs, '%A_%a.log')}`,
    `--time=${time}`,
    // Warn the task a minute before its time limit, so its record can say so.
    ...(/^(unlimited|infinite)$/i.test(time) ? [] : ['--signal=B:USR1@60']),
    ...(gres ? [`--gres=${gres}`] : []),
    ...(s.partition ? [`--partition=${s.partition}`] : []),
    ...(s.account ? [`--account=${s.account}`] : []),
    ...(s.extra_args ?? []),
    paths.script,
  ];
  const script = [
    '#!/bin/bash',
    `# llem study ${r.studyName} (${r.studyHash.slice(0, 8)}), job array submission ${r.number}:`,
    `# task i measures the planned run tasks[i] of ${join(SLURM_DIR, SLURM_FILES.submission(r.number))}`,
    '# and writes only its own run folder. Submitted with:',
    `#   ${argv.map(shellQuote).join(' ')}`,
    `exec ${[...r.llem, 'slurm-task', r.studyDir, String(r.number)].map(shellQuote).join(' ')}`,
    '',
  ].join('\n');
  return {
    submission: {
      schema_version: SUBMISSION_SCHEMA_VERSION,
      number: r.number,
      study_hash: r.studyHash,
      created_at: new Date().toISOString(),
      job_id: null,
      gres,
      script: join(SLURM_DIR, SLURM_FILES.script(r.number)),
      argv,
      tasks: r.tasks,
    },
    script,
  };
}

/** The job id in `sbatch --parsable` output (`123` or `123;cluster`). */
export function parseJobId(stdout: string): string | undefined {
  return /^(\d+)(?:;\S+)?\s*$/m.exec(stdout.trim())?.[1];
}
