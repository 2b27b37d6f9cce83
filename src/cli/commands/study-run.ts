import { expandStudy, planRuns, planStudy } from '../../api/plan.js';
import { startStudy } from '../../api/run-study.js';
import { renderSlurmPreview, slurmPreview } from '../../api/slurm-preview.js';
import type { ExecutionInput, LoadConfigOptions } from '../../index.js';
import type { RunFlagValues } from '../flags.js';
import type { CliIo } from '../io.js';
import { lockWaitFromFlags, runStudySession } from '../study-session.js';
import { renderStudyPlan, studyDryRun } from './study-plan.js';

/** The CLI's execution defaults (SPEC §2.2): three cycles, shuffled (the library's are one cycle). */
export const CLI_EXECUTION_DEFAULTS: ExecutionInput = { n_cycles: 3, order: 'shuffled' };

/** The `llem run` flags a study uses (typed from the flag table). */
export type StudyRunFlags = Pick<
  RunFlagValues,
  | 'cycles'
  | 'order'
  | 'executor'
  | 'no-gaps'
  | 'resume'
  | 'skip-failed'
  | 'wait-lock'
  | 'no-wait'
  | 'dry-run'
  | 'json'
  | 'quiet'
  | 'live'
  | 'plain'
>;

/** `llem run <study>`: expands and plans the study, then shows the plan (`--dry-run`) or runs it. */
export async function runStudyCommand(
  file: string,
  values: StudyRunFlags,
  configOptions: LoadConfigOptions,
  resultsDir: string | undefined,
  io: CliIo,
): Promise<number> {
  // Flag values go to the execution schema as given, so a bad one is reported like a bad field.
  const overrides: Record<string, unknown> = {};
  if (values.cycles !== undefined)
    overrides.n_cycles = /^\s*\d+\s*$/.test(values.cycles) ? Number(values.cycles) : values.cycles;
  if (values.order !== undefined) overrides.order = values.order;
  if (values.executor !== undefined) overrides.executor = values.executor;
  if (values['no-gaps']) Object.assign(overrides, { experiment_gap_s: 0, cycle_gap_s: 0 });
  const expand = () =>
    expandStudy(file, {
      ...configOptions,
      executionDefaults: CLI_EXECUTION_DEFAULTS,
      executionOverrides: overrides as ExecutionInput,
    });
  if (values['dry-run']) {
    const study = await expand();
    const runs = planRuns(study);
    if (study.execution.executor !== 'slurm')
      return studyDryRun(study, runs, io, { json: values.json === true });
    const arrays = slurmPreview(study, runs, {
      cwd: io.cwd,
      ...(resultsDir === undefined ? {} : { resultsDir }),
    });
    if (values.json) {
      // One JSON document: the plan with the job arrays added.
      const plan = await planStudy(study, { runs, env: io.env, cwd: io.cwd });
      return renderStudyPlan({ ...plan, slurm: arrays } as typeof plan, io, { json: true });
    }
    const code = await studyDryRun(study, runs, io, { json: false });
    io.out(`${renderSlurmPreview(arrays)}\n`);
    return code;
  }
  const flags = {
    json: values.json === true,
    quiet: values.quiet === true,
    live: values.live === true,
    plain: values.plain === true,
  };
  const lockWaitS = lockWaitFromFlags(values);
  // Expansion runs inside the session, so an interrupt while it loads is already handled.
  return runStudySession(io, flags, async (hooks) => {
    const study = await expand();
    return startStudy(study, planRuns(study), {
      ...hooks,
      cwd: io.cwd,
      env: io.env,
      ...(resultsDir === undefined ? {} : { resultsDir }),
      resume: values.resume === true,
      retryFailed: values['skip-failed'] !== true,
      noGaps: values['no-gaps'] === true,
      ...(lockWaitS === undefined ? {} : { lockWaitS }),
    });
  });
}
