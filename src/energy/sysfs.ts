import { readdir, readFile } from 'node:fs/promises';

/**
 * Reads a text file. Sources that read sysfs take one of these so that tests can simulate what
 * a fixture tree cannot: tests run as root, and root reads a file whatever its mode, so a
 * `chmod 000` fixture proves nothing there; a reader that throws EACCES does.
 */
export type ReadText = (path: string) => Promise<string>;

/** The real reader. */
export const readText: ReadText = (path) => readFile(path, 'utf8');

/** A value read from sysfs, or why it could not be read (`EACCES`, `ENOENT`, `not a number`…). */
export type SysfsValue<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** The errno code of a failed read, or the message. */
export function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
}

/** Reads a file's trimmed text. */
export async function readString(read: ReadText, path: string): Promise<SysfsValue<string>> {
  try {
    return { ok: true, value: (await read(path)).trim() };
  } catch (e) {
    return { ok: false, code: errorCode(e), message: `cannot read ${path} (${errorCode(e)})` };
  }
}

/** Reads a file holding one decimal number. */
export async function readNumber(read: ReadText, path: string): Promise<SysfsValue<number>> {
  const s = await readString(read, path);
  if (!s.ok) return s;
  const value = Number(s.value);
  if (s.value === '' || !Number.isFinite(value)) {
    return { ok: false, code: 'EINVAL', message: `${path} holds "${s.value.slice(0, 40)}", not a number` };
  }
  return { ok: true, value };
}

/** Lists a folder's entries, sorted naturally (`card2` before `card10`); undefined when it cannot be read. */
export async function listDir(path: string): Promise<string[] | undefined> {
  try {
    return (await readdir(path)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } catch {
    return undefined;
  }
}
