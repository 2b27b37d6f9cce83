import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { excludingChecks } from '../analysis/aggregate.js';
import { pairDir, STUDY_FILES } from '../store/layout.js';
import type { StudyCounts, StudyStatus } from '../study/events.js';
import { slurmRunner } from '../study/executors/slurm-commands.js';
import {
  type SlurmPairState,
  type SlurmStudyState,
  slurmStudyState,
} from '../study/executors/slurm-status.js';
import { pidAlive, requirePlanFile, scanRecords } from '../study/folder.js';
import { countEntries, readManifest } from '../study/manifest.js';
import type { ManifestEntry } from '../study/types.js';

/** One planned pair as `llem status` shows it. */
export interface PairStatus {
  position: number;
  experiment: number;
  slug: string;
  cycle: number;
  /** From the record when there is one; `running` only while its runner is alive. */
  status: ManifestEntry['status'];
  attempts: number;
  /** The pair's folder, relative to the study folder. */
  dir: string;
  error: { code: string; message: string; phase: string; reason?: string } | null;
  /** For an `ok` record: false when an error-severity validity check failed (left out of the aggregates); else null. */
  valid: boolean | null;
  /** `id: detail` of each failed error-severity check of an `ok` record. */
  invalid: string[];
  /** Slurm executor: the run's latest array task and its queue state; absent otherwise. */
  slurm?: SlurmPairState;
}

/** The state of a study folder, from its manifest and records. */
export interface StudyStatusReport {
  dir: string;
  name: string;
  study_hash: string;
  /** The manifest's status; `running` only while its runner process is alive. */
  status: StudyStatus | 'stopped' | 'not_started';
  /** Why it stopped, or that the runner disappeared. */
  reason: string | null;
  /** Runner process id while it runs. */
  pid: number | null;
  counts: StudyCounts;
  pairs: PairStatus[];
  /** Slurm executor: the study's array job ids, whether accounting (sacct) answered, or why the queue could not be read. */
  slurm?: { jobs: string[]; accounting: boolean; active: number; unavailable: string | null };
}

/** Options of `studyStatus`. */
export interface StudyStatusOptions {
  /** Environment for Slurm's commands (PATH, SLURM_CONF) [process.env]. */
  env?: Record<string, string | undefined>;
}

/** Reads a study folder's state: per-pair status from records (the truth) and the manifest (attempts, live runs). */
export async function studyStatus(
  dir: string,
  cwd = process.cwd(),
  options: StudyStatusOptions = {},
): Promise<StudyStatusReport> {
  const studyDir = resolve(cwd, dir);
  const plan = await requirePlanFile(studyDir);
  const manifest = await readManifest(join(studyDir, STUDY_FILES.manifest));
  // Slurm: the queue first, since it may write the failed record of a task that died silently.
  let queue: SlurmStudyState | undefined;
  let unavailable: string | null = null;
  if (plan.execution.executor === 'slurm') {
    const stoppedByLlem = ['interrupted', 'breaker_tripped', 'timed_out'].includes(manifest?.status ?? '');
    queue = await slurmStudyState(studyDir, plan, slurmRunner(options.env ?? process.env, 30_000), {
      stoppedByLlem,
    }).catch((e: unknown) => {
      unavailable = (e as Error).message;
      return undefined;
    });
  }
  const found = new Map(
    (await scanRecords(studyDir, plan)).map((f) => [`${f.experiment}:${f.cycle}`, f.record]),
  );
  const entries = new Map((manifest?.entries ?? []).map((e) => [e.position, e]));
  const live =
    manifest !== undefined &&
    manifest.status === 'running' &&
    manifest.host === hostname() &&
    pidAlive(manifest.pid);
  const experiments = new Map(plan.experiments.map((e) => [e.index, e]));
  const pairs = plan.runs.map((run): PairStatus => {
    const e = experiments.get(run.experiment)!;
    const record = found.get(`${run.experiment}:${run.cycle}`);
    const entry = entries.get(run.position);
    const task = queue?.pairs.get(run.position);
    const status: PairStatus['status'] = record
      ? record.status
      : (entry?.status === 'running' && live) || (task?.active && task.state !== 'PENDING')
        ? 'running'
        : 'pending';
    const err = record?.error as PairStatus['error'] | undefined;
    const excluded = record?.status === 'ok' ? excludingChecks(record) : [];
    return {
      position: run.position,
      experiment: run.experiment,
      slug: e.slug,
      cycle: run.cycle,
      status,
      attempts: entry?.attempts ?? (record ? 1 : 0),
      dir: pairDir(e, run.cycle),
      error: err
        ? {
            code: err.code,
            message: err.message,
            phase: err.phase,
            ...(err.reason ? { reason: err.reason } : {}),
          }
        : null,
      valid: record?.status === 'ok' ? excluded.length === 0 : null,
      invalid: excluded.map((c) => `${c.id}: ${c.detail}`),
      ...(task ? { slurm: task } : {}),
    };
  });
  const active = queue ? [...queue.pairs.values()].filter((p) => p.active).length : 0;
  // A Slurm study keeps running on the cluster after its submitter is gone.
  const stale = manifest?.status === 'running' && !live && active === 0;
  const detached =
    manifest?.status !== undefined && manifest.status !== 'running' && active > 0
      ? `${active} Slurm task(s) still queued or running; their records arrive as they finish`
      : manifest?.status === 'running' && !live && active > 0
        ? `the submitting llem (process ${manifest.pid} on ${manifest.host}) is gone; ${active} Slurm task(s) still queued or running write their records as they finish`
        : null;
  return {
    dir: studyDir,
    name: plan.name,
    study_hash: plan.study_hash,
    status:
      manifest === undefined ? 'not_started' : stale ? 'stopped' : active > 0 ? 'running' : manifest.status,
    reason: stale
      ? `its runner (process ${manifest!.pid} on ${manifest!.host}) is gone; \`llem resume\` continues it`
      : (detached ?? manifest?.reason ?? null),
    pid: live ? manifest!.pid : null,
    counts: countEntries(
      pairs.map((p) => ({ ...p, dir: p.dir, started_at: null, ended_at: null, error: null })),
    ),
    pairs,
    ...(plan.execution.executor === 'slurm'
      ? { slurm: { jobs: queue?.jobs ?? [], accounting: queue?.accounting ?? false, active, unavailable } }
      : {}),
  };
}
