// One Slurm array task (SPEC §6): finds its planned (experiment, cycle) in the submission file by
// SLURM_ARRAY_TASK_ID, measures it in a child process (as `isolation: process` does, so a crash or
// hang is a failed record) on the GPUs Slurm gave it (CUDA_VISIBLE_DEVICES), and writes only its
// own run folder: the start marker, the record and its files. The record's
// `environment.slurm` says which job, node and devices ran it, and where the scheduler could not
// keep the study's order. When Slurm ends the task (cancel, time limit, preemption) the record is
// `failed` with that reason.

import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LlemError } from '../../core/errors.js';
import { type ResultRecord, toFailed } from '../../core/records.js';
import type { LlemWarning } from '../../core/warning.js';
import { SLURM_FILES, STUDY_FILES } from '../../store/layout.js';
import { readRecordFile, writeRecordFile } from '../../store/record-file.js';
import { readPlanFile } from '../folder.js';
import { jobFor } from '../runner.js';
import { appendLog, logTail, type RunnerError } from './failure.js';
import { createLocalExecutor } from './local.js';
import type { SlurmRunner } from './slurm-commands.js';
import { readSubmissions, readTaskMarker, writeTaskMarker } from './slurm-files.js';
import { describeReason, reasonForState, type SchedulerReason } from './slurm-queue.js';
import type { SubmissionTask } from './slurm-script.js';
import { SLURM_DIR } from './slurm-script.js';

/** Options of `runSlurmTask`. */
export interface SlurmTaskOptions {
  studyDir: string;
  /** The submission number (the batch script passes it). */
  submission: number;
  env: Record<string, string | undefined>;
  cacheDir: string;
  /** Stop cleanly (SIGINT, sent by the submitter on interrupt): the record is `interrupted`. */
  signal?: AbortSignal;
  /** Slurm is ending the task: abort with reason `'SIGTERM'` (cancel, time limit, preemption) or `'SIGUSR1'` (time limit near). */
  terminate?: AbortSignal;
  /** Runs scontrol to learn why the task is being ended. */
  run: SlurmRunner;
  /** The compiled experiment child entry (default: the package's). */
  childEntry?: string;
}

/** Where the scheduler could not keep the plan's order, seen when the task started. */
export interface OrderNote {
  /** This run's plan position, 1-based. */
  position: number;
  /** Earlier-planned runs (1-based positions) of the array that had not started yet. */
  ahead_of: number[];
  /** Runs of the array that were running when this one started (sharing the cluster, maybe the node). */
  concurrent_with: number[];
}

/** Measures the run of array task `SLURM_ARRAY_TASK_ID`; resolves with its persisted record. */
export async function runSlurmTask(o: SlurmTaskOptions): Promise<ResultRecord> {
  const taskId = Number(o.env.SLURM_ARRAY_TASK_ID);
  const plan = await readPlanFile(o.studyDir);
  if (plan === undefined) throw new LlemError('ERR_STORE_IO', `${o.studyDir} has no ${STUDY_FILES.plan}`);
  const submission = (await readSubmissions(o.studyDir)).find((s) => s.number === o.submission);
  const entry = submission?.tasks.find((t) => t.task === taskId);
  if (submission === undefined || entry === undefined) {
    throw new LlemError(
      'ERR_STORE_IO',
      `submission ${o.submission} of ${o.studyDir} has no task ${o.env.SLURM_ARRAY_TASK_ID ?? '(SLURM_ARRAY_TASK_ID unset)'}`,
    );
  }
  const e = plan.experiments.find((x) => x.index === entry.experiment);
  if (e === undefined) throw new LlemError('ERR_STORE_IO', `plan.json has no experiment ${entry.experiment}`);
  const pairDir = join(o.studyDir, entry.dir);
  const resultPath = join(pairDir, 'result.json');
  const done = await readRecordFile(resultPath);
  if (done?.status === 'ok' && done.study_hash === plan.study_hash && done.cycle === entry.cycle) return done;

  const node = o.env.SLURMD_NODENAME ?? hostname();
  const devices = o.env.CUDA_VISIBLE_DEVICES ?? null;
  const order = await orderNote(o.studyDir, entry, submission.tasks);
  await writeTaskMarker(pairDir, {
    job_id: o.env.SLURM_JOB_ID ?? null,
    array_job_id: o.env.SLURM_ARRAY_JOB_ID ?? null,
    array_task_id: Number.isInteger(taskId) ? taskId : null,
    submission: o.submission,
    node,
    cuda_visible_devices: devices,
    started_at: new Date().toISOString(),
  });
  const orderWarning = orderWarningOf(order);
  const inputText = await readFile(join(o.studyDir, STUDY_FILES.input), 'utf8').catch(() => '');
  const job = jobFor(
    { studyDir: o.studyDir, resultsDir: join(o.studyDir, '..'), cacheDir: o.cacheDir, inputText, env: o.env },
    plan,
    e,
    entry.cycle,
    entry.dir,
    plan.execution.experiment_timeout_s,
  );
  job.measure.studyFiles = false;
  job.measure.baselineCacheFile = join(
    o.studyDir,
    SLURM_DIR,
    SLURM_FILES.baselines,
    `${node}-${(devices ?? 'no-gpu').replace(/[^A-Za-z0-9]+/g, '_')}.json`,
  );
  if (orderWarning) job.measure.warnings = [...job.measure.warnings, orderWarning];

  // Slurm's signal: stop the child at once (KillWait leaves seconds, not minutes), then say why.
  const kill = new AbortController();
  let ended: Promise<SchedulerReason> | undefined;
  const onTerminate = () => {
    ended =
      o.terminate?.reason === 'SIGUSR1' ? Promise.resolve('time_limit') : terminationReason(o.run, o.env);
    kill.abort(new Error('ended by Slurm (the task was signalled to stop)'));
  };
  o.terminate?.addEventListener('abort', onTerminate, { once: true });
  if (o.terminate?.aborted) onTerminate();
  const executor = createLocalExecutor(o.childEntry === undefined ? {} : { childEntry: o.childEntry });
  let record: ResultRecord;
  try {
    record = await executor.run(job, {
      ...(o.signal ? { signal: o.signal } : {}),
      killSignal: kill.signal,
    });
  } finally {
    o.terminate?.removeEventListener('abort', onTerminate);
    await executor.close();
  }
  if (ended !== undefined && record.status !== 'ok') {
    const reason = await ended;
    const message = describeReason(reason, reason === 'time_limit' ? 'TIMEOUT' : 'CANCELLED', node);
    appendLog(pairDir, [`slurm: ${message}`]);
    const error: RunnerError = {
      code: 'ERR_SLURM_TASK',
      message,
      phase: record.error?.phase ?? 'preflight',
      reason,
      log_tail: await logTail(pairDir),
    };
    record = toFailed(record, error);
  }
  record = {
    ...record,
    environment: {
      ...record.environment,
      slurm: {
        job_id: o.env.SLURM_JOB_ID ?? null,
        array_job_id: o.env.SLURM_ARRAY_JOB_ID ?? null,
        array_task_id: Number.isInteger(taskId) ? taskId : null,
        submission: o.submission,
        node,
        partition: o.env.SLURM_JOB_PARTITION ?? null,
        cuda_visible_devices: devices,
        order,
      },
    },
    warnings:
      orderWarning && !record.warnings.some((w) => w.code === orderWarning.code)
        ? [...record.warnings, orderWarning]
        : record.warnings,
  };
  await writeRecordFile(resultPath, record);
  return record;
}

/** Which runs of the array started out of the plan's order relative to this one. */
async function orderNote(
  studyDir: string,
  me: SubmissionTask,
  tasks: readonly SubmissionTask[],
): Promise<OrderNote> {
  const note: OrderNote = { position: me.position + 1, ahead_of: [], concurrent_with: [] };
  for (const t of tasks) {
    if (t.task === me.task) continue;
    const dir = join(studyDir, t.dir);
    const finished = (await readRecordFile(join(dir, 'result.json'))) !== undefined;
    const started = finished || (await readTaskMarker(dir)) !== undefined;
    if (!started && t.position < me.position) note.ahead_of.push(t.position + 1);
    if (started && !finished) note.concurrent_with.push(t.position + 1);
  }
  return note;
}

function orderWarningOf(n: OrderNote): LlemWarning | undefined {
  const parts: string[] = [];
  if (n.ahead_of.length > 0)
    parts.push(`started before planned run(s) ${n.ahead_of.join(', ')}, which were still queued`);
  if (n.concurrent_with.length > 0)
    parts.push(`ran concurrently with run(s) ${n.concurrent_with.join(', ')}`);
  if (parts.length === 0) return undefined;
  return {
    code: 'SLURM_ORDER',
    message: `Slurm did not keep the study order for run ${n.position}: it ${parts.join(' and ')} (execution.slurm.array_limit: 1 keeps the order exactly)`,
  };
}

/** Why Slurm is ending this task, from `scontrol show job`: a time limit when its run time reached the limit, else a cancellation. */
async function terminationReason(
  run: SlurmRunner,
  env: Record<string, string | undefined>,
): Promise<SchedulerReason> {
  const id =
    env.SLURM_ARRAY_JOB_ID && env.SLURM_ARRAY_TASK_ID
      ? `${env.SLURM_ARRAY_JOB_ID}_${env.SLURM_ARRAY_TASK_ID}`
      : env.SLURM_JOB_ID;
  if (!id) return 'cancelled';
  const r = await run('scontrol', ['show', 'job', '-o', id]).catch(() => undefined);
  const text = r?.stdout ?? '';
  const state = /JobState=(\S+)/.exec(text)?.[1] ?? '';
  if (state && !['RUNNING', 'COMPLETING', 'CONFIGURING'].includes(state)) {
    const reason = reasonForState(state);
    if (reason !== 'no_record' && reason !== 'scheduler_failed') return reason;
  }
  const runS = slurmDurationS(/RunTime=(\S+)/.exec(text)?.[1]);
  const limitS = slurmDurationS(/TimeLimit=(\S+)/.exec(text)?.[1]);
  if (runS !== undefined && limitS !== undefined && runS >= limitS - 5) return 'time_limit';
  return 'cancelled';
}

/** Seconds of a Slurm duration (`[D-]HH:MM:SS`, `MM:SS`); undefined for UNLIMITED or junk. */
export function slurmDurationS(text: string | undefined): number | undefined {
  const m = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)$/.exec(text ?? '');
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86_400 + Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}
