// Finds every result file under a results folder, with the size and modification time the index
// compares to decide whether it is stale (README "Results store").
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { LlemError } from '../core/errors.js';
import type { ResultRecord } from '../core/records.js';
import type { RecordPlace } from './flatten.js';
import { RUN_FILES, STUDY_FILES, studyDirOf } from './layout.js';

/** The name of every record file the index covers. */
export const RESULT_FILE = RUN_FILES.result;

/** One result file found on disk. */
export interface FoundFile {
  /** Path relative to the results folder, `/`-separated. */
  path: string;
  /** Modification time, milliseconds since the epoch. */
  mtime_ms: number;
  size_bytes: number;
}

/**
 * Every `result.json` under `root`, sorted by path. Dot-prefixed folders are skipped (superseded
 * attempts live in `.superseded/`, temp files are dot-prefixed), and so are symlinks (no cycles).
 * An unreadable `root` is `ERR_STORE_IO`; an unreadable subfolder is skipped and named in `skipped`.
 */
export async function findResultFiles(root: string): Promise<{ files: FoundFile[]; skipped: string[] }> {
  const files: FoundFile[] = [];
  const skipped: string[] = [];
  const pending: string[] = [root];
  let first = true;
  // Breadth-first with a bounded number of directory reads in flight: fast on 10,000 files
  // without opening thousands of handles at once.
  while (pending.length > 0) {
    const batch = pending.splice(0, 64);
    const listed = await Promise.all(
      batch.map(async (dir) => {
        try {
          return { dir, entries: await readdir(dir, { withFileTypes: true }) };
        } catch (e) {
          if (first) {
            throw new LlemError(
              'ERR_STORE_IO',
              `cannot read the results folder ${root}: ${(e as Error).message}`,
              {
                cause: e,
                details: { path: root },
              },
            );
          }
          skipped.push(
            `${relative(root, dir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          );
          return { dir, entries: [] };
        }
      }),
    );
    first = false;
    const stats: Promise<void>[] = [];
    for (const { dir, entries } of listed) {
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) pending.push(path);
        else if (entry.isFile() && entry.name === RESULT_FILE)
          stats.push(
            stat(path).then(
              (s) => {
                files.push({ path: toPosix(relative(root, path)), mtime_ms: s.mtimeMs, size_bytes: s.size });
              },
              (e: NodeJS.ErrnoException) => {
                skipped.push(`${relative(root, path)}: ${e.code ?? e.message}`);
              },
            ),
          );
      }
    }
    await Promise.all(stats);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/**
 * The place of a result file: its cycle folder is the run; the study folder is the one holding
 * `runs/` (a file outside that layout is a study of one in its own folder).
 */
export function placeOf(path: string): Pick<RecordPlace, 'run_dir' | 'study_dir'> {
  const runDir = path.split('/').slice(0, -1).join('/');
  return { run_dir: runDir || '.', study_dir: studyDirOf(runDir) ?? (runDir || '.') };
}

/** Reads and parses one record; a file that is not a record is an error naming the file. */
export async function readResultFile(root: string, path: string): Promise<ResultRecord> {
  const file = join(root, path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new LlemError('ERR_STORE_IO', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LlemError('ERR_STORE_IO', `${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const r = data as Partial<ResultRecord> | null;
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof r.status !== 'string' ||
    typeof r.config_hash !== 'string'
  )
    throw new LlemError('ERR_STORE_IO', `${file} is not a llem result record (no status or config_hash)`);
  return r as ResultRecord;
}

/** What a study's `plan.json` says about its runs: its name, and each configuration's swept factors. */
export interface StudyInfo {
  name: string | null;
  /** config_hash → the dotted config paths swept. */
  swept: Map<string, string[]>;
}

/** A study's name and factors from its `plan.json`; empty when it has none or it does not parse. */
export async function studyInfoOf(root: string, studyDir: string): Promise<StudyInfo> {
  try {
    const plan = JSON.parse(await readFile(join(root, studyDir, STUDY_FILES.plan), 'utf8')) as {
      name?: unknown;
      experiments?: { config_hash?: unknown; factors?: unknown }[];
    };
    const swept = new Map<string, string[]>();
    for (const e of Array.isArray(plan.experiments) ? plan.experiments : [])
      if (typeof e.config_hash === 'string' && typeof e.factors === 'object' && e.factors !== null)
        swept.set(e.config_hash, Object.keys(e.factors));
    return { name: typeof plan.name === 'string' ? plan.name : null, swept };
  } catch {
    return { name: null, swept: new Map() };
  }
}
