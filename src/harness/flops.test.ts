import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../engines/engine.js';
import { estimateFlops } from './flops.js';

// A hand-sized llama: hidden 8, 2 layers, 2 query heads and 1 KV head of dim 4, FFN 16, vocab 10.
// Blocks: 2 × (Q 8·8 + O 8·8 + K 8·4 + V 8·4 + FFN 3·8·16 + norms 2·8) + final norm 8 = 1192.
// Embedding and LM head: 10 × 8 = 80 each.
const tiny: ModelInfo = {
  architecture: 'llama',
  parameters: 80 + 1192 + 80,
  embeddingParameters: 80,
  layers: 2,
  embeddingLength: 8,
  heads: 2,
  kvHeads: 1,
  headDim: 4,
  feedForwardLength: 16,
  vocabSize: 10,
  contextLength: 64,
  weightsBytes: 1352 * 4,
  weightType: 'f32',
};

describe('estimateFlops', () => {
  it('matches a hand computation (3 prompt tokens, 2 generated)', () => {
    // Attention per position t: 4 × layers × t × heads·head_dim = 64·t.
    // Prefill: 2·1192·3 + 64·(1+2+3) + LM head once 2·80 = 7152 + 384 + 160 = 7696.
    // Decode: one step at position 4: 2·(1192+80) + 64·4 = 2544 + 256 = 2800.
    const f = estimateFlops(tiny, [{ inputTokens: 3, outputTokens: 2 }]);
    expect(f.prefill).toBe(7696);
    expect(f.decode).toBe(2800);
    expect(f.total).toBe(10496);
    expect(f.per_output_token).toBe(5248);
    expect(f.method).toBe('analytic_forward');
    expect(f.confidence).toBe('high');
  });

  it('sums over requests', () => {
    // 1 in / 1 out: prefill 2·1192 + 64 + 160 = 2608, no decode step.
    const f = estimateFlops(tiny, [
      { inputTokens: 3, outputTokens: 2 },
      { inputTokens: 1, outputTokens: 1 },
    ]);
    expect(f.prefill).toBe(7696 + 2608);
    expect(f.decode).toBe(2800);
    expect(f.per_output_token).toBe((10496 + 2608) / 3);
  });

  it('counts the LM head of a tied model too (it is still a matmul)', () => {
    const tied = { ...tiny, parameters: 80 + 1192 };
    expect(estimateFlops(tied, [{ inputTokens: 3, outputTokens: 2 }]).total).toBe(10496);
    const told = { ...tiny, parameters: 80 + 1192, tiedEmbeddings: true };
    const f = estimateFlops(told, [{ inputTokens: 3, outputTokens: 2 }]);
    expect(f.total).toBe(10496);
    expect(f.notes.join('\n')).toMatch(/tied to the token embedding \(as reported\)/);
  });

  it('explains grouped-query attention and is not the training formula', () => {
    const notes = estimateFlops(tiny, [{ inputTokens: 1, outputTokens: 1 }]).notes.join('\n');
    expect(notes).toMatch(/grouped-query attention \(1 KV heads for 2 query heads\)/);
    expect(notes).toMatch(/not the 6N training formula/);
  });

  it('lowers confidence for unknown, mixture-of-experts or incomplete models', () => {
    const r = [{ inputTokens: 4, outputTokens: 4 }];
    expect(estimateFlops({ ...tiny, architecture: 'rwkv6' }, r).confidence).toBe('medium');
    expect(estimateFlops({ ...tiny, architecture: 'qwen2moe' }, r).confidence).toBe('low');
    expect(estimateFlops({ ...tiny, parameters: 80 + 1192 * 8 }, r).confidence).toBe('low');
    expect(estimateFlops({ ...tiny, layers: 0 }, r).confidence).toBe('low');
  });

  it('gives zero FLOPs and NaN per token for no requests', () => {
    const f = estimateFlops(tiny, []);
    expect(f.total).toBe(0);
    expect(f.per_output_token).toBeNaN();
  });

  it('is roughly 2 × parameters per token for a 7B model at short context', () => {
    const llama2: ModelInfo = {
      architecture: 'llama',
      parameters: 6_738_415_616,
      embeddingParameters: 32000 * 4096,
      layers: 32,
      embeddingLength: 4096,
      heads: 32,
      kvHeads: 32,
      headDim: 128,
      feedForwardLength: 11008,
      vocabSize: 32000,
      contextLength: 4096,
      weightsBytes: 13_476_839_424,
      weightType: 'f16',
    };
    const f = estimateFlops(llama2, [{ inputTokens: 1, outputTokens: 101 }]);
    const perToken = f.total / 101;
    expect(perToken / (2 * (6_738_415_616 - 32000 * 4096))).toBeGreaterThan(0.99);
    expect(perToken / (2 * (6_738_415_616 - 32000 * 4096))).toBeLessThan(1.02);
    expect(f.confidence).toBe('high');
  });
});
