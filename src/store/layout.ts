// Every folder and file name of a results folder (SPEC §7), in one place; the harness, the study
// runner, the readers and the CLI ask here where things go:
// <results>/<study-slug>-<study_hash[:8]>/runs/<index>-<slug>-<config_hash[:8]>/cycle-<n>/…
import { dirname, join } from 'node:path';

/** File names inside a cycle folder (one (experiment, cycle) pair). */
export const RUN_FILES = {
  result: 'result.json',
  timeseries: 'timeseries.parquet',
  requests: 'requests.parquet',
  log: 'run.log',
  /** A superseded attempt's record, renamed so each pair keeps one `result.json`. */
  supersededResult: 'result.superseded.json',
} as const;

/** File names at the top of a study folder. */
export const STUDY_FILES = {
  input: 'study.yaml',
  plan: 'plan.json',
  manifest: 'manifest.json',
  skipped: 'skipped.json',
  summary: 'summary.json',
  environment: 'environment.json',
  reportHtml: 'report.html',
  reportMarkdown: 'report.md',
} as const;

/**
 * Names of a Slurm study (executor: slurm): the submitter's folder `slurm/` at the top of the study
 * folder (submission files, batch scripts, task logs, baselines per node and device set), and the
 * start marker each task writes into its own cycle folder.
 */
export const SLURM_FILES = {
  dir: 'slurm',
  logs: 'logs',
  baselines: 'baselines',
  /** Written by a task when it starts, in its cycle folder: job, node, devices. */
  taskMarker: 'slurm-task.json',
  submission: (n: number) => `submission-${n}.json`,
  script: (n: number) => `submission-${n}.sh`,
  /** Matches a submission file name. */
  submissionPattern: /^submission-\d+\.json$/,
} as const;

/** File names at the top of a results folder. */
export const RESULTS_FILES = {
  /** The DuckDB index, derived from the JSON records. */
  index: 'llem.duckdb',
  /** Idle power measurements reused across experiments (baseline strategy `cached`/`validated`). */
  baselineCache: '.baseline-cache.json',
} as const;

/** The results folder when nothing names one, relative to the working directory. */
export const DEFAULT_RESULTS_DIR = 'results';

/** The folder of a study's run folders, relative to the study folder. */
export const RUNS_DIR = 'runs';

/** Where superseded attempts of a pair are kept, inside its run folder (dot-prefixed: listings skip it). */
export const SUPERSEDED_DIR = '.superseded';

/** A superseded attempt's folder name inside `SUPERSEDED_DIR`: `cycle-<n>.attempt-<k>[-<m>]`. */
export function supersededName(cycleDir: string, attempt: number, n?: number): string {
  return `${cycleDir}.attempt-${attempt}${n === undefined ? '' : `-${n}`}`;
}

/**
 * A filesystem-safe name: lower case, accents folded, runs of anything but `a-z0-9` as one
 * `-`, no leading or trailing `-`, at most `maxLen` characters; `unnamed` when nothing is left.
 */
export function slugify(text: string, maxLen = 40): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, Math.max(1, maxLen))
    .replace(/-+$/, '');
  return slug === '' ? 'unnamed'.slice(0, Math.max(1, maxLen)) : slug;
}

/** The study folder name, `<slug of name>-<first 8 hex digits of the study hash>`. */
export function studyDirName(name: string, studyHash: string): string {
  return `${slugify(name)}-${studyHash.slice(0, 8)}`;
}

/** True when `dirName` is a study folder name for a study called `name` (any hash). */
export function isStudyDirOf(dirName: string, name: string): boolean {
  const prefix = `${slugify(name)}-`;
  return dirName.startsWith(prefix) && /^[0-9a-f]{8}$/.test(dirName.slice(prefix.length));
}

/** A study's name from its folder name when there is no plan: `<slug>-<hash8>` → `<slug>`. */
export function studyNameFromDir(studyDir: string): string {
  const base = studyDir.split('/').pop() ?? studyDir;
  return base.replace(/-[0-9a-f]{8}$/, '');
}

/** A run folder name, `<index padded to 4 digits>-<slug>-<first 8 hex digits of the config hash>`. */
export function runDirName(index: number, slug: string, configHash: string): string {
  return `${String(index).padStart(4, '0')}-${slugify(slug)}-${configHash.slice(0, 8)}`;
}

/** A cycle folder name, `cycle-<n>`. */
export function cycleDirName(cycle: number): string {
  return `cycle-${cycle}`;
}

/** The cycle number of a cycle folder name, undefined for any other name. */
export function parseCycleDirName(name: string): number | undefined {
  const m = /^cycle-(\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** What names an experiment's run folder. */
export type RunFolderKey = { index: number; slug: string; config_hash: string };

/** The run folder of an experiment, relative to the study folder: `runs/<index>-<slug>-<hash8>`. */
export function experimentDir(e: RunFolderKey): string {
  return join(RUNS_DIR, runDirName(e.index, e.slug, e.config_hash));
}

/** The cycle folder of a pair, relative to the study folder. */
export function pairDir(e: RunFolderKey, cycle: number): string {
  return join(experimentDir(e), cycleDirName(cycle));
}

/** The experiment index a cycle folder path starts its run folder with (`…/runs/0003-…/cycle-1` → 3). */
export function experimentIndexOf(cycleDir: string): number | null {
  const m = /(?:^|\/)runs\/(\d+)-[^/]*\/cycle-\d+$/.exec(cycleDir);
  return m ? Number(m[1]) : null;
}

/**
 * The study folder of a cycle folder path (`a/s/runs/r/cycle-1` → `a/s`): the folder holding
 * `runs/`; `.` when the path starts at `runs/`; undefined when the path is outside that layout.
 */
export function studyDirOf(cycleDir: string): string | undefined {
  const parts = cycleDir.split('/');
  const at = parts.lastIndexOf(RUNS_DIR);
  if (at < 0) return undefined;
  return at === 0 ? '.' : parts.slice(0, at).join('/');
}

/**
 * The results folder a `result.json` belongs to: the folder above its study folder (the one
 * holding `runs/`); for a file outside that layout, the folder two levels up.
 */
export function resultsRootOf(resultFile: string): string {
  const parts = resultFile.split('/');
  const at = parts.lastIndexOf(RUNS_DIR);
  return at > 1 ? parts.slice(0, at - 1).join('/') || '/' : dirname(dirname(resultFile));
}

/** Paths of one (experiment, cycle): `dir`, and `result.json`, `timeseries.parquet`, `requests.parquet`, `run.log` inside it. */
export interface RunPaths {
  dir: string;
  result: string;
  timeseries: string;
  requests: string;
  log: string;
}

/** The files of a cycle folder. */
export function pairPaths(dir: string): RunPaths {
  return {
    dir,
    result: join(dir, RUN_FILES.result),
    timeseries: join(dir, RUN_FILES.timeseries),
    requests: join(dir, RUN_FILES.requests),
    log: join(dir, RUN_FILES.log),
  };
}

/** The files of cycle `cycle` of run `runDir` in study `studyDir` under `resultsDir`. */
export function runPaths(resultsDir: string, studyDir: string, runDir: string, cycle: number): RunPaths {
  return pairPaths(join(resultsDir, studyDir, RUNS_DIR, runDir, cycleDirName(cycle)));
}
