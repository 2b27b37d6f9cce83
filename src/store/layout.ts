// Folder and file names of the results store (SPEC §7):
// <results>/<study-slug>-<study_hash[:8]>/runs/<index>-<slug>-<config_hash[:8]>/cycle-<n>/…
import { join } from 'node:path';

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

/** A run folder name, `<index padded to 4 digits>-<slug>-<first 8 hex digits of the config hash>`. */
export function runDirName(index: number, slug: string, configHash: string): string {
  return `${String(index).padStart(4, '0')}-${slugify(slug)}-${configHash.slice(0, 8)}`;
}

/** Paths of one (experiment, cycle): `dir`, and `result.json`, `timeseries.parquet`, `requests.parquet`, `run.log` inside it. */
export interface RunPaths {
  dir: string;
  result: string;
  timeseries: string;
  requests: string;
  log: string;
}

/** The files of cycle `cycle` of run `runDir` in study `studyDir` under `resultsDir`. */
export function runPaths(resultsDir: string, studyDir: string, runDir: string, cycle: number): RunPaths {
  const dir = join(resultsDir, studyDir, 'runs', runDir, `cycle-${cycle}`);
  return {
    dir,
    result: join(dir, 'result.json'),
    timeseries: join(dir, 'timeseries.parquet'),
    requests: join(dir, 'requests.parquet'),
    log: join(dir, 'run.log'),
  };
}
