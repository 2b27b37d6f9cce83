// The study folder (SPEC §7): plan.json and skipped.json written once at the start, the records
// of planned pairs found on disk, and the care a re-run needs (move a partial cycle folder aside,
// clear temp files a killed writer left behind).
import { mkdir, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { findJsonSyntaxError } from '../config/json-syntax.js';
import { ConfigError, LlemError } from '../core/errors.js';
import type { ResultRecord } from '../core/records.js';
import type { LlemWarning } from '../core/warning.js';
import { tempWriterPid, writeJsonAtomic } from '../store/atomic.js';
import {
  experimentDir,
  pairDir,
  pairPaths,
  RUN_FILES,
  STUDY_FILES,
  SUPERSEDED_DIR,
  supersededName,
} from '../store/layout.js';
import { readRecordFile } from '../store/record-file.js';
import { llemVersion } from '../version.js';
import type { FoundRecord } from './resume.js';
import type { ExecutionConfig, ExpandedStudy, PlannedRun, SkippedPoint, StudyExperiment } from './types.js';

/** Version of the `plan.json` layout. */
export const PLAN_SCHEMA_VERSION = 1;

/** One experiment as frozen in `plan.json` (enough to run it again without the study file). */
export interface PlanExperiment extends StudyExperiment {
  /** Run folder relative to the study folder, `runs/<index>-<slug>-<config_hash[:8]>`. */
  dir: string;
}

/** The content of `plan.json`: the study design and run order, frozen at the first start. */
export interface StudyPlanFile {
  schema_version: number;
  name: string;
  study_hash: string;
  created_at: string;
  llem_version: string;
  /** The study file, when there was one. */
  file: string | null;
  /** Folder relative paths in the configs resolve against. */
  base_dir: string;
  execution: ExecutionConfig;
  experiments: PlanExperiment[];
  runs: PlannedRun[];
  warnings: LlemWarning[];
}

/** Builds the frozen plan for a study and its run order. */
export function planFile(study: ExpandedStudy, runs: readonly PlannedRun[], baseDir: string): StudyPlanFile {
  return {
    schema_version: PLAN_SCHEMA_VERSION,
    name: study.name,
    study_hash: study.study_hash,
    created_at: new Date().toISOString(),
    llem_version: llemVersion(),
    file: study.file ?? null,
    base_dir: baseDir,
    execution: study.execution,
    experiments: study.experiments.map((e) => ({ ...e, dir: experimentDir(e) })),
    runs: runs.map((r) => ({ position: r.position, experiment: r.experiment, cycle: r.cycle })),
    warnings: study.warnings,
  };
}

/** Writes `skipped.json`, then `plan.json` (atomic; `plan.json` last, so its presence means the folder is set up). */
export async function writePlanFiles(
  studyDir: string,
  plan: StudyPlanFile,
  skipped: readonly SkippedPoint[],
): Promise<void> {
  await writeJsonAtomic(join(studyDir, STUDY_FILES.skipped), { study_hash: plan.study_hash, skipped });
  await writeJsonAtomic(join(studyDir, STUDY_FILES.plan), plan);
}

/**
 * Reads `plan.json`; undefined only when the folder has none. A `plan.json` that cannot be read,
 * does not parse or lacks the plan's fields is an error (a `ConfigError` naming the file, line
 * and field), never "no study": treating it as absent would start the study over its records.
 */
export async function readPlanFile(studyDir: string): Promise<StudyPlanFile | undefined> {
  const path = join(studyDir, STUDY_FILES.plan);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new LlemError('ERR_STORE_IO', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  return parsePlanText(text, path);
}

/**
 * Reads `plan.json` of a folder that must be a study folder: a usage error (`not_a_study`) when it
 * has none, saying what to name instead.
 */
export async function requirePlanFile(studyDir: string, suggestion?: string): Promise<StudyPlanFile> {
  const plan = await readPlanFile(studyDir);
  if (plan !== undefined) return plan;
  throw new ConfigError(
    [
      {
        code: 'not_a_study',
        path: [],
        file: studyDir,
        message: `not a study folder (no ${STUDY_FILES.plan})`,
        suggestion: suggestion ?? 'name a folder under your results directory, e.g. results/<study>-<hash>',
      },
    ],
    'ERR_USAGE',
  );
}

const PLAN_FIX =
  'plan.json is written once when a study starts and never changes: restore it from a copy, or start the study afresh in another folder (-o <dir>); the run folders are untouched';

/** Parses the text of a `plan.json` at `path`, checking the fields a runner relies on. */
export function parsePlanText(text: string, path: string): StudyPlanFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const at = findJsonSyntaxError(text);
    const before = at === undefined ? '' : text.slice(0, at.offset);
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    throw new ConfigError([
      {
        code: 'plan_corrupt',
        path: [],
        file: path,
        ...(at === undefined ? {} : { line, column }),
        message: `the study plan does not parse: ${at?.message ?? (e as Error).message}`,
        suggestion: PLAN_FIX,
      },
    ]);
  }
  const plan = (typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {}) as Record<
    string,
    unknown
  >;
  const expected: [string, (v: unknown) => boolean, string][] = [
    ['schema_version', (v) => v === PLAN_SCHEMA_VERSION, `${PLAN_SCHEMA_VERSION}`],
    ['name', (v) => typeof v === 'string', 'a string'],
    ['study_hash', (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v), 'a SHA-256 hex string'],
    ['execution', (v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object'],
    ['experiments', (v) => Array.isArray(v) && v.length > 0, 'a non-empty list'],
    ['runs', (v) => Array.isArray(v), 'a list'],
  ];
  const issues = expected
    .filter(([key, ok]) => !ok(plan[key]))
    .map(([key, , what]) => ({
      code: 'plan_corrupt',
      path: [key],
      file: path,
      message: `the study plan's ${key} should be ${what}, found ${JSON.stringify(plan[key]) ?? 'nothing'}`,
      suggestion: PLAN_FIX,
    }));
  if (issues.length > 0) throw new ConfigError(issues);
  return plan as unknown as StudyPlanFile;
}

/** Rebuilds the expanded study from a study folder's frozen files. */
export async function studyFromFolder(studyDir: string, plan: StudyPlanFile): Promise<ExpandedStudy> {
  const inputText = await readFile(join(studyDir, STUDY_FILES.input), 'utf8').catch(() => '');
  const skipped = await readFile(join(studyDir, STUDY_FILES.skipped), 'utf8')
    .then((t) => (JSON.parse(t) as { skipped: SkippedPoint[] }).skipped)
    .catch(() => [] as SkippedPoint[]);
  return {
    name: plan.name,
    study_hash: plan.study_hash,
    experiments: plan.experiments.map(({ dir: _dir, ...e }) => e),
    skipped,
    execution: plan.execution,
    ...(plan.file ? { file: plan.file } : {}),
    input_text: inputText,
    warnings: plan.warnings,
  };
}

/** A record on disk for a planned pair, with the record itself. */
export interface PairRecord extends FoundRecord {
  record: ResultRecord;
}

/**
 * Reads `result.json` of every planned pair. A file that does not parse, or whose study hash,
 * config hash or cycle do not match the pair, counts as absent (the pair runs again).
 */
export async function scanRecords(
  studyDir: string,
  plan: Pick<StudyPlanFile, 'study_hash' | 'experiments' | 'runs'>,
): Promise<PairRecord[]> {
  const byIndex = new Map(plan.experiments.map((e) => [e.index, e]));
  const out: PairRecord[] = [];
  for (const run of plan.runs) {
    const e = byIndex.get(run.experiment);
    if (e === undefined) continue;
    const record = await readRecordFile(pairPaths(join(studyDir, pairDir(e, run.cycle))).result);
    if (record === undefined) continue;
    if (
      record.study_hash !== plan.study_hash ||
      record.config_hash !== e.config_hash ||
      record.cycle !== run.cycle
    )
      continue;
    out.push({ experiment: run.experiment, cycle: run.cycle, status: record.status, record });
  }
  return out;
}

/**
 * Clears the way for a new attempt of a pair: an existing cycle folder (a failed, interrupted or
 * half-written attempt) moves to `<run>/.superseded/cycle-<n>.attempt-<k>`, its temp files are
 * deleted and its record renamed `result.superseded.json`, so each pair keeps one `result.json`.
 */
export async function supersedePair(
  studyDir: string,
  relDir: string,
  attempt: number,
): Promise<string | undefined> {
  const dir = join(studyDir, relDir);
  if (!(await exists(dir))) return undefined;
  const parent = join(dir, '..', SUPERSEDED_DIR);
  await mkdir(parent, { recursive: true });
  const cycleDir = relDir.split(/[\\/]/).pop() ?? relDir;
  let target = join(parent, supersededName(cycleDir, attempt));
  for (let n = 2; await exists(target); n++) target = join(parent, supersededName(cycleDir, attempt, n));
  await rename(dir, target);
  for (const name of await readdir(target)) {
    if (tempWriterPid(name) !== undefined) await rm(join(target, name), { force: true });
  }
  await rename(join(target, RUN_FILES.result), join(target, RUN_FILES.supersededResult)).catch(
    () => undefined,
  );
  return target;
}

/**
 * Finishes what a runner killed mid-way through `supersedePair` left: in every experiment's
 * superseded attempts, temp files of dead writers are deleted and a `result.json` is renamed.
 */
export async function tidySuperseded(
  studyDir: string,
  plan: Pick<StudyPlanFile, 'experiments'>,
): Promise<void> {
  for (const e of plan.experiments) {
    const parent = join(studyDir, experimentDir(e), SUPERSEDED_DIR);
    for (const attempt of await readdir(parent).catch(() => [] as string[])) {
      const dir = join(parent, attempt);
      await removeStaleTemps(dir);
      await rename(join(dir, RUN_FILES.result), join(dir, RUN_FILES.supersededResult)).catch(() => undefined);
    }
  }
}

/** Deletes temp files in `dir` (not recursive) whose writer process is gone. */
export async function removeStaleTemps(dir: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = tempWriterPid(name);
    if (pid === undefined) continue;
    if (pid !== process.pid && !pidAlive(pid)) {
      await unlink(join(dir, name)).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}

/** True when a process with this pid exists (EPERM: it exists but belongs to another user). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
