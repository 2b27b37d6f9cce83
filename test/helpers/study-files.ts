import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BIN } from './cli.js';
import { readRecord } from './record-invariants.js';

/**
 * Every file under `dir`, relative, including dot-folders; none while `dir` does not exist yet
 * (a study killed before it created its folder, as happens on a slow machine).
 */
export function walk(dir: string): string[] {
  for (let attempt = 1; ; attempt++) {
    if (!existsSync(dir)) return [];
    try {
      return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(dir, join(e.parentPath, e.name)));
    } catch (e) {
      // A folder renamed while it was listed (a superseded attempt moving aside): list again.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw e;
    }
  }
}

/** A parsed pair record. */
type PairRecord = Record<string, unknown> & { status: string; cycle: number };

/** The pair records of a study folder (`runs/<run>/cycle-<n>/result.json`, superseded attempts excluded), each checked against the record invariants as it is read. */
export function pairRecords(studyDir: string): { path: string; record: PairRecord }[] {
  return walk(studyDir)
    .filter((p) => /^runs\/[^/]+\/cycle-\d+\/result\.json$/.test(p))
    .map((p) => ({ path: p, record: readRecord(join(studyDir, p)) as PairRecord }));
}

/** Asserts the folder holds no temp file and every JSON file parses; returns the problems found. */
export function corruption(studyDir: string): string[] {
  const problems: string[] = [];
  for (const p of walk(studyDir)) {
    if (/\.tmp$/.test(p)) problems.push(`temp file ${p}`);
    if (p.endsWith('.json')) {
      try {
        JSON.parse(readFileSync(join(studyDir, p), 'utf8'));
      } catch (e) {
        // Gone since the listing (renamed aside by a runner still finishing): nothing to parse.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`does not parse: ${p}`);
      }
    }
    if (p.includes('.superseded/') && p.endsWith('/result.json')) problems.push(`second record ${p}`);
  }
  return problems;
}

/** A running CLI process with its output and exit. */
export interface LiveCli {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  done(): boolean;
}

/** Starts the built CLI without waiting for it. */
export function startCli(args: string[], o: { cwd: string; env: Record<string, string> }): LiveCli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, env: o.env });
  let out = '';
  let err = '';
  let finished = false;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      finished = true;
      resolve({ code, signal });
    });
  });
  return { child, stderr: () => err, stdout: () => out, exited, done: () => finished };
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The child pid the manifest names for the running pair, if any. */
export function runningChildPid(studyDir: string): number | undefined {
  try {
    const m = JSON.parse(readFileSync(join(studyDir, 'manifest.json'), 'utf8')) as {
      entries: { status: string; pid: number | null }[];
    };
    return m.entries.find((e) => e.status === 'running' && e.pid !== null)?.pid ?? undefined;
  } catch {
    return undefined;
  }
}
