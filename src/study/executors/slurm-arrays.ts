// The job arrays a Slurm study submits (SPEC §6): the missing (experiment, cycle) pairs grouped by
// the GPUs each asks for (`execution.slurm.gres`, else the engine's parallelism), one array per
// group in plan order. Used by the submitter (`slurm.ts`) and by `llem study --dry-run`'s preview.
import { gpusRequested } from '../../config/parallelism.js';
import { pairDir } from '../../store/layout.js';
import type { StudyPlanFile } from '../folder.js';
import type { PlannedRun } from '../types.js';
import { buildArray, type Submission, type SubmissionTask } from './slurm-script.js';

/** GPUs (as a gres string) each run asks for: `execution.slurm.gres`, else from the engine's parallelism. */
export function gresFor(
  plan: Pick<StudyPlanFile, 'execution' | 'experiments'>,
  experiment: number,
): string | null {
  const fixed = plan.execution.slurm?.gres;
  if (fixed) return fixed;
  const e = plan.experiments.find((x) => x.index === experiment);
  const n = e ? gpusRequested(e.config) : 0;
  return n > 0 ? `gpu:${n}` : null;
}

/** The job arrays that submitting `todo` would create (one per distinct GPU request, in plan order). */
export function planArrays(
  studyDir: string,
  plan: StudyPlanFile,
  todo: readonly PlannedRun[],
  firstNumber: number,
  llem: readonly string[],
): { submission: Submission; script: string }[] {
  const groups = new Map<string, PlannedRun[]>();
  for (const r of todo) {
    const key = gresFor(plan, r.experiment) ?? '';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const byIndex = new Map(plan.experiments.map((e) => [e.index, e]));
  return [...groups.entries()].map(([gres, runs], i) => {
    const tasks: SubmissionTask[] = runs.map((r, task) => ({
      task,
      position: r.position,
      experiment: r.experiment,
      cycle: r.cycle,
      dir: pairDir(byIndex.get(r.experiment)!, r.cycle),
    }));
    const gpus = gres.startsWith('gpu:') ? Number(gres.slice(4)) : 0;
    return buildArray({
      studyDir,
      studyName: plan.name,
      studyHash: plan.study_hash,
      number: firstNumber + i,
      gpus: Number.isInteger(gpus) ? gpus : 0,
      settings:
        plan.execution.slurm === undefined ? null : { ...plan.execution.slurm, ...(gres ? { gres } : {}) },
      experimentTimeoutS: plan.execution.experiment_timeout_s,
      tasks,
      llem,
    });
  });
}
