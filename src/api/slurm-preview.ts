import { planArrays } from '../study/executors/slurm-arrays.js';
import { type Submission, shellQuote } from '../study/executors/slurm-script.js';
import { planFile } from '../study/folder.js';
import type { ExpandedStudy, PlannedRun } from '../study/types.js';
import { type StartStudyOptions, studyLocation } from './run-study.js';
import { llemCommand } from './study-wiring.js';

/** One job array as `llem run --executor slurm --dry-run` shows it. */
export interface SlurmArrayPreview {
  /** The sbatch command line. */
  argv: string[];
  /** The batch script's text. */
  script: string;
  /** Where the script and the submission file would be written. */
  script_path: string;
  gres: string | null;
  tasks: Submission['tasks'];
}

/**
 * The job arrays a fresh start of `study` would submit (SPEC §6): one per distinct GPU request,
 * with their sbatch argv and batch script. Submits nothing and needs no Slurm.
 */
export function slurmPreview(
  study: ExpandedStudy,
  runs: readonly PlannedRun[],
  options: Pick<StartStudyOptions, 'cwd' | 'baseDir' | 'resultsDir'> = {},
): SlurmArrayPreview[] {
  const { baseDir, studyDir } = studyLocation(study, options);
  const plan = planFile(study, runs, baseDir);
  return planArrays(studyDir, plan, runs, 1, llemCommand()).map(({ submission, script }) => ({
    argv: submission.argv,
    script,
    script_path: submission.argv[submission.argv.length - 1]!,
    gres: submission.gres,
    tasks: submission.tasks,
  }));
}

/** The job arrays of a Slurm dry run as text: the sbatch command line and the batch script of each. */
export function renderSlurmPreview(arrays: readonly SlurmArrayPreview[]): string {
  const lines = [
    '',
    `Slurm (executor: slurm): ${arrays.length} job array${arrays.length === 1 ? '' : 's'}, one task per run; nothing submitted (dry run)`,
  ];
  for (const a of arrays) {
    lines.push(
      '',
      `  ${a.tasks.length} task${a.tasks.length === 1 ? '' : 's'}${a.gres ? `, --gres=${a.gres} each` : ', no GPUs asked'}`,
      `  $ ${a.argv.map(shellQuote).join(' ')}`,
      `  ${a.script_path}:`,
      ...a.script
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`),
    );
  }
  return lines.join('\n');
}
