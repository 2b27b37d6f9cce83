import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { type LoadConfigOptions, loadConfig, resolveConfig } from './load.js';

async function tempDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llem-load-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const quiet: LoadConfigOptions = { env: {}, userConfigPath: null };

async function configError(p: Promise<unknown>): Promise<ConfigError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(e)}`);
  return e;
}

describe('loadConfig', () => {
  it('applies defaults and reports where the file is', async () => {
    const dir = await tempDir({ 'e.yaml': 'model: builtin:tiny\n' });
    const loaded = await loadConfig('e.yaml', { ...quiet, cwd: dir });
    expect(loaded.file).toBe(join(dir, 'e.yaml'));
    expect(loaded.baseDir).toBe(dir);
    expect(loaded.raw).toEqual({ model: 'builtin:tiny' });
    expect(loaded.config).toMatchObject({
      engine: 'llamacpp',
      dataset: { source: 'builtin', n_prompts: 100, order: 'interleaved' },
      measurement: {
        warmup: { thermal_floor_s: 60, convergence: { max_prompts: 20 } },
        energy: { sources: 'auto' },
      },
      carbon: { grid_intensity_g_per_kwh: null, pue: 1 },
    });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.locate(['model'])).toEqual({ file: 'e.yaml', line: 1, column: 1 });
    expect(loaded.locate(['engine'])).toBeUndefined();
  });

  it('takes precedence flag > file > user config > default', async () => {
    const dir = await tempDir({
      'user.yaml':
        'results_dir: /u\nenergy: { sample_interval_ms: 50, cpu_tdp_w: 95 }\ncarbon: { pue: 1.5 }\n',
      'e.yaml':
        'model: builtin:tiny\nmeasurement:\n  energy:\n    sample_interval_ms: 200\ncarbon:\n  pue: 1.3\n',
    });
    const loaded = await loadConfig('e.yaml', {
      env: {},
      cwd: dir,
      userConfigPath: join(dir, 'user.yaml'),
      flags: { 'carbon.pue': '1.1' },
    });
    const { measurement, carbon, results_dir, dataset } = loaded.config;
    expect(carbon.pue).toBe(1.1); // flag
    expect(measurement.energy.sample_interval_ms).toBe(200); // file
    expect(measurement.energy.cpu_tdp_w).toBe(95); // user config
    expect(results_dir).toBe('/u'); // user config
    expect(dataset.n_prompts).toBe(100); // default
    expect(loaded.originOf(['carbon', 'pue'])).toBe('command-line');
    expect(loaded.originOf(['measurement', 'energy', 'cpu_tdp_w'])).toBe('user');
    expect(loaded.originOf(['dataset', 'n_prompts'])).toBe('default');
    expect(loaded.locate(['measurement', 'energy', 'cpu_tdp_w'])).toMatchObject({
      file: join(dir, 'user.yaml'),
      line: 2,
    });
    expect(loaded.userConfigFile).toBe(join(dir, 'user.yaml'));
  });

  it('lets --set win over a flag, and keeps strings for string fields', async () => {
    const loaded = await loadConfig(undefined, {
      ...quiet,
      flags: { model: 'a.gguf', 'dataset.n_prompts': 5 },
      overrides: ['dataset.n_prompts=7', 'name=2024'],
    });
    expect(loaded.config.model).toBe('a.gguf');
    expect(loaded.config.dataset.n_prompts).toBe(7);
    expect(loaded.config.name).toBe('2024');
    expect(loaded.file).toBeUndefined();
  });

  it('fills carbon from the environment when the file does not set it', async () => {
    const dir = await tempDir({ 'e.yaml': 'model: x\ncarbon:\n  pue: 1.4\n' });
    const loaded = await loadConfig('e.yaml', {
      ...quiet,
      cwd: dir,
      env: { LLEM_CARBON_INTENSITY: '420', LLEM_DATACENTER_PUE: '1.9' },
    });
    expect(loaded.config.carbon).toEqual({ grid_intensity_g_per_kwh: 420, pue: 1.4 });
    expect(loaded.warnings).toEqual([]);
  });

  it('ignores an invalid environment value with a warning', async () => {
    const loaded = await loadConfig(undefined, {
      ...quiet,
      flags: { model: 'x' },
      env: { LLEM_DATACENTER_PUE: 'high' },
    });
    expect(loaded.config.carbon.pue).toBe(1);
    expect(loaded.warnings).toEqual([expect.objectContaining({ code: 'ENV_INVALID' })]);
  });

  it('resolves anchors and merge keys, ignoring x- keys', async () => {
    const dir = await tempDir({
      'e.yaml': [
        'x-small: &small',
        '  n_prompts: 10',
        '  order: grouped',
        'model: builtin:tiny',
        'dataset:',
        '  <<: *small',
        '  order: shuffled',
        'max_input_tokens: &len 128',
        'max_output_tokens: *len',
      ].join('\n'),
    });
    const loaded = await loadConfig('e.yaml', { ...quiet, cwd: dir });
    expect(loaded.config.dataset).toMatchObject({ n_prompts: 10, order: 'shuffled' });
    expect(loaded.config.max_output_tokens).toBe(128);
    expect(loaded.locate(['dataset', 'n_prompts'])).toMatchObject({ line: 2 });
  });

  it('reads JSON files, tolerating a $schema key', async () => {
    const dir = await tempDir({
      'e.json': '{\n  "$schema": "./schema.json",\n  "model": "x",\n  "dataset": { "n_prompts": 3 }\n}\n',
    });
    const loaded = await loadConfig('e.json', { ...quiet, cwd: dir });
    expect(loaded.config.dataset.n_prompts).toBe(3);
    expect(loaded.locate(['dataset', 'n_prompts'])).toMatchObject({ file: 'e.json', line: 4 });
  });

  it('records rule warnings and normalises dormant fields', async () => {
    const loaded = await loadConfig(undefined, {
      ...quiet,
      flags: { model: 'x' },
      overrides: ['load.rate_rps=5', 'measurement.warmup.thermal_floor_s=10'],
    });
    expect(loaded.config.load.rate_rps).toBeUndefined();
    expect(loaded.warnings.map((w) => w.code).sort()).toEqual(['DORMANT_RATE_RPS', 'SHORT_THERMAL_FLOOR']);
  });

  it('reports a missing file, and user config errors together with file errors', async () => {
    const dir = await tempDir({ 'user.yaml': 'progress: fast\n', 'e.yaml': 'model: x\nengine: vlm\n' });
    const missing = await configError(loadConfig('nope.yaml', { ...quiet, cwd: dir }));
    expect(missing.issues[0]).toMatchObject({ code: 'file_not_found', file: 'nope.yaml' });
    const both = await configError(
      loadConfig('e.yaml', { env: {}, cwd: dir, userConfigPath: join(dir, 'user.yaml') }),
    );
    expect(both.issues.map((i) => i.path.join('.'))).toEqual(['progress', 'engine']);
  });

  it('refuses study files with a study_file issue', async () => {
    const dir = await tempDir({ 's.yaml': 'model: x\nexperiments:\n  - engine: llamacpp\n' });
    const e = await configError(loadConfig('s.yaml', { ...quiet, cwd: dir }));
    expect(e.issues).toEqual([
      expect.objectContaining({ code: 'study_file', path: ['experiments'], line: 2 }),
    ]);
  });

  it('does not judge rules on values it had to reject', async () => {
    // engine is invalid: the vllm section must not be called a mismatch with the default engine.
    const e = await configError(
      Promise.resolve().then(() =>
        resolveConfig({ model: 'x', engine: 'vlm', vllm: {}, load: { mode: 'rate' } }, quiet),
      ),
    );
    expect(e.issues.map((i) => i.code)).toEqual(['invalid_value', 'rate_required']);
  });
});

describe('resolveConfig', () => {
  it('validates an object without reading files', () => {
    const loaded = resolveConfig({ model: 'x', dataset: { n_prompts: 4 } }, { ...quiet, cwd: '/w' });
    expect(loaded.config.dataset.n_prompts).toBe(4);
    expect(loaded.baseDir).toBe('/w');
    expect(loaded.locate(['model'])).toBeUndefined();
  });

  it('applies a user config passed in, below the input', () => {
    const loaded = resolveConfig({ model: 'x' }, { ...quiet, userConfig: { energy: { sources: ['rapl'] } } });
    expect(loaded.config.measurement.energy.sources).toEqual(['rapl']);
  });

  it('reports issues without file positions', () => {
    expect(() => resolveConfig({ modle: 'x' }, quiet)).toThrow(ConfigError);
    try {
      resolveConfig({ modle: 'x' }, quiet);
    } catch (e) {
      const issues = (e as ConfigError).issues;
      expect(issues.map((i) => i.code).sort()).toEqual(['missing_required', 'unknown_key']);
      expect(issues.every((i) => i.file === undefined && i.line === undefined)).toBe(true);
    }
  });

  it('rejects a non-mapping input', () => {
    expect(() => resolveConfig([1, 2], quiet)).toThrow(/expected a mapping/);
  });
});

describe('issue messages', () => {
  const issuesOf = (input: unknown) => {
    try {
      resolveConfig(input, quiet);
    } catch (e) {
      return (e as ConfigError).issues;
    }
    throw new Error('valid');
  };

  it('explains unions: a scalar where a list is expected, a near-miss literal', () => {
    expect(issuesOf({ model: 'x', measurement: { energy: { sources: 'nvml' } } })[0]).toMatchObject({
      path: ['measurement', 'energy', 'sources'],
      message: 'expected auto or a list of nvml, rapl, amdgpu, command, estimate, got string "nvml"',
      suggestion: 'write a list, e.g. sources: [nvml]',
    });
    expect(issuesOf({ model: 'x', llamacpp: { gpu_layers: 'mx' } })[0]!.suggestion).toBe(
      'did you mean "max"?',
    );
    expect(
      issuesOf({ model: 'x', vllm: { engine: { block_size: 24 } }, engine: 'vllm' })[0]!.suggestion,
    ).toBe('allowed: 8, 16, 32, 64, 128');
  });

  it('explains empty sections, empty lists and bad URLs', () => {
    const issues = issuesOf({
      model: 'x',
      dataset: null,
      measurement: { energy: { command: [] } },
      engine: 'openai',
      openai: { base_url: 'localhost' },
    });
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['dataset', 'expected a mapping, got null (an empty value)'],
      ['measurement.energy.command', 'needs at least 1 item'],
      ['openai.base_url', 'expected a URL, got string "localhost"'],
    ]);
    expect(issues[0]!.suggestion).toMatch(/empty `dataset:` is null/);
  });
});
