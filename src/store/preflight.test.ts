import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOnlyFolder } from '../../test/helpers/read-only.js';
import { checkResultsDir } from './preflight.js';

const temp = () => mkdtempSync(join(tmpdir(), 'llem-preflight-'));

async function storeError(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected ERR_STORE_IO');
}

describe('checkResultsDir', () => {
  it('accepts an existing writable folder and a creatable one, leaving nothing behind', async () => {
    const dir = temp();
    expect(await checkResultsDir(dir)).toEqual({ dir, exists: true, checkedIn: dir });
    expect(readdirSync(dir)).toEqual([]);
    const deep = join(dir, 'a', 'b');
    expect(await checkResultsDir('a/b', dir)).toEqual({ dir: deep, exists: false, checkedIn: dir });
    expect(existsSync(join(dir, 'a'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses /proc, /sys and /dev with a one-line reason', async () => {
    for (const p of ['/proc/llem-results', '/sys/llem', '/dev/llem-results', '/proc/self/fd/x']) {
      const e = await storeError(checkResultsDir(p));
      expect(e.code).toBe('ERR_STORE_IO');
      expect(e.message).toMatch(/pseudo filesystem/);
      expect(e.message).not.toMatch(/\n/);
    }
  });

  it('refuses a file in place of the folder, or of a parent', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'f'), 'x');
    expect((await storeError(checkResultsDir(join(dir, 'f')))).message).toMatch(/is a file, not a folder/);
    expect((await storeError(checkResultsDir(join(dir, 'f', 'sub')))).message).toMatch(/f is a file/);
  });

  it('refuses a read-only folder (a read-only mount as root), and one that cannot be created in it', async () => {
    const ro = readOnlyFolder();
    if (ro === undefined) return; // root without mount rights: the pseudo-filesystem cases above cover it
    try {
      const e = await storeError(checkResultsDir(ro.dir));
      expect(e.code).toBe('ERR_STORE_IO');
      expect(e.message).toMatch(/is not writable \((read-only filesystem|permission denied)\)/);
      const sub = await storeError(checkResultsDir(join(ro.dir, 'results')));
      expect(sub.message).toMatch(/cannot be created in/);
    } finally {
      ro.cleanup();
    }
  });
});
