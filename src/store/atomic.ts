// Crash-safe file writes (SPEC §7): a reader sees either the old file or the complete new one,
// never a torn write, even if the process or machine dies mid-way.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LlemError } from '../core/errors.js';

/** The temp file name of a write of `name` by process `pid`: `.<name>.<pid>.<hex>.tmp`. */
function tempName(name: string, pid: number): string {
  return `.${name}.${pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/** The writer's process id when `name` is a temp file name `writeFileAtomic` gives; undefined otherwise. */
export function tempWriterPid(name: string): number | undefined {
  const m = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * Writes `data` to `path` atomically: a uniquely named temp file in the same directory
 * (created if missing), write, fsync, rename over `path`, fsync the directory; the temp file is
 * removed on failure, which is thrown as `ERR_STORE_IO` with the path and cause.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  // Same directory, so the rename never crosses a filesystem; dot-prefixed, so listings skip it.
  const temp = join(dir, tempName(basename(path), process.pid));
  let created = false;
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, 'wx');
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    created = false;
    await syncDirectory(dir);
  } catch (cause) {
    if (created) await unlink(temp).catch(() => undefined);
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new LlemError(
      'ERR_STORE_IO',
      `Could not write ${path}: ${reason}. Check that the folder is writable and the disk is not full.`,
      {
        cause,
        details: { path, ...(isErrno(cause) ? { errno_code: cause.code } : {}) },
      },
    );
  }
}

/** Writes `value` as 2-space-indented JSON plus a trailing newline, atomically (see `writeFileAtomic`). */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Makes the rename durable; platforms that cannot fsync a directory (Windows) are skipped. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (e) {
    if (!isErrno(e) || !['EISDIR', 'EPERM', 'EINVAL', 'EACCES', 'ENOTSUP'].includes(e.code ?? '')) throw e;
  } finally {
    await handle?.close();
  }
}

function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}
