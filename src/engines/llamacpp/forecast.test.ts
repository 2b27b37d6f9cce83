import { describe, expect, it } from 'vitest';
import { type ExperimentInput, experimentSchema } from '../../config/schema.js';
import type { ModelInfo } from '../engine.js';
import { forecastLlamaCpp } from './forecast.js';

const config = (input: Omit<ExperimentInput, 'model'>) =>
  experimentSchema.parse({ model: 'x.gguf', ...input });

const model: ModelInfo = {
  architecture: 'llama',
  parameters: 1e9,
  embeddingParameters: 1e8,
  layers: 16,
  embeddingLength: 2048,
  heads: 16,
  kvHeads: 4,
  headDim: 128,
  feedForwardLength: 8192,
  vocabSize: 32000,
  contextLength: 4096,
  weightsBytes: 2e9,
  weightType: 'f16',
};

describe('forecastLlamaCpp', () => {
  it('sizes the KV cache for llamacpp.sequences × context_size and decodes memory-bound on the CPU', () => {
    const f = forecastLlamaCpp(config({ llamacpp: { sequences: 4, context_size: 1024 } }), model);
    expect(f.memory).toMatchObject({ kv_sequences: 4, kv_context_tokens: 1024, weights_bytes: 2e9 });
    expect(f.memory!.kv_cache_bytes).toBe(2 * 16 * 4 * 128 * 4 * 1024 * 2);
    expect(f.batchSequences).toBe(4);
    expect(f.batchingSpeedsUp).toBe(false);
    expect(f.decodeStepS).toBeCloseTo(2e9 / 10e9);
    expect(f.loadS).toBeCloseTo(0.5 + 2);
  });

  it('offloaded layers decode at GPU bandwidth, sequences together; the default context is prompt + output + slack', () => {
    const f = forecastLlamaCpp(
      config({ llamacpp: { gpu_layers: 'max' }, max_input_tokens: 100, max_output_tokens: 50 }),
      model,
    );
    expect(f.batchingSpeedsUp).toBe(true);
    // 2 GB at 1.5 TB/s is 1.3 ms, under the 2 ms floor per step.
    expect(f.decodeStepS).toBe(0.002);
    expect(f.memory!.kv_context_tokens).toBe(158);
    expect(f.assumptions.join('\n')).toMatch(/1500 GB\/s \(GPU/);
  });

  it('without model facts: no memory figure, and the times are flagged as guesses', () => {
    const f = forecastLlamaCpp(config({}), undefined);
    expect(f.memory).toBeNull();
    expect(f.assumptions[0]).toMatch(/model size unknown/);
  });
});
