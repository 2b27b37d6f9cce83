import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abbreviate, ExperimentHasher, experimentHash, studySlug } from '../config/identity.js';
import { resolveConfig } from '../config/load.js';
import { canonicalJson, configHash } from '../core/hash.js';
import { expandStudy } from './expand.js';

const quiet = { env: {}, userConfigPath: null };

/** `value` with the keys of every mapping in reverse order (same content, different text order). */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

describe('expandStudy', () => {
  it('collapses dormant-normalised duplicates into one experiment listing the others', async () => {
    const study = await expandStudy(
      {
        model: 'org/model',
        engine: 'transformers',
        sweep: {
          'transformers.torch_compile': [false, true],
          'transformers.torch_compile_mode': ['default', 'max-autotune'],
        },
      },
      quiet,
    );
    expect(study.experiments.map((e) => [e.index, e.config.transformers])).toEqual([
      [1, { torch_compile: false }],
      [2, { torch_compile: true, torch_compile_mode: 'default' }],
      [3, { torch_compile: true, torch_compile_mode: 'max-autotune' }],
    ]);
    expect(study.experiments[0]!.factors).toEqual({
      'transformers.torch_compile': false,
      'transformers.torch_compile_mode': 'default',
    });
    expect(study.experiments[0]!.equivalents).toEqual([
      { 'transformers.torch_compile': false, 'transformers.torch_compile_mode': 'max-autotune' },
    ]);
    expect(study.experiments[0]!.warnings.map((w) => w.code)).toEqual(['DORMANT_TORCH_COMPILE_OPTION']);
  });

  it('hashes: config_hash is experimentHash, study_hash the canonical list of configs without results_dir', async () => {
    const input = {
      model: 'builtin:tiny',
      results_dir: 'out',
      sweep: { 'llamacpp.threads': [1, 2] },
      experiments: [{ max_output_tokens: 8 }],
    };
    const study = await expandStudy(input, quiet);
    for (const e of study.experiments) expect(e.config_hash).toBe(experimentHash(e.config));
    const configs = study.experiments.map(({ config: { results_dir: _r, ...rest } }) => rest);
    expect(study.study_hash).toBe(configHash(configs));
    const moved = await expandStudy(
      { ...input, results_dir: 'elsewhere', execution: { n_cycles: 9 } },
      quiet,
    );
    expect(moved.study_hash).toBe(study.study_hash);
  });

  it('keeps skipped points with their reasons, and copies the input, name and execution', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llem-expand-'));
    await writeFile(
      join(dir, 'load.yaml'),
      'model: builtin:tiny\nsweep:\n  load.mode: [batch, concurrency]\nexecution: {order: reversed}\n',
    );
    const study = await expandStudy(join(dir, 'load.yaml'), quiet);
    expect(study.name).toBe('load');
    expect(study.file).toBe(join(dir, 'load.yaml'));
    expect(study.input_text).toContain('load.mode');
    expect(study.execution.order).toBe('reversed');
    expect(study.experiments).toHaveLength(1);
    expect(study.skipped).toEqual([
      {
        factors: { 'load.mode': 'concurrency' },
        reasons: [expect.objectContaining({ code: 'concurrency_required', line: 3 })],
      },
    ]);
  });

  it('property: points = Π axis lengths + explicit entries = experiments + equivalents + skipped', async () => {
    const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        async (a, b, g, entries) => {
          const study = await expandStudy(
            {
              model: 'builtin:tiny',
              sweep: {
                'llamacpp.threads': range(a),
                // Duplicated values collapse; `concurrency` without a concurrency is skipped.
                'load.mode': ['batch', 'batch', 'concurrency'].slice(0, b),
                llamacpp: [{}, { flash_attention: true }, { flash_attention: false }].slice(0, g),
              },
              experiments: range(entries).map((n) => ({ max_output_tokens: n })),
            },
            quiet,
          );
          const equivalents = study.experiments.reduce((n, e) => n + e.equivalents.length, 0);
          expect(study.experiments.length + equivalents + study.skipped.length).toBe(a * b * g + entries);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('property: ids are stable under key reordering and repeated expansion', async () => {
    const input = {
      name: 'order',
      model: 'builtin:tiny',
      measurement: { warmup: { n_warmup: 1, thermal_floor_s: 30 }, baseline: { duration_s: 5 } },
      llamacpp: { flash_attention: true },
      sweep: {
        'llamacpp.threads': [1, 2],
        'llamacpp.kv_cache_type': ['f16', 'q8_0'],
        dataset: { n_prompts: [4, 8] },
      },
      experiments: [{ llamacpp: { sequences: 2 } }],
    };
    const reference = await expandStudy(input, quiet);
    const ids = (s: typeof reference) => [s.study_hash, ...s.experiments.map((e) => e.config_hash)];
    expect(ids(await expandStudy(reversedKeys(input) as object, quiet))).toEqual(ids(reference));
    const keys = Object.keys(input.sweep);
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(keys, { minLength: keys.length }),
        fc.shuffledSubarray(Object.keys(input), { minLength: 6 }),
        async (sweepOrder, topOrder) => {
          const sweep = Object.fromEntries(
            sweepOrder.map((k) => [k, input.sweep[k as keyof typeof input.sweep]]),
          );
          const shuffled = Object.fromEntries(
            topOrder.map((k) => [k, k === 'sweep' ? sweep : input[k as keyof typeof input]]),
          );
          expect(ids(await expandStudy(shuffled, quiet))).toEqual(ids(reference));
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('ExperimentHasher', () => {
  it('property: its text is canonicalJson of the config without results_dir, so its hash is experimentHash', () => {
    const hasher = new ExperimentHasher();
    const shared = resolveConfig({ model: 'builtin:tiny' }, quiet).config;
    fc.assert(
      fc.property(
        fc.record(
          {
            threads: fc.integer({ min: 1, max: 64 }),
            kv_cache_type: fc.constantFrom('f16', 'q8_0', 'q4_0'),
            flash_attention: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        fc.option(fc.string()),
        fc.string(),
        (llamacpp, results, name) => {
          const config = {
            ...shared,
            llamacpp,
            name: name || 'x',
            ...(results === null ? {} : { results_dir: results }),
          };
          const { results_dir: _r, ...rest } = config;
          expect(hasher.canonical(config)).toBe(canonicalJson(rest));
          expect(hasher.hash(config)).toBe(experimentHash(config));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('studySlug', () => {
  it('names the model and the distinguishing factors briefly', () => {
    const config = resolveConfig({ model: 'builtin:small@q4_0' }, quiet).config;
    expect(abbreviate('kv_cache_type')).toBe('kct');
    expect(abbreviate('sequences')).toBe('seq');
    expect(
      studySlug(config, {
        engine: 'llamacpp',
        'llamacpp.kv_cache_type': 'q8_0',
        'llamacpp.sequences': 4,
        'llamacpp.flash_attention': false,
      }),
    ).toBe('small@q4_0-llamacpp-kct-q8_0-seq4-no-fa');
    expect(studySlug(config, { llamacpp: {} })).toBe('small@q4_0');
    expect(studySlug(config, { llamacpp: { flash_attention: true } })).toBe('small@q4_0-fa');
    expect(studySlug({ ...config, name: 'mine' }, { 'llamacpp.threads': 1 })).toBe('mine');
  });
});
