import { readFileSync } from 'node:fs';

/** Reads a /proc file synchronously; injectable for tests. */
export type ProcReader = (path: string) => string;

const readProc: ProcReader = (path) => readFileSync(path, 'utf8');

/** The parent pid from `/proc/<pid>/stat` (the field after the parenthesised command name). */
function parentOf(pid: number, read: ProcReader): number | undefined {
  try {
    const stat = read(`/proc/${pid}/stat`);
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(rest[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` is this process or one of its descendants (an engine's Python worker or a server
 * llem launched): `ours`; another visible process: `other`; a pid /proc does not show (another
 * PID namespace, or it already exited): `unknown`.
 */
export function processRelation(
  pid: number,
  self: number,
  read: ProcReader = readProc,
): 'ours' | 'other' | 'unknown' {
  if (pid === self) return 'ours';
  let p: number | undefined = pid;
  for (let depth = 0; depth < 64 && p !== undefined && p > 1; depth++) {
    p = parentOf(p, read);
    if (p === undefined) return depth === 0 ? 'unknown' : 'other';
    if (p === self) return 'ours';
  }
  return 'other';
}

/** The command name of a pid (`/proc/<pid>/comm`), or undefined. */
function commandOf(pid: number, read: ProcReader): string | undefined {
  try {
    return read(`/proc/${pid}/comm`).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Describes the processes NVML listed that are not this process or its children, e.g.
 * `pid 4242 (python3) on gpu0, 512 MiB`; a pid /proc cannot see is kept (flagged), because
 * NVML in a container may report host pids.
 */
export function otherProcesses(
  listed: readonly { device: string; pid: number; usedBytes: number }[],
  self: number = process.pid,
  read: ProcReader = readProc,
): string[] {
  const out: string[] = [];
  for (const p of listed) {
    const relation = processRelation(p.pid, self, read);
    if (relation === 'ours') continue;
    const name = commandOf(p.pid, read);
    const what = relation === 'unknown' ? 'not visible in /proc: another PID namespace, or it exited' : name;
    const mib = p.usedBytes > 0 ? `, ${Math.round(p.usedBytes / 2 ** 20)} MiB` : '';
    out.push(`pid ${p.pid}${what ? ` (${what})` : ''} on ${p.device}${mib}`);
  }
  return out;
}
