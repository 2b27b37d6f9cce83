import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../engine.js';
import { estimateMemory } from './memory-estimate.js';

const llama3_8b: ModelInfo = {
  architecture: 'llama',
  parameters: 8_030_261_248,
  embeddingParameters: 128256 * 4096,
  layers: 32,
  embeddingLength: 4096,
  heads: 32,
  kvHeads: 8,
  headDim: 128,
  feedForwardLength: 14336,
  vocabSize: 128256,
  contextLength: 8192,
  weightsBytes: 4_920_734_016,
  weightType: 'q4_K',
};

const MiB = 1024 * 1024;

describe('estimateMemory', () => {
  it('sizes the KV cache as llama.cpp does (Llama-3-8B, 8192 tokens: 1024 MiB in f16)', () => {
    const m = estimateMemory(llama3_8b, { sequences: 1, contextSize: 8192, kvCacheType: 'f16' });
    expect(m.kv_cache_bytes).toBe(1024 * MiB);
    expect(m.weights_bytes).toBe(4_920_734_016);
    expect(
      estimateMemory(llama3_8b, { sequences: 1, contextSize: 8192, kvCacheType: 'q8_0' }).kv_cache_bytes,
    ).toBe(544 * MiB);
    expect(
      estimateMemory(llama3_8b, { sequences: 1, contextSize: 8192, kvCacheType: 'q4_0' }).kv_cache_bytes,
    ).toBe(288 * MiB);
    expect(
      estimateMemory(llama3_8b, { sequences: 1, contextSize: 8192, kvCacheType: 'f32' }).kv_cache_bytes,
    ).toBe(2048 * MiB);
  });

  it('scales the KV cache with sequences × context per sequence', () => {
    const m = estimateMemory(llama3_8b, { sequences: 4, contextSize: 2048, kvCacheType: 'f16' });
    expect(m.kv_cache_bytes).toBe(1024 * MiB);
  });

  it('adds the documented compute-buffer heuristic and totals the parts', () => {
    const m = estimateMemory(llama3_8b, { sequences: 1, contextSize: 8192, kvCacheType: 'f16' });
    // max(scores 4·512·8192·32, activations 4·512·(4·4096 + 2·14336)) + logits 4·512·128256 + 64 MiB.
    expect(m.overhead_bytes).toBe(536_870_912 + 262_668_288 + 64 * MiB);
    expect(m.total_bytes).toBe(m.weights_bytes + m.kv_cache_bytes + m.overhead_bytes);
    const fa = estimateMemory(llama3_8b, {
      sequences: 1,
      contextSize: 8192,
      kvCacheType: 'f16',
      flashAttention: true,
    });
    expect(fa.overhead_bytes).toBe(92_274_688 + 262_668_288 + 64 * MiB);
    expect(m.notes.join('\n')).toMatch(/heuristic/);
  });

  it('caps the micro-batch at the number of KV cells', () => {
    const m = estimateMemory(llama3_8b, { sequences: 1, contextSize: 16, kvCacheType: 'f16' });
    expect(m.overhead_bytes).toBe(4 * 16 * (4 * 4096 + 2 * 14336) + 4 * 16 * 128256 + 64 * MiB);
  });
});
