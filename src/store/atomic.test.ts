import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLlemError } from '../core/errors.js';
import { writeFileAtomic, writeJsonAtomic } from './atomic.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llem-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an old one, leaving no temp files', async () => {
    const path = join(dir, 'a.txt');
    await writeFileAtomic(path, 'old');
    await writeFileAtomic(path, new TextEncoder().encode('new ✓'));
    expect(await readFile(path, 'utf8')).toBe('new ✓');
    expect(await readdir(dir)).toEqual(['a.txt']);
  });

  it('creates missing parent folders', async () => {
    const path = join(dir, 'runs', '0001-x', 'cycle-1', 'result.json');
    await writeFileAtomic(path, '{}');
    expect(await readFile(path, 'utf8')).toBe('{}');
  });

  it('fails with ERR_STORE_IO when the rename cannot happen, leaving the target intact and no temp file', async () => {
    // The target is a directory, so the final rename fails after the temp file was written.
    const target = join(dir, 'result.json');
    await mkdir(target);
    await writeFile(join(target, 'inside.txt'), 'keep');
    const err = await writeFileAtomic(target, 'x'.repeat(100_000)).catch((e: unknown) => e);
    expect(isLlemError(err, 'ERR_STORE_IO')).toBe(true);
    expect((err as { details: { path: string } }).details.path).toBe(target);
    expect((err as Error).message).toContain(target);
    expect((err as Error).cause).toBeInstanceOf(Error);
    expect(await readFile(join(target, 'inside.txt'), 'utf8')).toBe('keep');
    expect(await readdir(dir)).toEqual(['result.json']);
  });

  it('keeps the old file when the parent cannot be used', async () => {
    const blocker = join(dir, 'file');
    await writeFile(blocker, 'old');
    const err = await writeFileAtomic(join(blocker, 'child.json'), 'new').catch((e: unknown) => e);
    expect(isLlemError(err, 'ERR_STORE_IO')).toBe(true);
    expect(await readFile(blocker, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['file']);
  });

  it('never shows a torn file to concurrent writers: the last complete write wins', async () => {
    const path = join(dir, 'c.txt');
    const payloads = Array.from({ length: 20 }, (_, i) => String(i).repeat(50_000));
    await Promise.all(payloads.map((p) => writeFileAtomic(path, p)));
    expect(payloads).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['c.txt']);
  });
});

describe('writeJsonAtomic', () => {
  it('writes 2-space JSON with a trailing newline', async () => {
    const path = join(dir, 'm.json');
    await writeJsonAtomic(path, { a: 1, b: [true, null] });
    expect(await readFile(path, 'utf8')).toBe('{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}\n');
  });
});
