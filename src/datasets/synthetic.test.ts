import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import type { Tokenizer } from '../engines/engine.js';
import { syntheticPrompts } from './synthetic.js';

// Fake tokenizers stand in here; the engine-side tests exercise the real llama.cpp tokenizer.

/** One token per whitespace-separated word; ids assigned on first sight. */
function wordTokenizer(): Tokenizer {
  const ids = new Map<string, number>();
  const words: string[] = [];
  return {
    tokenize: (text) =>
      text
        .split(/\s+/)
        .filter((w) => w !== '')
        .map((w) => {
          let id = ids.get(w);
          if (id === undefined) {
            id = words.length;
            ids.set(w, id);
            words.push(w);
          }
          return id;
        }),
    detokenize: (tokens) => tokens.map((t) => words[t]).join(' '),
  };
}

/** One token per UTF-16 code unit: many tokens per word. */
const charTokenizer: Tokenizer = {
  tokenize: (text) => Array.from(text, (c) => c.charCodeAt(0)),
  detokenize: (tokens) => String.fromCharCode(...tokens),
};

describe('syntheticPrompts', () => {
  it('builds prompts of exactly input_tokens tokens for a word tokenizer and a char tokenizer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer(),
        (n, count, seed) => {
          for (const tokenizer of [wordTokenizer(), charTokenizer]) {
            const prompts = syntheticPrompts({ count, inputTokens: n, outputTokens: 64, seed, tokenizer });
            expect(prompts).toHaveLength(count);
            for (const p of prompts) {
              expect(p.tokens).toHaveLength(n);
              expect(p.text).toBe(tokenizer.detokenize(p.tokens!));
              expect(p.maxOutputTokens).toBe(64);
              expect(p.source).toBe('synthetic');
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('re-tokenizes its text to the same ids for a word tokenizer', () => {
    const tokenizer = wordTokenizer();
    const [p] = syntheticPrompts({ count: 1, inputTokens: 50, outputTokens: undefined, seed: 3, tokenizer });
    expect(tokenizer.tokenize(p!.text!)).toEqual(p!.tokens);
    expect(p!.maxOutputTokens).toBeUndefined();
  });

  it('is seed-stable and gives distinct prompts', () => {
    const make = (seed: number) =>
      syntheticPrompts({ count: 20, inputTokens: 32, outputTokens: 8, seed, tokenizer: charTokenizer });
    expect(make(1)).toEqual(make(1));
    expect(make(1)).not.toEqual(make(2));
    expect(new Set(make(1).map((p) => p.text)).size).toBe(20);
  });

  it('needs a tokenizer and input_tokens', () => {
    const locate = (path: (string | number)[]) =>
      path.join('.') === 'dataset' ? { file: 'exp.yaml', line: 3, column: 1 } : undefined;
    const noTokenizer = () =>
      syntheticPrompts({ count: 1, inputTokens: 8, outputTokens: 8, seed: 1, tokenizer: undefined, locate });
    expect(noTokenizer).toThrow(ConfigError);
    expect(noTokenizer).toThrow(/tokenizer/);
    try {
      syntheticPrompts({
        count: 1,
        inputTokens: undefined,
        outputTokens: 8,
        seed: 1,
        tokenizer: charTokenizer,
        locate,
      });
    } catch (e) {
      expect((e as ConfigError).issues[0]).toMatchObject({
        path: ['dataset', 'input_tokens'],
        file: 'exp.yaml',
        line: 3,
      });
      return;
    }
    throw new Error('expected a ConfigError');
  });
});
