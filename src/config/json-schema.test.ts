import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_ID, configJsonSchema } from './json-schema.js';

type Node = Record<string, unknown>;

/** Every JSON Schema node with `properties`, with its dotted location. */
function objectNodes(node: unknown, at = ''): [string, Node][] {
  if (typeof node !== 'object' || node === null) return [];
  if (Array.isArray(node)) return node.flatMap((n, i) => objectNodes(n, `${at}[${i}]`));
  const n = node as Node;
  const own: [string, Node][] = n.properties !== undefined ? [[at, n]] : [];
  const children = Object.entries(n).flatMap(([k, v]) =>
    k === 'properties'
      ? Object.entries(v as Node).flatMap(([p, s]) => objectNodes(s, at === '' ? p : `${at}.${p}`))
      : objectNodes(v, at),
  );
  return [...own, ...children];
}

describe('configJsonSchema', () => {
  const schema = configJsonSchema();

  it('is a draft 2020-12 schema with an id and title', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(CONFIG_SCHEMA_ID);
    expect(schema.title).toMatch(/llem/);
  });

  it('requires model for an experiment, sweep or experiments for a study (defaulted fields are optional)', () => {
    expect(schema.required).toBeUndefined();
    expect(schema.anyOf).toEqual([
      expect.objectContaining({ required: ['model'] }),
      { required: ['sweep'] },
      { required: ['experiments'] },
    ]);
  });

  it('rejects unknown keys at every object level except pass-through maps', () => {
    const nodes = objectNodes(schema);
    expect(nodes.length).toBeGreaterThan(10);
    for (const [at, node] of nodes) {
      if (at.replace(/\[\d+\]/g, '').endsWith('vllm.engine'))
        expect(node.additionalProperties, at).toEqual({});
      else expect(node.additionalProperties, at).toBe(false);
    }
  });

  it('carries defaults, enums and descriptions', () => {
    const props = schema.properties as Record<string, Node>;
    expect(props.engine).toMatchObject({ default: 'llamacpp', enum: expect.arrayContaining(['vllm']) });
    expect(props.model!.description).toMatch(/GGUF/);
    const dataset = props.dataset as { properties: Record<string, Node> };
    expect(dataset.properties.n_prompts).toMatchObject({ type: 'integer', default: 100 });
  });

  it('allows $schema and x- keys at the top level', () => {
    expect((schema.properties as Node).$schema).toMatchObject({ type: 'string' });
    expect(schema.patternProperties).toEqual({ '^x-': {} });
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  describe('studies', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const ok = (doc: unknown) => {
      const valid = validate(doc);
      return valid ? true : (validate.errors ?? []);
    };

    it('accepts a study: dotted and nested axes, groups, explicit entries, base and execution', () => {
      const study = {
        name: 'kv-threads',
        base: 'common.yaml',
        sweep: {
          engine: ['llamacpp'],
          'llamacpp.threads': [1, 2],
          llamacpp: [{}, { kv_cache_type: 'q8_0', flash_attention: true }],
          measurement: { warmup: { n_warmup: [0, 5] } },
          'vllm.engine.some_new_vllm_arg': [1, 2],
        },
        experiments: [{ llamacpp: { sequences: 8 } }],
        execution: {
          n_cycles: 3,
          order: 'latin_square',
          executor: 'slurm',
          slurm: { time_limit: '1-00:00:00' },
        },
      };
      expect(ok(study)).toBe(true);
      expect(ok({ model: 'builtin:tiny', experiments: [{ max_output_tokens: 8 }] })).toBe(true);
    });

    it('rejects unknown sweep keys, non-list axes, unknown entry keys and bad execution values', () => {
      expect(ok({ model: 'x', sweep: { 'llamacpp.batchsize': [1] } })).not.toBe(true);
      expect(ok({ model: 'x', sweep: { 'llamacpp.threads': 2 } })).not.toBe(true);
      expect(ok({ model: 'x', sweep: { 'llamacpp.kv_cache_type': ['q8'] } })).not.toBe(true);
      expect(ok({ model: 'x', experiments: [{ threadz: 2 }] })).not.toBe(true);
      expect(ok({ model: 'x', sweep: {}, execution: { order: 'latin-square' } })).not.toBe(true);
      expect(ok({ model: 'x', sweep: {}, execution: { slurm: { time_limit: 'two hours' } } })).not.toBe(true);
    });

    it('accepts range shorthands on numeric axes only, with their keys checked', () => {
      const sweep = (axis: string, value: unknown) => ok({ model: 'x', sweep: { [axis]: value } });
      expect(sweep('llamacpp.batch_size', { start: 32, stop: 512, num: 5 })).toBe(true);
      expect(sweep('load.rate_rps', { start: 1, stop: 100, num: 3, scale: 'log' })).toBe(true);
      expect(sweep('llamacpp.sequences', { pow2: [1, 64] })).toBe(true);
      expect(sweep('llamacpp.gpu_layers', { pow2: [1, 32] })).toBe(true);
      expect(sweep('llamacpp.batch_size', { start: 32, stop: 512, step: 5 })).not.toBe(true);
      expect(sweep('llamacpp.sequences', { pow2: [1] })).not.toBe(true);
      expect(sweep('llamacpp.kv_cache_type', { start: 1, stop: 2, num: 2 })).not.toBe(true);
    });

    it('keeps study-only keys out of a single experiment', () => {
      expect(ok({ model: 'x', execution: { n_cycles: 2 } })).not.toBe(true);
      expect(ok({ model: 'x', base: 'b.yaml' })).not.toBe(true);
    });
  });
});
