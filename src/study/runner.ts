// The study runner (SPEC §6): plan → manifest → each missing (experiment, cycle) pair in plan
// order, with gaps, cool-down, breaker, study timeout and device locks → summary.json.
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { ConfigError, LlemError } from '../core/errors.js';
import { pairDir, STUDY_FILES } from '../store/layout.js';
import { CircuitBreaker } from './breaker.js';
import {
  type RunRef,
  runEndEvent,
  type StudyEvent,
  type StudyEventSink,
  type StudyStatus,
} from './events.js';
import type { Executor, RunJob } from './executors/executor.js';
import {
  readPlanFile,
  removeStaleTemps,
  type StudyPlanFile,
  scanRecords,
  supersedePair,
  tidySuperseded,
} from './folder.js';
import { cooldownFor, type GapOptions, gapBefore, type TemperatureReader, waitGap } from './gaps.js';
import { acquireDeviceLocks, type HeldLocks } from './gpu-lock.js';
import { ManifestWriter, readManifest } from './manifest.js';
import { reconcileEntries, runsToResume } from './resume.js';
import { type StudySummary, writeSummary } from './summary.js';
import type { PlannedRun } from './types.js';

export type { StudySummary } from './summary.js';

/** Everything one invocation of the runner needs. */
export interface StudyRunContext {
  /** The study folder; `plan.json` must already be there (see `writePlanFiles`). */
  studyDir: string;
  resultsDir: string;
  cacheDir: string;
  /** `study.yaml` text, copied into every run's study files. */
  inputText: string;
  env: Record<string, string | undefined>;
  executor: Executor;
  clock: Clock;
  /** First interrupt: the running experiment stops cleanly, nothing new starts. */
  signal?: AbortSignal;
  /** Second interrupt: the running experiment is killed. */
  killSignal?: AbortSignal;
  onEvent?: StudyEventSink;
  /** Re-run pairs whose record is `failed` [true]. */
  retryFailed?: boolean;
  /** Device locks to hold while running; null for none. */
  locks: { names: string[]; dir: string } | null;
  /** Longest wait for a device lock another study holds, seconds [unlimited]; 0 = fail at once (`ERR_DEVICE_BUSY`). */
  lockWaitS?: number;
  /** Reads the measured devices' temperature, for `execution.cooldown`. */
  temperature?: TemperatureReader;
  /** Overrides `execution.experiment_gap_s` / `cycle_gap_s` for this invocation (e.g. `--no-gaps`). */
  gaps?: { experiment_gap_s: number; cycle_gap_s: number };
}

/** One runner per study folder: a second one fails fast (`study_busy`) instead of waiting. */
export function holdStudyFolder(studyDir: string, clock: Clock): Promise<HeldLocks> {
  return acquireDeviceLocks(['.runner'], {
    dir: studyDir,
    study: studyDir,
    clock,
    onWait: ({ holder: { pid } }) => {
      throw new ConfigError(
        [
          {
            code: 'study_busy',
            path: [],
            file: studyDir,
            message: `this study is already being run by process ${pid}`,
            suggestion: 'wait for it, or stop it first (llem status shows its progress)',
          },
        ],
        'ERR_USAGE',
      );
    },
  });
}

/** Runs the missing pairs of the study in `ctx.studyDir` and writes `summary.json`. */
export async function executeStudy(ctx: StudyRunContext): Promise<StudySummary> {
  const t0 = ctx.clock.nowMs();
  const emit = (e: StudyEvent) => ctx.onEvent?.(e);
  const plan = await readPlanFile(ctx.studyDir);
  if (plan === undefined) throw new Error(`${ctx.studyDir} has no ${STUDY_FILES.plan}`);

  const own = await holdStudyFolder(ctx.studyDir, ctx.clock);

  // Stop = the caller's interrupt or the study's wall-clock timeout; both end the current run cleanly.
  const stop = new AbortController();
  let stopCause: 'interrupt' | 'timeout' | undefined;
  const onInterrupt = () => {
    stopCause ??= 'interrupt';
    stop.abort(ctx.signal?.reason ?? ctx.killSignal?.reason);
  };
  ctx.signal?.addEventListener('abort', onInterrupt, { once: true });
  ctx.killSignal?.addEventListener('abort', onInterrupt, { once: true });
  if (ctx.signal?.aborted || ctx.killSignal?.aborted) onInterrupt();
  const timeoutMs = plan.execution.timeout_h === null ? undefined : plan.execution.timeout_h * 3_600_000;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          stopCause ??= 'timeout';
          stop.abort(new Error(`study timeout of ${plan.execution.timeout_h} h reached`));
        }, timeoutMs);

  let locks: HeldLocks | undefined;
  try {
    await removeStaleTemps(ctx.studyDir);
    await tidySuperseded(ctx.studyDir, plan);
    if (ctx.locks) {
      locks = await acquireDeviceLocks(ctx.locks.names, {
        dir: ctx.locks.dir,
        study: ctx.studyDir,
        clock: ctx.clock,
        signal: stop.signal,
        onWait: ({ lock, holder, waitedS }) =>
          emit({
            type: 'lock_wait',
            lock,
            holderPid: holder.pid,
            holder: {
              pid: holder.pid,
              host: holder.host ?? null,
              study: holder.study,
              since: holder.started_at,
            },
            waitedS,
          }),
        ...(ctx.lockWaitS === undefined ? {} : { maxWaitS: ctx.lockWaitS }),
      }).catch((e: unknown) => {
        if (stop.signal.aborted && stopCause === 'timeout') return undefined;
        // Stopped before anything ran: no manifest, nothing to resume (the caller may remove the folder).
        if (stop.signal.aborted)
          throw new LlemError(
            'ERR_ABORTED',
            `${String((stop.signal.reason as Error | undefined)?.message ?? 'interrupted')} while waiting for a device lock; nothing was run`,
            { cause: e, details: { study_dir: ctx.studyDir, nothing_run: true } },
          );
        throw e;
      });
      if (locks) emit({ type: 'lock_acquired', locks: locks.names });
    }
    return await runPlan(ctx, plan, stop.signal, () => stopCause, emit, t0);
  } finally {
    if (timer) clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onInterrupt);
    ctx.killSignal?.removeEventListener('abort', onInterrupt);
    await locks?.release();
    await own.release();
  }
}

async function runPlan(
  ctx: StudyRunContext,
  plan: StudyPlanFile,
  stop: AbortSignal,
  stopCause: () => 'interrupt' | 'timeout' | undefined,
  emit: (e: StudyEvent) => void,
  t0: number,
): Promise<StudySummary> {
  const previous = await readManifest(join(ctx.studyDir, STUDY_FILES.manifest));
  const found = await scanRecords(ctx.studyDir, plan);
  const manifest = new ManifestWriter(
    join(ctx.studyDir, STUDY_FILES.manifest),
    { name: plan.name, study_hash: plan.study_hash },
    reconcileEntries(plan.runs, previous?.entries, found),
    previous,
  );
  await manifest.write();
  const todo = runsToResume(plan.runs, found, { retryFailed: ctx.retryFailed ?? true });
  const resumed = previous !== undefined;
  emit({
    type: 'study_start',
    dir: ctx.studyDir,
    name: plan.name,
    studyHash: plan.study_hash,
    planned: plan.runs.length,
    done: plan.runs.length - todo.length,
    todo: todo.length,
    resumed,
  });

  const execution = { ...plan.execution, ...(ctx.gaps ?? {}) };
  const experiments = new Map(plan.experiments.map((e) => [e.index, e]));
  const breaker = new CircuitBreaker(execution.max_consecutive_failures);
  const cooldown = await cooldownFor(execution.cooldown, ctx.temperature, emit);
  let waits = 0;
  let executed = 0;
  let tripped = false;
  let prev: PlannedRun | undefined;

  const jobOf = (run: PlannedRun) => {
    const e = experiments.get(run.experiment);
    if (e === undefined)
      throw new Error(`plan.json names experiment ${run.experiment}, which it does not define`);
    return { e, rel: pairDir(e, run.cycle) };
  };
  // Once a run's measurement window is over, the next run's process may start (`prepare`): its
  // start-up then overlaps the finished run's record writing, never a measurement.
  const prepareAfter = (i: number) => {
    const next = todo[i + 1];
    if (next === undefined || stop.aborted || ctx.executor.prepare === undefined) return;
    const { e, rel } = jobOf(next);
    ctx.executor.prepare(jobFor(ctx, plan, e, next.cycle, rel, execution.experiment_timeout_s));
  };

  for (const [i, run] of todo.entries()) {
    if (stop.aborted) break;
    const { e } = jobOf(run);
    const ref: RunRef = {
      position: run.position,
      experiment: run.experiment,
      cycle: run.cycle,
      slug: e.slug,
      ordinal: i + 1,
      of: todo.length,
    };
    const rel = pairDir(e, run.cycle);
    const job = jobFor(ctx, plan, e, run.cycle, rel, execution.experiment_timeout_s);
    const gap = breaker.probing
      ? { kind: 'breaker_cooldown' as const, seconds: execution.cycle_gap_s }
      : gapBefore(prev, run, execution);
    if (gap && gap.seconds > 0) {
      // The next run's process starts while we wait, not after.
      ctx.executor.prepare?.(job);
      emit({
        type: 'wait',
        kind: gap.kind,
        seconds: gap.seconds,
        cooldown: cooldown ? 'waiting' : execution.cooldown ? 'skipped' : 'none',
      });
      const o: GapOptions = {
        seconds: gap.seconds,
        clock: ctx.clock,
        signal: stop,
        ...(cooldown ? { cooldown } : {}),
      };
      const waited = await waitGap(o);
      waits += waited.waitedS;
      emit({ type: 'wait_end', kind: gap.kind, waitedS: waited.waitedS, endedBy: waited.endedBy });
      if (stop.aborted) break;
    }

    const attempts = manifest.entry(run.position)?.attempts ?? 0;
    await supersedePair(ctx.studyDir, rel, attempts);
    await manifest.update(run.position, {
      status: 'running',
      dir: rel,
      attempts: attempts + 1,
      started_at: new Date(ctx.clock.wallMs()).toISOString(),
      ended_at: null,
      error: null,
      pid: null,
    });
    emit({ type: 'run_start', run: ref, attempt: attempts + 1, dir: rel });
    const r0 = ctx.clock.nowMs();
    const record = await ctx.executor.run(job, {
      signal: stop,
      ...(ctx.killSignal ? { killSignal: ctx.killSignal } : {}),
      onEvent: (event) => {
        emit({ type: 'experiment', run: ref, event });
        if (event.type === 'phase' && event.phase === 'record') prepareAfter(i);
      },
      onPid: (pid) => void manifest.update(run.position, { pid }).catch(() => undefined),
    });
    executed++;
    prev = run;
    await manifest.update(run.position, {
      status: record.status,
      ended_at: new Date(ctx.clock.wallMs()).toISOString(),
      error: record.error ? `${record.error.code}: ${record.error.message}` : null,
      pid: null,
    });
    emit(runEndEvent(ref, record, (ctx.clock.nowMs() - r0) / 1000));
    if (record.status === 'interrupted' && stop.aborted) break;
    const action = breaker.record(record.status);
    if (action !== 'continue')
      emit({ type: 'breaker', consecutiveFailures: breaker.consecutiveFailures, action });
    if (action === 'trip') {
      tripped = true;
      break;
    }
  }

  const counts = manifest.counts();
  const cause = stopCause();
  const status: StudyStatus = tripped
    ? 'breaker_tripped'
    : cause === 'timeout'
      ? 'timed_out'
      : cause === 'interrupt'
        ? 'interrupted'
        : counts.ok === counts.planned
          ? 'completed'
          : 'completed_with_failures';
  const reason = tripped
    ? `${breaker.consecutiveFailures} consecutive failed runs (execution.max_consecutive_failures = ${execution.max_consecutive_failures}), and the probe run after a cool-down failed too`
    : cause === 'timeout'
      ? `study timeout of ${execution.timeout_h} h (execution.timeout_h) reached`
      : cause === 'interrupt'
        ? String((stop.reason as Error | undefined)?.message ?? 'interrupted')
        : null;
  await manifest.setStatus(status, reason);
  const summary = await writeSummary(ctx, plan, status, reason, counts, {
    wall_s: (ctx.clock.nowMs() - t0) / 1000,
    waits_s: waits,
    runs_executed: executed,
    resumed,
  });
  emit({ type: 'study_end', status, reason, counts });
  return summary;
}

/** The job of one planned pair: what an executor needs to measure it (also used by Slurm tasks). */
export function jobFor(
  ctx: Pick<StudyRunContext, 'studyDir' | 'resultsDir' | 'cacheDir' | 'inputText' | 'env'>,
  plan: StudyPlanFile,
  e: StudyPlanFile['experiments'][number],
  cycle: number,
  rel: string,
  timeoutS: number,
): RunJob {
  return {
    config: e.config,
    measure: {
      resultsDir: ctx.resultsDir,
      cacheDir: ctx.cacheDir,
      baseDir: plan.base_dir,
      inputText: ctx.inputText,
      warnings: e.warnings,
      studyName: plan.name,
      studyHash: plan.study_hash,
      runIndex: e.index,
      runSlug: e.slug,
      cycle,
    },
    pairDir: join(ctx.studyDir, rel),
    configHash: e.config_hash,
    timeoutS,
    env: ctx.env,
  };
}
