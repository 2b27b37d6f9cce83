import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { deepMerge } from './layers.js';
import { type LoadStudyOptions, loadConfig, loadStudy, resolveStudy } from './load.js';
import { experimentSchema } from './schema.js';
import { pointParser, sectionParser } from './section-parse.js';

async function tempDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llem-study-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const quiet: LoadStudyOptions = { env: {}, userConfigPath: null };

async function configError(p: Promise<unknown>): Promise<ConfigError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(e)}`);
  return e;
}

describe('loadStudy', () => {
  it('deep-merges shared fields, sweep points first, then explicit entries over the shared fields', async () => {
    const dir = await tempDir({
      's.yaml': [
        'name: kv',
        'model: builtin:tiny',
        'llamacpp: {flash_attention: true, threads: 1}',
        'sweep:',
        '  llamacpp.kv_cache_type: [f16, q8_0]',
        'experiments:',
        '  - llamacpp: {threads: 2}',
        '',
      ].join('\n'),
    });
    const study = await loadStudy('s.yaml', { ...quiet, cwd: dir });
    expect(study.name).toBe('kv');
    expect(study.file).toBe(join(dir, 's.yaml'));
    expect(study.generated).toBe(3);
    expect(study.points.map((p) => [p.source, p.config.llamacpp])).toEqual([
      ['sweep', { flash_attention: true, threads: 1, kv_cache_type: 'f16' }],
      ['sweep', { flash_attention: true, threads: 1, kv_cache_type: 'q8_0' }],
      ['experiments', { flash_attention: true, threads: 2 }],
    ]);
    expect(study.points[2]!.factors).toEqual({ 'llamacpp.threads': 2 });
    expect(study.inputText).toContain('name: kv');
    expect(study.execution).toMatchObject({
      n_cycles: 1,
      order: 'shuffled',
      seed: null,
      experiment_gap_s: 60,
    });
  });

  it('merges base: under the study, relative to the study file, and points at the base file for its errors', async () => {
    const dir = await tempDir({
      'common.yaml': 'model: builtin:tiny\nmax_output_tokens: 8\nllamacpp: {threads: 1}\n',
      's.yaml': 'base: common.yaml\nmax_output_tokens: 16\nsweep:\n  llamacpp.sequences: [1, 2]\n',
      'bad-base.yaml': 'model: builtin:tiny\nmesurement: {}\n',
      'bad.yaml': 'base: bad-base.yaml\nsweep:\n  llamacpp.sequences: [1]\n',
    });
    const study = await loadStudy(join(dir, 's.yaml'), { ...quiet, cwd: tmpdir() });
    expect(study.base?.file).toBe(join(dir, 'common.yaml'));
    expect(study.points.map((p) => [p.config.max_output_tokens, p.config.llamacpp])).toEqual([
      [16, { threads: 1, sequences: 1 }],
      [16, { threads: 1, sequences: 2 }],
    ]);
    const e = await configError(loadStudy('bad.yaml', { ...quiet, cwd: dir }));
    expect(e.issues).toEqual([
      expect.objectContaining({
        path: ['mesurement'],
        file: 'bad-base.yaml',
        line: 2,
        suggestion: 'did you mean "measurement"?',
      }),
    ]);
  });

  it('runs engine sections shared by the study only with their engine when the engine is swept', async () => {
    const study = await resolveStudy(
      {
        model: 'm',
        llamacpp: { threads: 2 },
        vllm: { engine: { enforce_eager: true } },
        sweep: { engine: ['llamacpp', 'vllm'], 'vllm.engine.block_size': [16, 32] },
      },
      quiet,
    );
    expect(study.points.map((p) => [p.config.engine, p.config.llamacpp, p.config.vllm])).toEqual([
      ['llamacpp', { threads: 2 }, undefined],
      ['vllm', undefined, { engine: { enforce_eager: true, block_size: 16 } }],
      ['vllm', undefined, { engine: { enforce_eager: true, block_size: 32 } }],
    ]);
  });

  it('skips points a rule rejects, with reasons located at the axis that set the value', async () => {
    const dir = await tempDir({
      's.yaml':
        'model: m\nengine: transformers\ntransformers: {load_in_8bit: true}\nsweep:\n  transformers.load_in_4bit: [false, true]\n',
    });
    const study = await loadStudy('s.yaml', { ...quiet, cwd: dir });
    expect(study.points).toHaveLength(1);
    expect(study.skipped).toEqual([
      {
        factors: { 'transformers.load_in_4bit': true },
        reasons: [
          expect.objectContaining({
            code: 'quantisation_exclusive',
            path: ['transformers', 'load_in_8bit'],
            file: 's.yaml',
            line: 3,
          }),
        ],
      },
    ]);
    const located = await loadStudy('s.yaml', {
      ...quiet,
      cwd: dir,
      overrides: ['transformers.load_in_8bit=false'],
    });
    expect(located.skipped).toEqual([]);
  });

  it('locates a rule violation caused by an axis at that axis', async () => {
    const dir = await tempDir({ 's.yaml': 'model: m\nsweep:\n  load.mode: [batch, concurrency]\n' });
    const study = await loadStudy('s.yaml', { ...quiet, cwd: dir });
    expect(study.skipped[0]!.reasons).toEqual([
      expect.objectContaining({
        code: 'concurrency_required',
        path: ['load', 'concurrency'],
        file: 's.yaml',
        line: 3,
      }),
    ]);
  });

  it('calls an all-invalid sweep an error that lists the reasons', async () => {
    const dir = await tempDir({ 's.yaml': 'model: m\nsweep:\n  load.mode: [concurrency, rate]\n' });
    const e = await configError(loadStudy('s.yaml', { ...quiet, cwd: dir }));
    expect(e.issues.map((i) => [i.code, i.line])).toEqual([
      ['study_all_invalid', 2],
      ['concurrency_required', 3],
      ['rate_required', 3],
    ]);
    expect(e.issues[0]!.message).toBe('all 2 points of the sweep are invalid');
  });

  it('treats explicit entries as experiments the user asked for: a rule error is a config error', async () => {
    const e = await configError(
      resolveStudy(
        { model: 'm', experiments: [{ load: { mode: 'batch' } }, { load: { mode: 'rate' } }] },
        quiet,
      ),
    );
    expect(e.issues.map((i) => [i.code, i.path.join('.')])).toEqual([['rate_required', 'load.rate_rps']]);
  });

  it('reports every problem at once: sweep typos, entry typos, shared typos, execution values', async () => {
    const dir = await tempDir({
      's.yaml': [
        'model: m',
        'mesurement: {}',
        'sweep:',
        '  llamacpp.batchsize: [1]',
        'experiments:',
        '  - {max_output_token: 3}',
        'execution: {order: latin-square, n_cycles: 0}',
        '',
      ].join('\n'),
    });
    const e = await configError(loadStudy('s.yaml', { ...quiet, cwd: dir }));
    expect(e.issues.map((i) => `${i.line}:${i.path.join('.')}`)).toEqual([
      '2:mesurement',
      '4:sweep.llamacpp.batchsize',
      '6:experiments.0.max_output_token',
      '7:execution.order',
      '7:execution.n_cycles',
    ]);
  });

  it('layers execution: CLI overrides > file > user gaps > caller defaults > built-ins', async () => {
    const study = await resolveStudy(
      { model: 'm', sweep: { max_output_tokens: [8] }, execution: { n_cycles: 5, cycle_gap_s: 10 } },
      {
        ...quiet,
        userConfig: { gaps: { experiment_gap_s: 7, cycle_gap_s: 70 } },
        executionDefaults: { n_cycles: 3, order: 'sequential' },
        executionOverrides: { order: 'latin_square' },
      },
    );
    expect(study.execution).toMatchObject({
      n_cycles: 5,
      order: 'latin_square',
      experiment_gap_s: 7,
      cycle_gap_s: 10,
    });
    const e = await configError(
      resolveStudy(
        { model: 'm', sweep: { max_output_tokens: [8] } },
        { ...quiet, executionOverrides: { n_cycles: -1 } },
      ),
    );
    expect(e.issues[0]).toMatchObject({ path: ['execution', 'n_cycles'], file: '<command line>' });
  });

  it('validates execution.slurm now and notes it is unused with the local executor', async () => {
    const slurm = {
      partition: 'gpu',
      account: 'lab',
      time_limit: '1-02:00:00',
      gres: 'gpu:1',
      extra_args: ['--qos=high'],
    };
    const local = await resolveStudy(
      { model: 'm', sweep: { max_output_tokens: [8] }, execution: { slurm } },
      quiet,
    );
    expect(local.execution.slurm).toEqual(slurm);
    expect(local.warnings.map((w) => w.code)).toEqual(['EXECUTION_SLURM_IGNORED']);
    const e = await configError(
      resolveStudy(
        {
          model: 'm',
          experiments: [{}],
          execution: { executor: 'slurm', slurm: { time_limit: '2 hours', nodes: 2 } },
        },
        quiet,
      ),
    );
    expect(e.issues.map((i) => i.path.join('.'))).toEqual([
      'execution.slurm.time_limit',
      'execution.slurm.nodes',
    ]);
  });

  it('applies CLI flags and --set to every experiment', async () => {
    const study = await resolveStudy(
      { model: 'm', sweep: { 'llamacpp.threads': [1, 2] } },
      { ...quiet, flags: { 'dataset.n_prompts': 7 }, overrides: ['max_output_tokens=9'] },
    );
    expect(study.points.map((p) => [p.config.dataset.n_prompts, p.config.max_output_tokens])).toEqual([
      [7, 9],
      [7, 9],
    ]);
  });

  it('refuses an empty study and a study name that is not a string', async () => {
    expect((await configError(resolveStudy({ model: 'm', sweep: {} }, quiet))).issues[0]!.code).toBe(
      'study_empty',
    );
    expect((await configError(resolveStudy({ model: 'm', experiments: [] }, quiet))).issues[0]!.code).toBe(
      'study_empty',
    );
    expect(
      (await configError(resolveStudy({ name: 3, model: 'm', experiments: [{}] }, quiet))).issues[0]!.path,
    ).toEqual(['name']);
  });
});

describe('loadConfig on a study', () => {
  it('reports the study’s own problems, and otherwise points to loadStudy', async () => {
    const dir = await tempDir({
      'ok.yaml': 'model: m\nsweep:\n  llamacpp.threads: [1]\n',
      'bad.yaml': 'model: m\nsweep:\n  llamacpp.thread: [1]\n',
    });
    const ok = await configError(loadConfig('ok.yaml', { ...quiet, cwd: dir }));
    expect(ok.issues).toEqual([
      expect.objectContaining({
        code: 'study_file',
        line: 2,
        suggestion: expect.stringContaining('loadStudy()'),
      }),
    ]);
    const bad = await configError(loadConfig('bad.yaml', { ...quiet, cwd: dir }));
    expect(bad.issues).toEqual([expect.objectContaining({ code: 'unknown_key', line: 3 })]);
  });
});

describe('sectionParser', () => {
  it('property: gives exactly what the experiment schema gives (valid or not), sharing unchanged sections', () => {
    const base = { model: 'm', measurement: { warmup: { n_warmup: 2 } }, llamacpp: { threads: 1 } };
    const parse = sectionParser(base);
    const overlayParse = pointParser(base);
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const llamacpp = fc.record(
      {
        threads: fc.integer({ min: -1, max: 8 }),
        sequences: fc.integer({ min: 1, max: 8 }),
        kv_cache_type: fc.constantFrom('f16', 'q8_0', 'q9'),
        gpu_layers: fc.constantFrom(0, 'max', 'all', -2),
      },
      { requiredKeys: [] },
    );
    const measurement = fc.record(
      {
        warmup: fc.record(
          {
            n_warmup: fc.integer({ min: -1, max: 5 }),
            convergence: fc.record(
              { enabled: fc.boolean(), window: fc.integer({ min: 1, max: 4 }) },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
        energy: fc.record(
          {
            sources: fc.constantFrom('auto', ['rapl'], [], ['nope']),
            devices: fc.constantFrom('visible', [0, 1]),
          },
          { requiredKeys: [] },
        ),
        oops: fc.constant(1),
      },
      { requiredKeys: [] },
    );
    const input = fc.record(
      {
        llamacpp: fc.oneof(llamacpp, fc.constant(base.llamacpp), fc.constant(null)),
        measurement: fc.oneof(measurement, fc.constant(base.measurement)),
        max_output_tokens: fc.integer({ min: 0, max: 600 }),
        dataset: fc.record(
          { n_prompts: fc.integer({ min: 0, max: 3 }), input_tokens: maybe(fc.integer({ min: 1, max: 3 })) },
          { requiredKeys: [] },
        ),
        load: fc.record(
          {
            mode: fc.constantFrom('batch', 'rate', 'burst'),
            rate_rps: fc.double({ min: -1, max: 5, noNaN: true }),
          },
          { requiredKeys: [] },
        ),
        openai: fc.record(
          { launch: fc.record({ preset: fc.constantFrom('vllm', 'x') }, { requiredKeys: [] }) },
          { requiredKeys: [] },
        ),
        vllm: fc.record(
          {
            engine: fc.record(
              { block_size: fc.constantFrom(16, 17), extra_arg: fc.string() },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(input, (extra) => {
        const doc: Record<string, unknown> = { ...base, ...extra };
        const full = experimentSchema.safeParse(doc);
        const fast = parse(doc);
        if (!full.success) expect(fast).toBeUndefined();
        else expect(fast).toStrictEqual(full.data);
        // A sweep point: the same input as an overlay deep-merged over the base, never merged here.
        const merged = deepMerge(base, extra) as Record<string, unknown>;
        const viaMerge = experimentSchema.safeParse(merged);
        const point = overlayParse(extra);
        if (!viaMerge.success) expect(point).toBeUndefined();
        else expect(point).toStrictEqual(viaMerge.data);
      }),
      { numRuns: 400 },
    );
    expect(parse({ ...base, nope: 1 })).toBeUndefined();
    expect(overlayParse({ nope: 1 })).toBeUndefined();
    expect(pointParser({ ...base, nope: 1 })({})).toBeUndefined();
  });
});
