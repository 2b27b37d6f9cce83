// What `llem status` adds for a Slurm study: each planned run's latest array task and its queue
// state, and a `failed` record for a task the queue says ended without writing one (the queue
// forgets ended jobs after MinJobAge when there is no accounting, so the reason is kept on disk).

import { dirname, join } from 'node:path';
import type { ResultRecord } from '../../core/records.js';
import { readRecordFile } from '../../store/record-file.js';
import type { StudyPlanFile } from '../folder.js';
import { jobFor } from '../runner.js';
import { writeRunnerRecord } from './failure.js';
import type { SlurmRunner } from './slurm-commands.js';
import { lastLoggedPhase, readSubmissions, readTaskMarker } from './slurm-files.js';
import { describeReason, isActive, lookupTask, queryTasks, reasonForState } from './slurm-queue.js';

/** A planned run's Slurm task as the queue sees it. */
export interface SlurmPairState {
  /** `<array job id>_<task id>`. */
  task: string;
  /** Queue state (PENDING, RUNNING, COMPLETED, CANCELLED…), or `UNKNOWN` when the queue no longer lists it. */
  state: string;
  node: string;
  reason: string;
  active: boolean;
}

/** The queue's view of a Slurm study folder. */
export interface SlurmStudyState {
  /** By plan position: the latest submitted task of each run. */
  pairs: Map<number, SlurmPairState>;
  /** Whether `sacct` (accounting) answered. */
  accounting: boolean;
  /** Array job ids of the study's submissions. */
  jobs: string[];
}

/**
 * Reads the submissions and the queue; for a task that ended without a record (and is the run's
 * latest), writes the `failed` record with the scheduler's reason. Throws when Slurm's commands
 * are missing (the caller reports the queue as unavailable).
 */
export async function slurmStudyState(
  studyDir: string,
  plan: StudyPlanFile,
  run: SlurmRunner,
  o: { stoppedByLlem?: boolean } = {},
): Promise<SlurmStudyState> {
  const submissions = await readSubmissions(studyDir);
  const jobs = submissions.flatMap((s) => (s.job_id ? [s.job_id] : []));
  const view = await queryTasks(run, jobs);
  const pairs = new Map<number, SlurmPairState>();
  const latest = new Map<number, { key: string; dir: string; cycle: number; experiment: number }>();
  for (const s of submissions) {
    if (!s.job_id) continue;
    for (const t of s.tasks)
      latest.set(t.position, {
        key: `${s.job_id}_${t.task}`,
        dir: t.dir,
        cycle: t.cycle,
        experiment: t.experiment,
      });
  }
  const byIndex = new Map(plan.experiments.map((e) => [e.index, e]));
  for (const [position, l] of latest) {
    const t = lookupTask(view, l.key);
    const state: SlurmPairState = {
      task: l.key,
      state: t?.state ?? 'UNKNOWN',
      node: t?.node ?? '',
      reason: t?.reason ?? 'None',
      active: t !== undefined && isActive(t.state),
    };
    pairs.set(position, state);
    if (t === undefined || state.active) continue;
    const path = join(studyDir, l.dir, 'result.json');
    if ((await readRecordFile(path)) !== undefined) continue;
    // Queued tasks llem itself cancelled (interrupt, breaker, study timeout) stay pending for resume.
    const started = (await readTaskMarker(join(studyDir, l.dir))) !== undefined;
    if (!started && t.state === 'CANCELLED' && o.stoppedByLlem) continue;
    const e = byIndex.get(l.experiment);
    if (e === undefined) continue;
    await recordEnded(studyDir, plan, e, l.cycle, l.dir, t.state, t.node);
  }
  return { pairs, accounting: view.accounting, jobs };
}

async function recordEnded(
  studyDir: string,
  plan: StudyPlanFile,
  e: StudyPlanFile['experiments'][number],
  cycle: number,
  rel: string,
  state: string,
  node: string,
): Promise<ResultRecord> {
  const job = jobFor(
    { studyDir, resultsDir: dirname(studyDir), cacheDir: '', inputText: '', env: {} },
    plan,
    e,
    cycle,
    rel,
    plan.execution.experiment_timeout_s,
  );
  const reason = reasonForState(state);
  return writeRunnerRecord(job, {
    status: 'failed',
    reason,
    code: 'ERR_SLURM_TASK',
    message: describeReason(reason, state, node),
    phase: (await lastLoggedPhase(join(studyDir, rel))) ?? 'queued',
    startedAt: new Date().toISOString(),
  });
}
