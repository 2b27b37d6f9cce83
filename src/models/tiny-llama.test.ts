// The tiny model in the real node-llama-cpp: it loads, generates, tokenises text sensibly, and its
// quantised variants compute nearly what the f32 model computes (which checks the block layout).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, type Llama, LlamaLogLevel, type LlamaModel, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_SIZES, type TinyWeightType, writeTinyModel } from './tiny.js';

const TYPES: TinyWeightType[] = ['f32', 'f16', 'q8_0', 'q4_0'];
let dir: string;
let llama: Llama;
const models = new Map<string, LlamaModel>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llem-tiny-llama-'));
  llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.warn });
  for (const type of TYPES) {
    const { path } = await writeTinyModel({ out: join(dir, `${type}.gguf`), type });
    models.set(type, await llama.loadModel({ modelPath: path }));
  }
  const other = await writeTinyModel({ out: join(dir, 'seed7.gguf'), seed: 7 });
  models.set('seed7', await llama.loadModel({ modelPath: other.path }));
});

afterAll(async () => {
  for (const m of models.values()) await m.dispose();
  await llama?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Greedy-decodes `n` tokens after `prompt`, never stopping at end-of-generation. */
async function generate(model: LlamaModel, prompt: string, n: number): Promise<Token[]> {
  const context = await model.createContext({ threads: 1, contextSize: 256 });
  try {
    const out: Token[] = [];
    for await (const token of context
      .getSequence()
      .evaluate(model.tokenize(prompt), { yieldEogToken: true })) {
      out.push(token);
      if (out.length >= n) break;
    }
    return out;
  } finally {
    await context.dispose();
  }
}

/** Next-token probabilities after `prompt`, in token-id order. */
async function nextTokenProbabilities(model: LlamaModel, prompt: string): Promise<number[]> {
  const context = await model.createContext({ threads: 1, contextSize: 256 });
  try {
    const gen = context.getSequence().evaluateWithMetadata(model.tokenize(prompt), { probabilities: true });
    const first = await gen.next();
    await gen.return();
    if (first.done) throw new Error('no output');
    const p = new Array<number>(TINY_SIZES.tiny.vocab).fill(0);
    for (const [token, prob] of first.value.probabilities) p[token] = prob;
    return p;
  } finally {
    await context.dispose();
  }
}

function correlation(x: number[], y: number[]): number {
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i]! - my);
    sxx += (xi - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('the tiny model in node-llama-cpp', () => {
  it.each(TYPES)('loads and generates 20 tokens as %s', async (type) => {
    const model = models.get(type)!;
    expect(model.trainContextSize).toBe(TINY_SIZES.tiny.context);
    const tokens = await generate(model, 'Once upon a time', 20);
    expect(tokens).toHaveLength(20);
    for (const t of tokens) {
      expect(t).toBeGreaterThanOrEqual(0);
      expect(t).toBeLessThan(TINY_SIZES.tiny.vocab);
    }
    expect(typeof model.detokenize(tokens)).toBe('string');
  });

  it('round-trips text through the tokenizer', () => {
    const model = models.get('f32')!;
    for (const text of [
      'Hello world, café 😀\n',
      'Tabs\tand  two spaces',
      '日本語のテキスト',
      'x = a_b + 42; // ok?',
    ]) {
      expect(model.detokenize(model.tokenize(text))).toBe(text);
    }
  });

  it('tokenises English to words and subwords, not bytes', () => {
    const model = models.get('f32')!;
    const text =
      'The quick brown fox jumps over the lazy dog. Energy efficiency of language model inference matters.';
    const tokens = model.tokenize(text);
    expect(tokens.length).toBeLessThan(text.length / 2.5);
    expect(model.tokenize('the energy')).toHaveLength(2); // ▁the ▁energy
  });

  it('quantised weights compute nearly the f32 model (a different seed does not)', async () => {
    const prompt = 'The energy of inference';
    const ref = await nextTokenProbabilities(models.get('f32')!, prompt);
    expect(correlation(ref, await nextTokenProbabilities(models.get('f16')!, prompt))).toBeGreaterThan(
      0.9999,
    );
    expect(correlation(ref, await nextTokenProbabilities(models.get('q8_0')!, prompt))).toBeGreaterThan(
      0.999,
    );
    expect(correlation(ref, await nextTokenProbabilities(models.get('q4_0')!, prompt))).toBeGreaterThan(0.95);
    expect(
      Math.abs(correlation(ref, await nextTokenProbabilities(models.get('seed7')!, prompt))),
    ).toBeLessThan(0.5);
  });
});
