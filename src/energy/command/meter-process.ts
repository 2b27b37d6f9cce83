import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { LineSplitter } from './parse.js';

/** How long a meter gets to exit after SIGTERM before SIGKILL, ms. */
const KILL_GRACE_MS = 2000;
/** Lines of the meter's stderr kept for messages. */
const STDERR_LINES = 5;

/** Finds an executable: a path as given, else the first match on PATH; undefined when none. */
export async function findExecutable(
  cmd: string,
  path = process.env.PATH ?? '',
): Promise<string | undefined> {
  const candidates = cmd.includes('/')
    ? [cmd]
    : path
        .split(delimiter)
        .filter((d) => isAbsolute(d))
        .map((d) => join(d, cmd));
  for (const c of candidates) {
    try {
      await access(c, constants.X_OK);
      return c;
    } catch {
      // not here: try the next
    }
  }
  return undefined;
}

/** A running meter command. */
export interface MeterProcess {
  /** Set once the process has exited: code or signal, in words. */
  exited(): string | undefined;
  /** The last lines it wrote to stderr. */
  stderrTail(): string[];
  /** Resolves when it has exited. */
  readonly exit: Promise<string>;
  /** Stops it (SIGTERM to its process group, SIGKILL after a grace period); resolves when it has exited. */
  kill(): Promise<void>;
}

/**
 * Starts `argv` (no shell) in its own process group, so that stopping it also stops what it
 * started (an `ipmitool` loop in a script), and hands each stdout line to `onLine`.
 * `LLEM_SAMPLE_INTERVAL_MS` tells it how often to print.
 */
export function startMeter(
  argv: readonly string[],
  intervalMs: number,
  onLine: (line: string) => void,
): MeterProcess {
  const child: ChildProcess = spawn(argv[0]!, argv.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, LLEM_SAMPLE_INTERVAL_MS: String(intervalMs) },
  });
  const out = new LineSplitter();
  const err = new LineSplitter();
  const tail: string[] = [];
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    for (const line of out.push(chunk)) onLine(line);
  });
  child.stderr!.on('data', (chunk: string) => {
    for (const line of err.push(chunk)) if (line.trim() !== '') tail.push(line.trim());
    tail.splice(0, Math.max(0, tail.length - STDERR_LINES));
  });
  let how: string | undefined;
  const exit = new Promise<string>((resolve) => {
    child.on('error', (e) => {
      how = `could not start (${e.message})`;
      resolve(how);
    });
    child.on('exit', (code, signal) => {
      how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve(how);
    });
  });
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, sig);
    } catch {
      child.kill(sig);
    }
  };
  let killing: Promise<void> | undefined;
  return {
    exited: () => how,
    stderrTail: () => [...tail],
    exit,
    kill: () => {
      killing ??= (async () => {
        signalGroup('SIGTERM'); // also reaches what an exited meter left behind in its group
        if (how !== undefined) return;
        const timer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
        await exit;
        clearTimeout(timer);
      })();
      return killing;
    },
  };
}
