import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../config/schema.js';
import { ConfigError } from '../core/errors.js';
import type { Tokenizer } from '../engines/engine.js';
import { type DatasetContext, loadDataset } from './load.js';

type DatasetConfig = ExperimentConfig['dataset'];
const dataset = (over: Partial<DatasetConfig>): DatasetConfig => ({
  source: 'builtin',
  n_prompts: 100,
  order: 'interleaved',
  ...over,
});

/** The repository's 40-prompt fixture of the AI Energy Score set. */
const fixtureDir = resolve(fileURLToPath(new URL('../..', import.meta.url)), 'test/fixtures/datasets');
const locate = (path: (string | number)[]) =>
  path.join('.') === 'dataset.source' ? { file: '/cfg/exp.yaml', line: 7, column: 11 } : undefined;

let dir = '';
let ctx: DatasetContext;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llem-load-'));
  ctx = { baseDir: dir, cacheDir: join(dir, 'cache'), env: {}, locate };
  await writeFile(
    join(dir, 'three.jsonl'),
    [
      '{"prompt": "a1", "source": "a"}',
      '{"prompt": "a2", "source": "a"}',
      '{"prompt": "b1", "source": "b"}',
    ].join('\n'),
  );
});

describe('loadDataset', () => {
  it('loads builtin prompts interleaved across categories, with provenance', async () => {
    const { prompts, provenance } = await loadDataset(dataset({}), 100, 42, ctx);
    expect(prompts).toHaveLength(100);
    const firstRound = prompts.slice(0, 16).map((p) => p.source);
    expect(new Set(firstRound).size).toBe(16);
    expect(provenance).toMatchObject({ source: 'builtin', repeated: false, license: 'apache-2.0' });
    expect(provenance.total_available).toBeGreaterThanOrEqual(520);
    expect(provenance.file).toMatch(/data[/\\]builtin-prompts\.jsonl$/);
    expect(provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('returns untruncated text', async () => {
    const all = await loadDataset(dataset({}), 1000, 1, ctx);
    expect(Math.max(...all.prompts.map((p) => p.text!.split(/\s+/).length))).toBeGreaterThan(300);
  });

  it('orders the same builtin selection grouped, and a seeded sample shuffled', async () => {
    const interleaved = await loadDataset(dataset({}), 40, 42, ctx);
    const grouped = await loadDataset(dataset({ order: 'grouped' }), 40, 42, ctx);
    const sortedTexts = (r: typeof grouped) => r.prompts.map((p) => p.text).sort();
    expect(sortedTexts(grouped)).toEqual(sortedTexts(interleaved));
    const runs = grouped.prompts.map((p) => p.source).filter((s, i, a) => s !== a[i - 1]);
    expect(new Set(runs).size).toBe(runs.length);

    const s1 = await loadDataset(dataset({ order: 'shuffled' }), 40, 1, ctx);
    const s1again = await loadDataset(dataset({ order: 'shuffled' }), 40, 1, ctx);
    const s2 = await loadDataset(dataset({ order: 'shuffled' }), 40, 2, ctx);
    expect(s1.prompts).toEqual(s1again.prompts);
    expect(s1.prompts).not.toEqual(s2.prompts);
  });

  it('cycles a small .jsonl set and reports repetition', async () => {
    const { prompts, provenance } = await loadDataset(dataset({ source: 'three.jsonl' }), 7, 42, ctx);
    expect(prompts.map((p) => p.text)).toEqual(['a1', 'b1', 'a2', 'a1', 'b1', 'a2', 'a1']);
    expect(provenance).toMatchObject({
      source: 'three.jsonl',
      total_available: 3,
      repeated: true,
      file: join(dir, 'three.jsonl'),
    });
    expect(provenance.license).toBeUndefined();
    prompts[0]!.text = 'mutated';
    expect(prompts[3]!.text).toBe('a1');
  });

  it('rejects an unknown source at the config line, with a did-you-mean', async () => {
    const err = await loadDataset(dataset({ source: 'bulitin' }), 5, 1, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const [issue] = (err as ConfigError).issues;
    expect(issue).toMatchObject({
      path: ['dataset', 'source'],
      file: '/cfg/exp.yaml',
      line: 7,
      code: 'invalid_value',
    });
    expect(issue!.suggestion).toContain('did you mean "builtin"?');
    expect(issue!.suggestion).toContain('.jsonl');

    const other = await loadDataset(dataset({ source: 'prompts.csv' }), 5, 1, ctx).catch((e: unknown) => e);
    expect((other as ConfigError).issues[0]!.suggestion).toMatch(/^use builtin, aienergyscore, synthetic/);
  });

  it('loads aienergyscore from LLEM_DATASET_DIR', async () => {
    const { prompts, provenance } = await loadDataset(dataset({ source: 'aienergyscore' }), 30, 42, {
      ...ctx,
      env: { LLEM_DATASET_DIR: fixtureDir },
    });
    expect(prompts).toHaveLength(30);
    expect(provenance).toMatchObject({
      source: 'aienergyscore',
      total_available: 40,
      repeated: false,
      license: 'apache-2.0',
    });
  });

  it('builds synthetic prompts with the context tokenizer', async () => {
    // A fake one-token-per-character tokenizer; the engine tests cover the real one.
    const tokenizer: Tokenizer = {
      tokenize: (t) => Array.from(t, (c) => c.charCodeAt(0)),
      detokenize: (ids) => String.fromCharCode(...ids),
    };
    const cfg = dataset({ source: 'synthetic', input_tokens: 64, output_tokens: 16 });
    const { prompts, provenance } = await loadDataset(cfg, 10, 42, { ...ctx, tokenizer });
    expect(prompts.every((p) => p.tokens?.length === 64 && p.maxOutputTokens === 16)).toBe(true);
    expect(provenance).toEqual({ source: 'synthetic', total_available: 10, repeated: false });
    await expect(loadDataset(cfg, 10, 42, ctx)).rejects.toThrow(/tokenizer/);
  });

  it('stops before loading when already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(loadDataset(dataset({}), 5, 1, { ...ctx, signal: controller.signal })).rejects.toThrow(
      'cancelled',
    );
  });
});
