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

  it('requires only model (the input side: defaulted fields are optional)', () => {
    expect(schema.required).toEqual(['model']);
  });

  it('rejects unknown keys at every object level except pass-through maps', () => {
    const nodes = objectNodes(schema);
    expect(nodes.length).toBeGreaterThan(10);
    for (const [at, node] of nodes) {
      if (at === 'vllm.engine') expect(node.additionalProperties, at).toEqual({});
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
});
