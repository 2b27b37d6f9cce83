import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { experimentHash } from '../config/identity.js';
import { type Clock, systemClock } from '../core/clock.js';
import { ConfigError, isLlemError, LlemError } from '../core/errors.js';
import { defaultCacheDir } from '../models/resolve.js';
import { writeFileAtomic } from '../store/atomic.js';
import { isStudyDirOf, RUNS_DIR, STUDY_FILES, studyDirName } from '../store/layout.js';
import { checkResultsDir } from '../store/preflight.js';
import { resultsRoot } from '../store/results-root.js';
import type { StudyEventSink } from '../study/events.js';
import { executeSlurmStudy } from '../study/executors/slurm.js';
import { probeSlurm, slurmRunner } from '../study/executors/slurm-commands.js';
import { type ExpandStudyOptions, expandStudy } from '../study/expand.js';
import {
  planFile,
  readPlanFile,
  requirePlanFile,
  type StudyPlanFile,
  scanRecords,
  studyFromFolder,
  writePlanFiles,
} from '../study/folder.js';
import { defaultLockDir } from '../study/gpu-lock.js';
import { readManifest } from '../study/manifest.js';
import { planRuns } from '../study/plan.js';
import { executeStudy, type StudySummary } from '../study/runner.js';
import type { ExpandedStudy, PlannedRun } from '../study/types.js';
import { llemCommand, studyExecutor, studyLockNames, temperatureReader } from './study-wiring.js';

export type { StudySummary } from '../study/runner.js';

/** Options shared by starting and resuming a study. */
export interface StudyRunOptions {
  /** Results root, relative to the working directory; default: `results_dir` (relative to the study file when written there), else `./results` (see `resultsRoot`). */
  resultsDir?: string;
  /** Cache for generated models and datasets; default `LLEM_CACHE_DIR` or `~/.cache/llem`. */
  cacheDir?: string;
  /** Environment of the runs [process.env]. */
  env?: Record<string, string | undefined>;
  /** Working directory for relative paths [process.cwd()]. */
  cwd?: string;
  /** Sets `experiment_gap_s` and `cycle_gap_s` to 0 for this invocation. */
  noGaps?: boolean;
  /** Re-run pairs whose record is `failed` [true]. */
  retryFailed?: boolean;
  /** Study progress events. */
  onEvent?: StudyEventSink;
  /** Stops cleanly: the running experiment ends `interrupted`, the manifest is written. */
  signal?: AbortSignal;
  /** Stops now: the running experiment's process group is killed. */
  killSignal?: AbortSignal;
  clock?: Clock;
  /** Device lock folder (default `defaultLockDir(env)`); null disables the locks. */
  lockDir?: string | null;
  /** Longest wait for a device lock another study holds, seconds [unlimited]; 0 = fail at once with `ERR_DEVICE_BUSY`. */
  lockWaitS?: number;
  /** The compiled child entry for `isolation: process` (default: the package's). */
  childEntry?: string;
  /** `executor: slurm`: how often the queue and records are read, ms [2000]. */
  slurmPollMs?: number;
}

/** Options of `startStudy`. */
export interface StartStudyOptions extends StudyRunOptions {
  /** Continue the study's folder if it exists (refused when its design differs). */
  resume?: boolean;
  /** Folder relative paths in the configs resolve against [the study file's folder, else cwd]. */
  baseDir?: string;
}

/** Options of `runStudy`. */
export interface RunStudyOptions extends StartStudyOptions {
  /** How the study file or object is loaded: CLI-style overrides, environment, execution defaults and overrides. */
  config?: ExpandStudyOptions;
}

/** True for an already expanded study (as `expandStudy` returns). */
function isExpanded(input: unknown): input is ExpandedStudy {
  const x = input as Partial<ExpandedStudy> | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.study_hash === 'string' &&
    Array.isArray(x.experiments) &&
    typeof x.execution === 'object'
  );
}

/**
 * Runs a study (SPEC §6): expands the file, object or expanded study, plans its (experiment,
 * cycle) pairs in `execution.order`, measures each (by default in a child process), and resolves
 * with the summary written to `summary.json`. The library default is one cycle. Config errors
 * throw `ConfigError`; failed runs are records, not exceptions; `signal` stops cleanly
 * (status `interrupted`, resumable with `resume: true` or `resumeStudy`).
 */
export async function runStudy(
  input: string | object | ExpandedStudy,
  options: RunStudyOptions = {},
): Promise<StudySummary> {
  const cwd = options.cwd ?? process.cwd();
  const study = isExpanded(input)
    ? input
    : await expandStudy(typeof input === 'string' ? resolve(cwd, input) : input, {
        cwd,
        ...(options.env ? { env: options.env } : {}),
        ...options.config,
      });
  return startStudy(study, planRuns(study), options);
}

/**
 * Runs an expanded study in the planned order: creates `<results>/<name>-<hash8>/` with
 * `study.yaml`, `plan.json`, `skipped.json` and `manifest.json`, runs every pair, and writes
 * `summary.json`. With `resume`, an existing folder of the same design continues where it
 * stopped; a different design throws `ERR_RESUME_MISMATCH` naming both hashes.
 */
export async function startStudy(
  study: ExpandedStudy,
  runs: readonly PlannedRun[],
  options: StartStudyOptions = {},
): Promise<StudySummary> {
  // No Slurm here: say so before a study folder is made.
  if (study.execution.executor === 'slurm')
    await probeSlurm(slurmRunner(options.env ?? process.env), options.env ?? process.env);
  for (const e of study.experiments) {
    if (experimentHash(e.config) !== e.config_hash) {
      throw new LlemError(
        'ERR_INTERNAL',
        `experiment ${e.index} (${e.slug}): config_hash does not match its config`,
      );
    }
  }
  const { baseDir, resultsDir, studyDir } = studyLocation(study, options);
  await checkResultsDir(resultsDir);
  let existing = await readPlanFile(studyDir);
  // A folder where no run ever started (a study stopped while it waited for a device lock, or
  // killed before its first run) holds nothing to resume: a plain re-run starts it afresh.
  if (existing && !options.resume && (await nothingStarted(studyDir, existing))) existing = undefined;
  if (existing && !options.resume) {
    const manifest = await readManifest(join(studyDir, STUDY_FILES.manifest));
    const done = manifest
      ? `${manifest.counts.ok}/${manifest.counts.planned} runs ok, status ${manifest.status}`
      : 'no manifest';
    throw new ConfigError(
      [
        {
          code: 'study_exists',
          path: [],
          file: studyDir,
          message: `this folder already holds this study (${done})`,
          suggestion: `add --resume to continue it, \`llem status ${studyDir}\` to inspect it, or -o <other folder> for a fresh study`,
        },
      ],
      'ERR_USAGE',
    );
  }
  if (existing) {
    if (existing.study_hash !== study.study_hash)
      throw mismatch(studyDir, existing.study_hash, study.study_hash);
    if (!samePlan(existing.runs, runs)) {
      const e = existing.execution;
      options.onEvent?.({
        type: 'warning',
        warning: {
          code: 'RESUME_STORED_PLAN',
          message: `resuming the stored plan (${existing.runs.length} runs: ${e.n_cycles} cycles, ${e.order}); a different cycle count, order or seed needs a new results folder (-o)`,
        },
      });
    }
  } else {
    if (options.resume) await refuseChangedDesign(resultsDir, study);
    await writeFileAtomic(join(studyDir, STUDY_FILES.input), study.input_text);
    await writePlanFiles(studyDir, planFile(study, runs, baseDir), study.skipped);
  }
  try {
    return await execute(studyDir, resultsDir, study.input_text, await requirePlanFile(studyDir), options);
  } catch (e) {
    // Stopped while waiting for a device lock, or not waiting: a folder this call made holds nothing; remove it.
    const nothingRun =
      isLlemError(e, 'ERR_DEVICE_BUSY') || (isLlemError(e, 'ERR_ABORTED') && e.details.nothing_run === true);
    if (!existing && nothingRun) await rm(studyDir, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}

/** True when no run of the study in `dir` ever started: no manifest entry was attempted and no run folder exists. */
async function nothingStarted(dir: string, plan: StudyPlanFile): Promise<boolean> {
  const manifest = await readManifest(join(dir, STUDY_FILES.manifest));
  if (manifest?.entries.some((e) => e.attempts > 0 || e.status !== 'pending')) return false;
  if ((await scanRecords(dir, plan)).length > 0) return false;
  const runs = await readdir(join(dir, RUNS_DIR)).catch(() => [] as string[]);
  return runs.length === 0;
}

/** Where a study's folder goes: the folder relative config paths resolve against, the results root, and the study folder. */
export function studyLocation(
  study: Pick<ExpandedStudy, 'file' | 'experiments' | 'name' | 'study_hash'>,
  options: Pick<StartStudyOptions, 'cwd' | 'baseDir' | 'resultsDir'> = {},
): { baseDir: string; resultsDir: string; studyDir: string } {
  const cwd = options.cwd ?? process.cwd();
  const baseDir = options.baseDir ?? (study.file ? dirname(study.file) : cwd);
  // results_dir written in the study file arrives absolute (resolved against the file by the loader).
  const resultsDir = resultsRoot({
    option: options.resultsDir,
    configValue: study.experiments[0]?.config.results_dir,
    fromFile: false,
    fileDir: baseDir,
    cwd,
  });
  return { baseDir, resultsDir, studyDir: join(resultsDir, studyDirName(study.name, study.study_hash)) };
}

/** Continues the study in `dir` from its frozen `plan.json`: exactly the pairs without an `ok` record run. */
export async function resumeStudy(dir: string, options: StudyRunOptions = {}): Promise<StudySummary> {
  const studyDir = resolve(options.cwd ?? process.cwd(), dir);
  const plan = await requirePlanFile(studyDir);
  await checkResultsDir(studyDir);
  const expected = studyDirName(plan.name, plan.study_hash);
  if (basename(studyDir) !== expected) {
    throw new ConfigError(
      [
        {
          code: 'study_renamed',
          path: [],
          file: studyDir,
          message: `the study folder was renamed; its runs are written to ${expected}`,
          suggestion: `rename it back to ${expected}`,
        },
      ],
      'ERR_USAGE',
    );
  }
  const manifest = await readManifest(join(studyDir, STUDY_FILES.manifest));
  if (manifest && manifest.study_hash !== plan.study_hash)
    throw mismatch(studyDir, manifest.study_hash, plan.study_hash);
  const study = await studyFromFolder(studyDir, plan);
  return execute(studyDir, dirname(studyDir), study.input_text, plan, options);
}

async function execute(
  studyDir: string,
  resultsDir: string,
  inputText: string,
  plan: StudyPlanFile,
  options: StudyRunOptions,
): Promise<StudySummary> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  if (plan.execution.executor === 'slurm') {
    return executeSlurmStudy({
      studyDir,
      env,
      clock,
      run: slurmRunner(env),
      llem: llemCommand(),
      ...(options.retryFailed === undefined ? {} : { retryFailed: options.retryFailed }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.killSignal ? { killSignal: options.killSignal } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.slurmPollMs === undefined ? {} : { pollMs: options.slurmPollMs }),
    });
  }
  const configs = plan.experiments.map((e) => e.config);
  const lockDir = options.lockDir === undefined ? defaultLockDir(env) : options.lockDir;
  const executor = studyExecutor(plan.execution.isolation, options.childEntry);
  try {
    return await executeStudy({
      studyDir,
      resultsDir,
      cacheDir: options.cacheDir ?? defaultCacheDir(env),
      inputText,
      env,
      executor,
      clock,
      locks: lockDir === null ? null : { dir: lockDir, names: await studyLockNames(configs) },
      ...(plan.execution.cooldown && configs[0] ? { temperature: temperatureReader(configs[0], clock) } : {}),
      ...(options.noGaps ? { gaps: { experiment_gap_s: 0, cycle_gap_s: 0 } } : {}),
      ...(options.lockWaitS === undefined ? {} : { lockWaitS: options.lockWaitS }),
      ...(options.retryFailed === undefined ? {} : { retryFailed: options.retryFailed }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.killSignal ? { killSignal: options.killSignal } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
  } finally {
    await executor.close();
  }
}

function samePlan(a: readonly PlannedRun[], b: readonly PlannedRun[]): boolean {
  return (
    a.length === b.length && a.every((r, i) => r.experiment === b[i]!.experiment && r.cycle === b[i]!.cycle)
  );
}

/** With `--resume`, a study folder of the same name but another design means the file changed. */
async function refuseChangedDesign(resultsDir: string, study: ExpandedStudy): Promise<void> {
  for (const name of await readdir(resultsDir).catch(() => [] as string[])) {
    if (!isStudyDirOf(name, study.name)) continue;
    const other = await readPlanFile(join(resultsDir, name));
    if (other && other.name === study.name && other.study_hash !== study.study_hash) {
      throw mismatch(join(resultsDir, name), other.study_hash, study.study_hash);
    }
  }
}

function mismatch(dir: string, stored: string, current: string): LlemError {
  return new LlemError(
    'ERR_RESUME_MISMATCH',
    `cannot resume ${dir}: the study design changed (study_hash ${stored.slice(0, 12)}… in the folder, ${current.slice(0, 12)}… now). ` +
      'Restore the study file to resume, or run it without --resume to start a new study folder',
    { details: { dir, stored_study_hash: stored, current_study_hash: current } },
  );
}
