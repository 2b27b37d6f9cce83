import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlemError } from '../core/errors.js';
import { AIENERGYSCORE, aienergyscoreUrl, loadAiEnergyScore } from './aienergyscore.js';

// A fixture in the repository: the set's first 40 prompts, with the provenance line.
const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const fixtureDir = resolve(repoRoot, 'test/fixtures/datasets');
const promptsOf = (dir: string): string[] =>
  readFileSync(join(dir, 'aienergyscore.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('{"_provenance"'))
    .map((l) => (JSON.parse(l) as { prompt: string }).prompt);
const fixtureTexts: string[] = promptsOf(fixtureDir);

/** The upstream format: a Parquet file with one `text` column, as `datasets.push_to_hub` writes it. */
const upstreamParquet = new Uint8Array(
  parquetWriteBuffer({ columnData: [{ name: 'text', data: fixtureTexts, type: 'STRING' }] }),
);

const tmp = () => mkdtemp(join(tmpdir(), 'llem-aes-'));

describe('loadAiEnergyScore from local files', () => {
  it('reads LLEM_DATASET_DIR/aienergyscore.jsonl, skipping its provenance line', async () => {
    const got = await loadAiEnergyScore({
      baseDir: '.',
      cacheDir: await tmp(),
      env: { LLEM_DATASET_DIR: fixtureDir },
    });
    expect(got.prompts).toHaveLength(40);
    expect(got.prompts.map((p) => p.text)).toEqual(fixtureTexts);
    expect(new Set(got.prompts.map((p) => p.source))).toEqual(new Set(['aienergyscore']));
    expect(got.file).toBe(join(fixtureDir, 'aienergyscore.jsonl'));
    expect(got.license).toBe('apache-2.0');
    expect(got.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never touches the network when a local copy exists', async () => {
    const fetchImpl = (() => {
      throw new Error('no network in this test');
    }) as unknown as typeof fetch;
    const got = await loadAiEnergyScore({
      baseDir: '.',
      cacheDir: await tmp(),
      fetchImpl,
      env: { LLEM_DATASET_DIR: fixtureDir },
    });
    expect(got.prompts).toHaveLength(40);
  });
});

describe('loadAiEnergyScore download (real HTTP server on loopback)', () => {
  let server: Server;
  let endpoint = '';
  let hits = 0;
  let mode: 'ok' | '404' | '500' = 'ok';
  const upstreamPath = new URL(aienergyscoreUrl('http://x')).pathname;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits += 1;
      // The hub answers /resolve/ with a redirect to its file store; follow it like the real one.
      if (req.url === upstreamPath && mode === 'ok') {
        res.writeHead(302, { location: '/cas/blob-1234' }).end();
      } else if (req.url === '/cas/blob-1234') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(upstreamParquet);
      } else if (mode === '500') {
        res.writeHead(500).end('upstream exploded');
      } else {
        res.writeHead(404).end('Entry not found');
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('requests the pinned parquet file', () => {
    expect(upstreamPath).toBe(
      `/datasets/AIEnergyScore/text_generation/resolve/${AIENERGYSCORE.revision}/data/train-00000-of-00001.parquet`,
    );
  });

  it('downloads, converts and caches once; later loads reuse the cache', async () => {
    mode = 'ok';
    hits = 0;
    const cacheDir = await tmp();
    const ctx = { baseDir: '.', cacheDir, env: { HF_ENDPOINT: `${endpoint}/` } };
    const first = await loadAiEnergyScore(ctx);
    expect(hits).toBe(2); // the redirect and the file
    expect(first.prompts.map((p) => p.text)).toEqual(fixtureTexts);
    expect(first.file).toBe(join(cacheDir, 'datasets', 'aienergyscore.jsonl'));

    const cached = await readFile(first.file, 'utf8');
    const provenance = JSON.parse(cached.split('\n')[0]!) as Record<string, string>;
    expect(provenance).toMatchObject({
      _provenance: 'AIEnergyScore/text_generation',
      _commit: AIENERGYSCORE.revision,
      _license: 'apache-2.0',
      _url: `${endpoint}${upstreamPath}`,
    });
    expect(provenance._sha256).toMatch(/^[0-9a-f]{64}$/);

    const second = await loadAiEnergyScore(ctx);
    expect(hits).toBe(2);
    expect(second.prompts).toEqual(first.prompts);
    expect(second.sha256).toBe(first.sha256);
  });

  it('labels prompts by origin when the upstream rows name it', async () => {
    const labelled = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'text', data: ['a wiki line', 'a web page', 'a chat turn'], type: 'STRING' },
          { name: 'source', data: ['WikiText-103', 'oscar', 'ultrachat_200k'], type: 'STRING' },
        ],
      }),
    );
    const fetchImpl = (async () => new Response(labelled)) as typeof fetch;
    const got = await loadAiEnergyScore({ baseDir: '.', cacheDir: await tmp(), fetchImpl, env: {} });
    expect(got.prompts.map((p) => p.source)).toEqual(['wikitext', 'oscar', 'ultrachat']);
  });

  for (const status of ['404', '500'] as const) {
    it(`reports HTTP ${status} with the URL and the fix, and caches nothing`, async () => {
      mode = status;
      const cacheDir = await tmp();
      const ctx = { baseDir: '.', cacheDir, env: { HF_ENDPOINT: endpoint, LLEM_DATASET_DIR: '/nowhere' } };
      const err = await loadAiEnergyScore(ctx).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LlemError);
      const e = err as LlemError;
      expect(e.code).toBe('ERR_DATASET_INVALID');
      expect(e.message).toContain(`${endpoint}${upstreamPath}`);
      expect(e.message).toContain(`HTTP ${status}`);
      expect(e.message).toContain('set LLEM_DATASET_DIR to a folder holding aienergyscore.jsonl');
      expect(e.message).toContain('LLEM_DATASET_DIR=/nowhere has no aienergyscore.jsonl');
      expect(e.details).toMatchObject({ url: `${endpoint}${upstreamPath}` });
      const retry = await loadAiEnergyScore(ctx).catch((x: unknown) => x);
      expect(retry).toBeInstanceOf(LlemError); // nothing half-written was cached
    });
  }

  it('reports a network failure', async () => {
    const ctx = { baseDir: '.', cacheDir: await tmp(), env: { HF_ENDPOINT: 'http://127.0.0.1:1' } };
    const err = (await loadAiEnergyScore(ctx).catch((e: unknown) => e)) as LlemError;
    expect(err).toBeInstanceOf(LlemError);
    expect(err.message).toContain('network error');
    expect(err.message).toContain('http://127.0.0.1:1/datasets/');
  });

  it('passes an abort through unchanged', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const ctx = {
      baseDir: '.',
      cacheDir: await tmp(),
      env: { HF_ENDPOINT: endpoint },
      signal: controller.signal,
    };
    const err = await loadAiEnergyScore(ctx).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(LlemError);
  });
});

// Optional: only where the project's reference copy sits beside the checkout (never in a clone).
