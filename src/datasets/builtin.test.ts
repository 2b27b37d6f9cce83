import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROMPTS_URL, loadBuiltinPrompts } from './builtin.js';

const words = (s: string) => s.split(/\s+/).filter((w) => w !== '');
const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9 ]/g, '');

/** Word 3-gram shingles: two prompts sharing most of them are near-duplicates. */
function shingles(s: string): Set<string> {
  const w = words(normalise(s));
  const out = new Set<string>();
  for (let i = 0; i + 3 <= Math.max(w.length, 3); i++) out.add(w.slice(i, i + 3).join(' '));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

describe('builtin prompt set', () => {
  it('ships as data/builtin-prompts.jsonl with exactly {prompt, category} per line', async () => {
    const text = await readFile(fileURLToPath(BUILTIN_PROMPTS_URL), 'utf8');
    const lines = text.split('\n').filter((l) => l !== '');
    for (const line of lines) {
      const row = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(row).sort()).toEqual(['category', 'prompt']);
      expect(typeof row.prompt).toBe('string');
      expect((row.prompt as string).trim()).toBe(row.prompt);
      // No control characters other than the newlines inside multi-line prompts.
      expect([...(row.prompt as string)].some((c) => c < ' ' && c !== '\n')).toBe(false);
    }
  });

  it('has at least 520 unique prompts, no near-duplicates, across many categories', async () => {
    const { prompts, sha256, license } = await loadBuiltinPrompts();
    const texts = prompts.map((p) => p.text!);
    expect(texts.length).toBeGreaterThanOrEqual(520);
    expect(new Set(texts.map(normalise)).size).toBe(texts.length);

    const sets = texts.map(shingles);
    let worst = 0;
    for (let i = 0; i < sets.length; i++)
      for (let j = i + 1; j < sets.length; j++) worst = Math.max(worst, jaccard(sets[i]!, sets[j]!));
    expect(worst).toBeLessThan(0.5);

    const byCategory = new Map<string, number>();
    for (const p of prompts) byCategory.set(p.source, (byCategory.get(p.source) ?? 0) + 1);
    expect(byCategory.size).toBeGreaterThanOrEqual(12);
    for (const n of byCategory.values()) expect(n).toBeGreaterThanOrEqual(25);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(license).toBe('apache-2.0');
  });

  it('spans lengths from a few words to over 300', async () => {
    const { prompts } = await loadBuiltinPrompts();
    const lengths = prompts.map((p) => words(p.text!).length).sort((a, b) => a - b);
    const median = lengths[Math.floor(lengths.length / 2)]!;
    console.info(
      `builtin prompts: ${lengths.length}, words min ${lengths[0]} / median ${median} / max ${lengths.at(-1)}`,
    );
    expect(lengths[0]).toBeLessThanOrEqual(3);
    expect(lengths.at(-1)).toBeGreaterThanOrEqual(300);
    expect(lengths.filter((n) => n >= 300).length).toBeGreaterThanOrEqual(5);
    expect(lengths.filter((n) => n >= 100).length).toBeGreaterThanOrEqual(25);
    expect(lengths.filter((n) => n >= 30 && n < 100).length).toBeGreaterThanOrEqual(40);
    expect(median).toBeGreaterThanOrEqual(8);
  });

  it('gives each caller its own prompt objects', async () => {
    const a = await loadBuiltinPrompts();
    a.prompts[0]!.text = 'changed';
    const b = await loadBuiltinPrompts();
    expect(b.prompts[0]!.text).not.toBe('changed');
  });
});
