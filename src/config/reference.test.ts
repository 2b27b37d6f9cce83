import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { configReference, referenceRows } from './reference.js';
import { experimentSchema } from './schema.js';

type Def = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Leaf paths found by walking zod's own definitions (independently of fields.ts). */
function leaves(schema: z.ZodType, prefix: string[] = []): string[] {
  let s = schema;
  while (defOf(s).innerType !== undefined && defOf(s).type !== 'object') s = defOf(s).innerType!;
  const def = defOf(s);
  if (def.type !== 'object') return [prefix.join('.')];
  return Object.entries(def.shape!).flatMap(([k, v]) => leaves(v, [...prefix, k]));
}

describe('configReference', () => {
  const text = configReference();

  it('documents every leaf field of the schema', () => {
    const paths = leaves(experimentSchema);
    expect(paths.length).toBeGreaterThan(80);
    for (const p of paths) expect(text, p).toContain(`| \`${p}\` |`);
  });

  it('gives every field a type, default and description', () => {
    for (const row of referenceRows()) {
      expect(row.type, row.path).not.toBe('');
      expect(row.default, row.path).not.toBe('');
      expect(row.description, row.path).not.toBe('');
    }
  });

  it('shows allowed values, ranges and defaults', () => {
    expect(text).toContain(
      '| `dataset.order` | one of: `interleaved`, `grouped`, `shuffled` | `interleaved` |',
    );
    expect(text).toContain('| `measurement.baseline.duration_s` | a number from 5 to 120 | `30` |');
    expect(text).toContain('| `model` | a string | **required** |');
    expect(text).toMatch(/### `vllm\.engine`\n\n.*\n\nKeys not listed here are passed through unchanged\./);
  });

  it('is a valid markdown table (no unescaped pipes in cells)', () => {
    for (const line of text.split('\n').filter((l) => l.startsWith('| `'))) {
      expect(line.replace(/\\\|/g, '').split('|').length, line).toBe(6);
    }
  });
});
