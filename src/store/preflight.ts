// Results-folder preflight: before anything is measured, the folder results will go to must exist
// or be creatable, be writable, and live on a regular filesystem. Without this check a read-only
// folder failed mid-run with a raw errno and a stack, and a folder under /proc spun forever
// (the kernel answers mkdir there with errors a retry never fixes).
import { randomBytes } from 'node:crypto';
import { mkdir, realpath, rmdir, stat, statfs } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { LlemError } from '../core/errors.js';

/**
 * Linux `statfs` magic numbers of pseudo filesystems (linux/magic.h): kernel views, not storage.
 * tmpfs is storage (and /tmp on many machines), so it is allowed; /dev's devtmpfs shares its
 * magic number and is refused by path instead.
 */
const PSEUDO_FS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
  [0x42494e4d, 'binfmt_misc'],
  [0x19800202, 'mqueue'],
  [0x65735543, 'fusectl'],
  [0x50495045, 'pipefs'],
  [0x534f434b, 'sockfs'],
  [0x6e736673, 'nsfs'],
]);

/** Top-level folders that hold kernel views or device nodes, never results. */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

/** What `checkResultsDir` found: the folder, and the existing folder the check was made in. */
export interface ResultsDirCheck {
  /** The results folder, absolute. */
  dir: string;
  /** True when the folder exists already (otherwise it will be created under `checkedIn`). */
  exists: boolean;
  /** The folder (the results folder or its nearest existing parent) that was tested for writes. */
  checkedIn: string;
}

function storeError(dir: string, reason: string, fix: string, cause?: unknown): LlemError {
  return new LlemError('ERR_STORE_IO', `results folder ${dir}: ${reason}; ${fix}`, {
    ...(cause === undefined ? {} : { cause }),
    details: {
      path: dir,
      ...(cause && typeof cause === 'object' && 'code' in cause ? { errno_code: String(cause.code) } : {}),
    },
  });
}

const FIX = 'choose another with -o/--output or results_dir';

/** The pseudo filesystem `path` lies on (by path, then by `statfs` type), or undefined. */
async function pseudoFilesystem(path: string): Promise<string | undefined> {
  for (const root of PSEUDO_ROOTS) if (path === root || path.startsWith(`${root}${sep}`)) return root;
  const fs = await statfs(path).catch(() => undefined);
  return fs === undefined ? undefined : PSEUDO_FS.get(Number(fs.type));
}

/**
 * Checks that results can be written to `dir` (made absolute against `cwd`), without writing
 * anything that stays: the nearest existing folder on its path must be a folder on a regular
 * filesystem (not /proc, /sys, /dev or another pseudo filesystem), and a probe entry must be
 * creatable in it and removable again. Throws `ERR_STORE_IO` with a one-line reason and a fix.
 */
export async function checkResultsDir(dir: string, cwd = process.cwd()): Promise<ResultsDirCheck> {
  const target = resolve(cwd, dir);
  let at = target;
  for (;;) {
    const s = await stat(at).catch((e: NodeJS.ErrnoException) => e);
    if (!(s instanceof Error)) {
      if (!s.isDirectory()) {
        const what = at === target ? 'is a file, not a folder' : `cannot be created: ${at} is a file`;
        throw storeError(target, what, FIX);
      }
      break;
    }
    if (s.code !== 'ENOENT' && s.code !== 'ENOTDIR')
      throw storeError(target, `cannot be read (${s.code})`, FIX, s);
    const up = dirname(at);
    if (up === at) throw storeError(target, 'no existing parent folder', FIX);
    at = up;
  }
  const real = await realpath(at).catch(() => at);
  const pseudo = await pseudoFilesystem(real);
  if (pseudo !== undefined)
    throw storeError(target, `is on ${pseudo}, a pseudo filesystem that cannot hold files`, FIX);
  const probe = join(at, `.llem-write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EROFS'
        ? 'read-only filesystem'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'ENOSPC' || code === 'EDQUOT'
            ? 'no space left'
            : `${code ?? 'error'}: ${(e as Error).message}`;
    const where = at === target ? 'is not writable' : `cannot be created in ${at}`;
    throw storeError(target, `${where} (${why})`, FIX, e);
  }
  await rmdir(probe).catch(() => undefined);
  return { dir: target, exists: at === target, checkedIn: at };
}
