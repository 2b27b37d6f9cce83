// One lock file per measured device, so two studies (in any processes of this machine) never
// measure the same GPU, or on a machine without GPUs the same CPU, at once. A lock holds the
// owner's pid and a random token; a lock whose pid is dead (a runner killed with SIGKILL) is stale
// and taken over.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { LlemError } from '../core/errors.js';
import { pidAlive } from './folder.js';

/** What a lock file holds. */
export interface LockContent {
  pid: number;
  /** The holder's host name (absent in locks written by older versions). */
  host?: string;
  token: string;
  study: string;
  started_at: string;
}

/** What a runner waiting for a lock knows: which lock, who holds it since when, how long it has waited. */
export interface LockWait {
  lock: string;
  holder: LockContent;
  /** Seconds this caller has waited for this lock so far (0 on the first call). */
  waitedS: number;
}

/** Options of `acquireDeviceLocks`. */
export interface LockOptions {
  /** Folder of the lock files (see `defaultLockDir`). */
  dir: string;
  /** Study folder, written into the lock for whoever waits on it. */
  study: string;
  clock: Clock;
  signal?: AbortSignal;
  /** Polling interval while another live process holds a lock, ms [1000]. */
  pollMs?: number;
  /** Called when the runner starts waiting for a lock (or its holder changes), then after every poll. */
  onWait?: (wait: LockWait) => void;
  /**
   * Longest wait for a lock held by another live process, seconds [unlimited]; 0 = do not wait.
   * Past it the call rejects with `ERR_DEVICE_BUSY` naming the holder.
   */
  maxWaitS?: number;
}

/** Held locks; `release` removes the files that are still ours. */
export interface HeldLocks {
  names: string[];
  release(): Promise<void>;
}

/** `$LLEM_LOCK_DIR`, else `$XDG_RUNTIME_DIR/llem-locks`, else `/tmp/llem-locks`. */
export function defaultLockDir(env: Record<string, string | undefined>): string {
  if (env.LLEM_LOCK_DIR) return env.LLEM_LOCK_DIR;
  return env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'llem-locks') : '/tmp/llem-locks';
}

/** Lock names for measured devices: `gpu-<n>` per GPU; `cpu` when no GPU is measured. */
export function lockNames(devices: readonly { id: string; scope: string }[]): string[] {
  const gpus = devices
    .filter((d) => d.scope === 'gpu')
    .map((d) => `gpu-${/(\d+)$/.exec(d.id)?.[1] ?? d.id.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
  return gpus.length > 0 ? [...new Set(gpus)].sort() : ['cpu'];
}

/**
 * Takes every named lock, in sorted order (so two runners never deadlock), waiting while a live
 * process holds one; rejects with the signal's reason on abort, releasing what it took.
 */
export async function acquireDeviceLocks(names: readonly string[], o: LockOptions): Promise<HeldLocks> {
  await mkdir(o.dir, { recursive: true });
  const token = randomBytes(8).toString('hex');
  const held: string[] = [];
  const release = async () => {
    for (const name of held.splice(0)) await releaseOne(join(o.dir, `${name}.lock`), token);
  };
  try {
    for (const name of [...new Set(names)].sort()) {
      await acquireOne(join(o.dir, `${name}.lock`), name, token, o);
      held.push(name);
    }
  } catch (e) {
    await release();
    throw e;
  }
  return { names: [...held], release };
}

async function acquireOne(path: string, name: string, token: string, o: LockOptions): Promise<void> {
  const content: LockContent = {
    pid: process.pid,
    host: hostname(),
    token,
    study: o.study,
    started_at: new Date().toISOString(),
  };
  let waitedFor: string | undefined;
  let since = 0;
  for (;;) {
    o.signal?.throwIfAborted();
    if (await tryCreate(path, content)) return;
    const holder = await readLock(path);
    if (holder === 'gone') continue;
    if (holder === 'writing') {
      await o.clock.sleep(50, o.signal);
      continue;
    }
    if (holder === 'unreadable' || !pidAlive(holder.pid)) {
      await takeOver(path, holder === 'unreadable' ? undefined : holder);
      continue;
    }
    if (waitedFor !== holder.token) {
      if (waitedFor === undefined) since = o.clock.nowMs();
      waitedFor = holder.token;
    }
    const waitedS = (o.clock.nowMs() - since) / 1000;
    o.onWait?.({ lock: name, holder, waitedS });
    if (o.maxWaitS !== undefined && waitedS >= o.maxWaitS) throw deviceBusy(name, holder, waitedS, o);
    const pollMs = o.pollMs ?? 1000;
    const left = o.maxWaitS === undefined ? pollMs : Math.max(1, (o.maxWaitS - waitedS) * 1000);
    await o.clock.sleep(Math.min(pollMs, left), o.signal);
  }
}

/** Who holds a lock, in words: `process 42 on host-a (study /r/x-1234abcd), since 2026-… (35 s ago)`. */
export function describeHolder(h: LockContent, nowMs: number = Date.now()): string {
  const started = Date.parse(h.started_at);
  const since = Number.isFinite(started)
    ? `, since ${h.started_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')} (${ago((nowMs - started) / 1000)})`
    : '';
  return `process ${h.pid}${h.host ? ` on ${h.host}` : ''} (study ${h.study})${since}`;
}

/** `35 s ago`, `12 min ago`, `3 h 5 min ago`. */
function ago(s: number): string {
  const t = Math.max(0, Math.round(s));
  if (t < 90) return `${t} s ago`;
  if (t < 5400) return `${Math.round(t / 60)} min ago`;
  return `${Math.floor(t / 3600)} h ${Math.round((t % 3600) / 60)} min ago`;
}

function deviceBusy(lock: string, holder: LockContent, waitedS: number, o: LockOptions): LlemError {
  const waited = o.maxWaitS === 0 ? 'not waiting (--no-wait)' : `gave up after ${Math.round(waitedS)} s`;
  return new LlemError(
    'ERR_DEVICE_BUSY',
    `device lock ${lock} is held by ${describeHolder(holder)}; ${waited}. Wait for that study, or run again with --wait-lock <seconds> (or without --no-wait) to queue behind it`,
    { details: { lock, holder: { ...holder, token: undefined }, waited_s: waitedS, lock_dir: o.dir } },
  );
}

async function tryCreate(path: string, content: LockContent): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await handle.writeFile(`${JSON.stringify(content)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/** The lock's content; an unparsable file is `writing` for 5 s (its writer may be mid-write), then `unreadable`. */
async function readLock(path: string): Promise<LockContent | 'gone' | 'unreadable' | 'writing'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return 'gone';
  }
  try {
    const c = JSON.parse(text) as LockContent;
    if (Number.isInteger(c.pid)) return c;
  } catch {
    // fall through
  }
  const age = await stat(path).then(
    (s) => Date.now() - s.mtimeMs,
    () => 0,
  );
  return age > 5000 ? 'unreadable' : 'writing';
}

/** Moves a stale lock aside; if a live owner replaced it meanwhile, puts that one back. */
async function takeOver(path: string, stale: LockContent | undefined): Promise<void> {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = await readLock(aside);
  const replaced = typeof moved === 'object' && stale !== undefined && moved.token !== stale.token;
  // A live owner replaced it meanwhile: put it back, unless yet another lock appeared (link never overwrites).
  if (replaced && typeof moved === 'object' && pidAlive(moved.pid))
    await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

async function releaseOne(path: string, token: string): Promise<void> {
  const c = await readLock(path);
  if (typeof c === 'object' && c.token === token) await unlink(path).catch(() => undefined);
}
