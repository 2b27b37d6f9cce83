import { copyFile, mkdtemp, readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinModelPath, defaultCacheDir, resolveModel } from './resolve.js';
import { writeTinyModel } from './tiny.js';

let dir: string;
let modelBytes: Buffer;
let server: Server;
let endpoint: string;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llem-resolve-'));
  const { path } = await writeTinyModel({ out: join(dir, 'served.gguf'), type: 'q8_0' });
  modelBytes = await readFile(path);
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (req.url === '/org/repo/resolve/main/sub/model.gguf') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': modelBytes.length });
      res.end(modelBytes);
    } else if (req.url === '/org/repo/resolve/main/page.gguf') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body>Sign in</body></html>');
    } else if (req.url === '/org/repo/resolve/main/cut.gguf') {
      res.writeHead(200, { 'content-length': modelBytes.length });
      res.write(modelBytes.subarray(0, 1000), () => res.destroy());
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Entry not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

const opts = (cache: string, env: Record<string, string | undefined> = {}) => ({
  cacheDir: cache,
  baseDir: dir,
  env: { HF_ENDPOINT: endpoint, ...env },
});

describe('defaultCacheDir', () => {
  it('prefers LLEM_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(defaultCacheDir({ LLEM_CACHE_DIR: '/a/b', XDG_CACHE_HOME: '/x' })).toBe('/a/b');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/llem');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '' })).toBe(join(homedir(), '.cache', 'llem'));
  });
});

describe('resolveModel builtin:', () => {
  it('generates once into the cache and reuses the file after', async () => {
    const cache = join(dir, 'cache-builtin');
    const first = await resolveModel('builtin:tiny', opts(cache));
    expect(first).toEqual({
      path: builtinModelPath(cache, 'tiny', 'f32'),
      generated: true,
      downloaded: false,
    });
    const mtime = (await stat(first.path)).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const again = await resolveModel('builtin:tiny', opts(cache));
    expect(again).toEqual({ ...first, generated: false });
    expect((await stat(first.path)).mtimeMs).toBe(mtime);
    const q4 = await resolveModel('builtin:tiny@q4_0', opts(cache));
    expect(q4.path).toBe(join(cache, 'models', 'llem-tiny-tiny-q4_0-v1.gguf'));
  });

  it('lets concurrent callers share one generation and leaves no temporary files', async () => {
    const cache = join(dir, 'cache-concurrent');
    const all = await Promise.all([1, 2, 3].map(() => resolveModel('builtin:tiny@q8_0', opts(cache))));
    expect(new Set(all.map((r) => r.path)).size).toBe(1);
    expect(all.filter((r) => r.generated)).toHaveLength(1);
    expect(await readdir(join(cache, 'models'))).toEqual(['llem-tiny-tiny-q8_0-v1.gguf']);
  });

  it('regenerates a damaged cached file', async () => {
    const cache = join(dir, 'cache-damaged');
    const { path } = await resolveModel('builtin:tiny', opts(cache));
    await truncate(path, 5000);
    expect(await resolveModel('builtin:tiny', opts(cache))).toMatchObject({ generated: true });
  });

  it('rejects unknown builtin names, listing the valid ones', async () => {
    await expect(resolveModel('builtin:huge', opts(dir))).rejects.toMatchObject({
      code: 'ERR_MODEL_INVALID',
      message: expect.stringMatching(/builtin:<tiny\|small\|1b>.*@<f32\|f16\|q8_0\|q4_0>/),
    });
    await expect(resolveModel('builtin:tiny@q5_k', opts(dir))).rejects.toMatchObject({
      code: 'ERR_MODEL_INVALID',
    });
  });
});

describe('resolveModel hf:', () => {
  it('downloads into the cache once, sending HF_TOKEN as a bearer token', async () => {
    const cache = join(dir, 'cache-hf');
    seen.length = 0;
    const r = await resolveModel('hf:org/repo/sub/model.gguf', opts(cache, { HF_TOKEN: 'secret' }));
    expect(r).toEqual({
      path: join(cache, 'models', 'hf', 'org', 'repo', 'main', 'sub', 'model.gguf'),
      generated: false,
      downloaded: true,
    });
    expect((await readFile(r.path)).equals(modelBytes)).toBe(true);
    expect(seen[0]?.headers.authorization).toBe('Bearer secret');
    const again = await resolveModel('hf:org/repo/sub/model.gguf', opts(cache));
    expect(again.downloaded).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('turns a 404 into a clear error with the URL and status, leaving nothing behind', async () => {
    const cache = join(dir, 'cache-404');
    const e = await resolveModel('hf:org/repo/missing.gguf', opts(cache)).catch((err: unknown) => err);
    expect(e).toMatchObject({
      code: 'ERR_ENGINE_FAILED',
      message: expect.stringContaining(
        `could not download ${endpoint}/org/repo/resolve/main/missing.gguf: HTTP 404`,
      ),
      details: { status: 404, url: `${endpoint}/org/repo/resolve/main/missing.gguf` },
    });
    expect((e as Error).message).toMatch(/check the organisation, repository and file name/);
    await expect(readdir(join(cache, 'models', 'hf', 'org', 'repo', 'main'))).rejects.toThrow();
  });

  it('rejects a page that is not a GGUF file, and a cut-off download', async () => {
    const cache = join(dir, 'cache-bad');
    await expect(resolveModel('hf:org/repo/page.gguf', opts(cache))).rejects.toMatchObject({
      code: 'ERR_MODEL_INVALID',
      message: expect.stringMatching(/did not return a GGUF file \(bad magic "<!DO"/),
    });
    await expect(resolveModel('hf:org/repo/cut.gguf', opts(cache))).rejects.toMatchObject({
      code: 'ERR_ENGINE_FAILED',
      message: expect.stringMatching(/^could not download http\S+\/cut\.gguf: .*try again$/),
    });
    expect(await readdir(join(cache, 'models', 'hf', 'org', 'repo', 'main'))).toEqual([]);
  });

  it('rejects malformed references', async () => {
    for (const bad of ['hf:org/model.gguf', 'hf:org/repo/file.bin', 'hf:org/repo/../x.gguf']) {
      await expect(resolveModel(bad, opts(dir))).rejects.toMatchObject({ code: 'ERR_MODEL_INVALID' });
    }
  });
});

describe('resolveModel paths', () => {
  it('resolves relative paths against baseDir', async () => {
    await copyFile(join(dir, 'served.gguf'), join(dir, 'local.gguf'));
    expect(await resolveModel('local.gguf', opts(dir))).toEqual({
      path: join(dir, 'local.gguf'),
      generated: false,
      downloaded: false,
    });
  });

  it('names a missing file and what to do', async () => {
    await expect(resolveModel('models/none.gguf', opts(dir))).rejects.toMatchObject({
      code: 'ERR_MODEL_INVALID',
      message: expect.stringMatching(
        new RegExp(`model file not found: ${join(dir, 'models', 'none.gguf')}.*builtin:tiny`),
      ),
      details: { path: join(dir, 'models', 'none.gguf') },
    });
  });
});
