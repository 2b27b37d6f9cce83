// `executor: slurm` (SPEC §6): the study's missing (experiment, cycle) pairs become one Slurm job
// array per GPU request (usually one), task i measuring the i-th of them in plan order. The
// submitting llem owns the manifest and watches the queue (squeue -t all; sacct where accounting
// exists) and the records the tasks write; a task that ends without a record (killed, node failure,
// out of memory, cancelled before it could write) gets a `failed` record with the scheduler's
// reason here. An interrupt cancels the queued tasks and asks the running ones to stop cleanly
// (SIGINT), so the folder resumes like a local one.

import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { LlemError } from '../../core/errors.js';
import type { ResultRecord } from '../../core/records.js';
import { writeFileAtomic } from '../../store/atomic.js';
import { STUDY_FILES } from '../../store/layout.js';
import { readRecordFile } from '../../store/record-file.js';
import {
  type RunRef,
  runEndEvent,
  type StudyEvent,
  type StudyEventSink,
  type StudyStatus,
} from '../events.js';
import {
  readPlanFile,
  removeStaleTemps,
  type StudyPlanFile,
  scanRecords,
  supersedePair,
  tidySuperseded,
} from '../folder.js';
import { ManifestWriter, readManifest } from '../manifest.js';
import { reconcileEntries, runsToResume } from '../resume.js';
import { holdStudyFolder, jobFor } from '../runner.js';
import { type StudySummary, writeSummary } from '../summary.js';
import type { PlannedRun } from '../types.js';
import { writeRunnerRecord } from './failure.js';
import { planArrays } from './slurm-arrays.js';
import { probeSlurm, type SlurmRunner, slurmOk } from './slurm-commands.js';
import { lastLoggedPhase, readSubmissions, readTaskMarker, writeSubmission } from './slurm-files.js';
import { describeReason, isActive, lookupTask, queryTasks, reasonForState } from './slurm-queue.js';
import { parseJobId, type SubmissionTask, submissionPaths } from './slurm-script.js';

/** Everything the Slurm submitter needs. */
export interface SlurmStudyContext {
  /** The study folder (`plan.json` already there); it must be on a file system the nodes share. */
  studyDir: string;
  env: Record<string, string | undefined>;
  clock: Clock;
  /** Runs sbatch, squeue, scontrol, scancel, sacct. */
  run: SlurmRunner;
  /** The llem command a task runs: absolute node and CLI paths. */
  llem: readonly string[];
  /** First interrupt: cancel queued tasks, stop running ones cleanly. */
  signal?: AbortSignal;
  /** Second interrupt: cancel everything now. */
  killSignal?: AbortSignal;
  onEvent?: StudyEventSink;
  /** Re-run pairs whose record is `failed` [true]. */
  retryFailed?: boolean;
  /** How often the queue and the records are read, ms [2000]. */
  pollMs?: number;
}

/** A submitted task the submitter waits for. */
interface Watched {
  run: PlannedRun;
  rel: string;
  /** `<array job id>_<task id>`. */
  key: string;
  ref: RunRef;
  started: boolean;
  /** Polls left before a task the queue calls ended, with no record yet, gets one from here. */
  grace: number;
}

/** Submits the study's missing pairs as Slurm job arrays, waits for them, and writes `summary.json`. */
export async function executeSlurmStudy(ctx: SlurmStudyContext): Promise<StudySummary> {
  const t0 = ctx.clock.nowMs();
  const emit = (e: StudyEvent) => ctx.onEvent?.(e);
  const plan = await readPlanFile(ctx.studyDir);
  if (plan === undefined) throw new Error(`${ctx.studyDir} has no ${STUDY_FILES.plan}`);
  await probeSlurm(ctx.run, ctx.env);
  const own = await holdStudyFolder(ctx.studyDir, ctx.clock);
  try {
    await removeStaleTemps(ctx.studyDir);
    await tidySuperseded(ctx.studyDir, plan);
    return await submitAndWatch(ctx, plan, emit, t0);
  } finally {
    await own.release();
  }
}

async function submitAndWatch(
  ctx: SlurmStudyContext,
  plan: StudyPlanFile,
  emit: (e: StudyEvent) => void,
  t0: number,
): Promise<StudySummary> {
  const { studyDir, run } = ctx;
  const previous = await readManifest(join(studyDir, STUDY_FILES.manifest));
  const found = await scanRecords(studyDir, plan);
  const manifest = new ManifestWriter(
    join(studyDir, STUDY_FILES.manifest),
    { name: plan.name, study_hash: plan.study_hash },
    reconcileEntries(plan.runs, previous?.entries, found),
    previous,
  );
  await manifest.write();
  const byIndex = new Map(plan.experiments.map((e) => [e.index, e]));
  const slug = (experiment: number) => byIndex.get(experiment)?.slug ?? String(experiment);

  // Tasks of earlier submissions still queued or running are watched, not submitted twice.
  const earlier = await readSubmissions(studyDir);
  const earlierIds = earlier.flatMap((s) => (s.job_id ? [s.job_id] : []));
  const queue = await queryTasks(run, earlierIds).catch(() => undefined);
  const todoAll = runsToResume(plan.runs, found, { retryFailed: ctx.retryFailed ?? true });
  const adopted = new Map<number, { task: SubmissionTask; key: string }>();
  for (const s of earlier) {
    for (const t of s.tasks) {
      const state = queue ? lookupTask(queue, `${s.job_id}_${t.task}`) : undefined;
      if (state && isActive(state.state) && todoAll.some((r) => r.position === t.position))
        adopted.set(t.position, { task: t, key: state.key });
    }
  }
  const todo = todoAll.filter((r) => !adopted.has(r.position));
  emit({
    type: 'study_start',
    dir: studyDir,
    name: plan.name,
    studyHash: plan.study_hash,
    planned: plan.runs.length,
    done: plan.runs.length - todoAll.length,
    todo: todoAll.length,
    resumed: previous !== undefined,
  });
  if (adopted.size > 0) emit({ type: 'adopted', tasks: adopted.size });

  const watched = new Map<number, Watched>();
  let ordinal = 0;
  const refOf = (r: PlannedRun): RunRef => ({
    position: r.position,
    experiment: r.experiment,
    cycle: r.cycle,
    slug: slug(r.experiment),
    ordinal: ++ordinal,
    of: todoAll.length,
  });
  for (const { task, key } of adopted.values()) {
    const r = { position: task.position, experiment: task.experiment, cycle: task.cycle };
    watched.set(task.position, { run: r, rel: task.dir, key, ref: refOf(r), started: false, grace: 2 });
  }

  const jobIds = [...new Set([...adopted.values()].map((a) => a.key.split('_')[0]!))];
  const first = Math.max(0, ...earlier.map((s) => s.number)) + 1;
  const arrays = planArrays(studyDir, plan, todo, first, ctx.llem);
  try {
    for (const { submission, script } of arrays) {
      const paths = submissionPaths(studyDir, submission.number);
      for (const t of submission.tasks) {
        const attempts = manifest.entry(t.position)?.attempts ?? 0;
        await supersedePair(studyDir, t.dir, attempts);
        await manifest.update(t.position, {
          status: 'pending',
          dir: t.dir,
          attempts: attempts + 1,
          started_at: null,
          ended_at: null,
          error: null,
          pid: null,
        });
      }
      await mkdir(paths.logs, { recursive: true });
      await writeFileAtomic(paths.script, script);
      await writeSubmission(paths.json, submission);
      const out = await slurmOk(run, submission.argv[0]!, submission.argv.slice(1));
      const jobId = parseJobId(out);
      if (jobId === undefined)
        throw new LlemError('ERR_EXECUTOR_FAILED', `sbatch answered without a job id: ${out.trim()}`);
      submission.job_id = jobId;
      await writeSubmission(paths.json, submission);
      jobIds.push(jobId);
      emit({
        type: 'submitted',
        jobId,
        tasks: submission.tasks.length,
        gres: submission.gres,
        script: submission.script,
      });
      for (const t of submission.tasks) {
        const r = { position: t.position, experiment: t.experiment, cycle: t.cycle };
        watched.set(t.position, {
          run: r,
          rel: t.dir,
          key: `${jobId}_${t.task}`,
          ref: refOf(r),
          started: false,
          grace: 2,
        });
      }
    }
  } catch (e) {
    // Half a study on the cluster and an error here would leave nobody watching it.
    if (jobIds.length > 0) await run('scancel', jobIds).catch(() => undefined);
    await manifest.setStatus('interrupted', `submission failed: ${(e as Error).message}`);
    throw e;
  }

  const outcome = await watch(ctx, plan, manifest, watched, jobIds, emit);
  const counts = manifest.counts();
  const status: StudyStatus =
    outcome.stop ?? (counts.ok === counts.planned ? 'completed' : 'completed_with_failures');
  await manifest.setStatus(status, outcome.reason);
  const summary = await writeSummary({ studyDir, clock: ctx.clock }, plan, status, outcome.reason, counts, {
    wall_s: (ctx.clock.nowMs() - t0) / 1000,
    waits_s: 0,
    runs_executed: outcome.executed,
    resumed: previous !== undefined,
  });
  emit({ type: 'study_end', status, reason: outcome.reason, counts });
  return summary;
}

/** Polls the queue and the records until every watched task has a record (or was cancelled before it started). */
async function watch(
  ctx: SlurmStudyContext,
  plan: StudyPlanFile,
  manifest: ManifestWriter,
  watched: Map<number, Watched>,
  jobIds: readonly string[],
  emit: (e: StudyEvent) => void,
): Promise<{ stop: StudyStatus | undefined; reason: string | null; executed: number }> {
  const { studyDir, run, clock } = ctx;
  const pollMs = ctx.pollMs ?? 2000;
  let wake = new AbortController();
  let stop: StudyStatus | undefined;
  let reason: string | null = null;
  let executed = 0;
  let failures = 0;
  const max = plan.execution.max_consecutive_failures;
  const byIndex = new Map(plan.experiments.map((e) => [e.index, e]));

  const stopCleanly = async (why: StudyStatus, text: string) => {
    if (stop !== undefined) return;
    stop = why;
    reason = text;
    if (jobIds.length === 0) return;
    await run('scancel', ['--state=PENDING', ...jobIds]).catch(() => undefined);
    await run('scancel', ['--signal=INT', '--full', ...jobIds]).catch(() => undefined);
  };
  const onInterrupt = () => {
    void stopCleanly(
      'interrupted',
      String((ctx.signal?.reason as Error | undefined)?.message ?? 'interrupted'),
    );
    wake.abort();
  };
  const onKill = () => {
    stop ??= 'interrupted';
    reason ??= 'interrupted';
    void run('scancel', [...jobIds]).catch(() => undefined);
  };
  ctx.signal?.addEventListener('abort', onInterrupt, { once: true });
  ctx.killSignal?.addEventListener('abort', onKill, { once: true });
  if (ctx.signal?.aborted) onInterrupt();
  const timeoutMs = plan.execution.timeout_h === null ? undefined : plan.execution.timeout_h * 3_600_000;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          void stopCleanly(
            'timed_out',
            `study timeout of ${plan.execution.timeout_h} h (execution.timeout_h) reached`,
          );
        }, timeoutMs);

  const finish = async (w: Watched, record: ResultRecord) => {
    watched.delete(w.run.position);
    executed++;
    await manifest.update(w.run.position, {
      status: record.status,
      ended_at: new Date(clock.wallMs()).toISOString(),
      error: record.error ? `${record.error.code}: ${record.error.message}` : null,
      pid: null,
    });
    const started = Date.parse(record.started_at);
    const ended = Date.parse(record.ended_at);
    emit(runEndEvent(w.ref, record, Number.isFinite(ended - started) ? (ended - started) / 1000 : 0));
    failures = record.status === 'failed' ? failures + 1 : 0;
    if (failures >= max && stop === undefined) {
      emit({ type: 'breaker', consecutiveFailures: failures, action: 'trip' });
      await stopCleanly(
        'breaker_tripped',
        `${failures} consecutive failed runs (execution.max_consecutive_failures = ${max}); queued tasks were cancelled`,
      );
    }
  };

  try {
    while (watched.size > 0) {
      const view = await queryTasks(run, jobIds).catch(() => undefined);
      for (const w of [...watched.values()]) {
        const record = await readRecordFile(join(studyDir, w.rel, 'result.json'));
        if (record && record.study_hash === plan.study_hash && record.cycle === w.run.cycle) {
          if (!w.started)
            emit({
              type: 'run_start',
              run: w.ref,
              attempt: manifest.entry(w.run.position)?.attempts ?? 1,
              dir: w.rel,
            });
          await finish(w, record);
          continue;
        }
        const t = view ? lookupTask(view, w.key) : undefined;
        if (view === undefined) continue;
        if (t && isActive(t.state)) {
          if (t.state !== 'PENDING' && !w.started) {
            w.started = true;
            await manifest.update(w.run.position, {
              status: 'running',
              started_at: new Date(clock.wallMs()).toISOString(),
            });
            emit({
              type: 'run_start',
              run: w.ref,
              attempt: manifest.entry(w.run.position)?.attempts ?? 1,
              dir: w.rel,
            });
          }
          continue;
        }
        // Ended (or forgotten by the queue) without a record: allow the file to appear first.
        if (--w.grace > 0) continue;
        const pair = join(studyDir, w.rel);
        const phase = await lastLoggedPhase(pair);
        const began = (await readTaskMarker(pair)) !== undefined;
        if (stop !== undefined && !began && (t === undefined || t.state === 'CANCELLED')) {
          // Cancelled by our own stop before it measured anything: it stays pending, for resume.
          watched.delete(w.run.position);
          await manifest.update(w.run.position, { status: 'pending', started_at: null });
          continue;
        }
        const e = byIndex.get(w.run.experiment)!;
        const job = jobFor(
          { studyDir, resultsDir: dirname(studyDir), cacheDir: '', inputText: '', env: {} },
          plan,
          e,
          w.run.cycle,
          w.rel,
          plan.execution.experiment_timeout_s,
        );
        const state = t?.state ?? 'UNKNOWN';
        const why = t ? reasonForState(state) : 'no_record';
        const message = t
          ? describeReason(why, state, t.node)
          : 'the scheduler no longer lists this task and it wrote no result (it ended before this llem watched it, longer ago than the controller keeps finished jobs); llem resume submits it again';
        const written = await writeRunnerRecord(job, {
          status: stop === 'interrupted' ? 'interrupted' : 'failed',
          reason: stop === 'interrupted' ? 'interrupted' : why,
          code: 'ERR_SLURM_TASK',
          message,
          phase: phase ?? 'queued',
          startedAt: new Date(clock.wallMs()).toISOString(),
        });
        await finish(w, written);
      }
      if (watched.size === 0) break;
      await clock.sleep(pollMs, wake.signal).catch(() => undefined);
      if (wake.signal.aborted) wake = new AbortController();
    }
  } finally {
    if (timer) clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onInterrupt);
    ctx.killSignal?.removeEventListener('abort', onKill);
  }
  return { stop, reason, executed };
}
