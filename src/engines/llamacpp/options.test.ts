import { describe, expect, it } from 'vitest';
import { type ExperimentInput, experimentSchema } from '../../config/schema.js';
import { isLlemError } from '../../core/errors.js';
import { defaultThreads, planLoad } from './options.js';
import { requestSeed, resolveSampling } from './sampling.js';

const config = (input: Partial<ExperimentInput> = {}) =>
  experimentSchema.parse({ model: 'builtin:tiny', ...input });

describe('planLoad', () => {
  it('defaults: one sequence, context = input + output + slack, threads always set, CPU only when gpu_layers is 0', () => {
    const plan = planLoad(config({ max_input_tokens: 100, max_output_tokens: 50 }), 8);
    expect(plan.context).toEqual({ sequences: 1, contextSize: 158, threads: 7 });
    expect(plan.threadsSource).toBe('default');
    expect(plan.gpu).toBe('auto');
    expect(plan.model).toEqual({});
    expect(planLoad(config({ llamacpp: { gpu_layers: 0 } })).gpu).toBe('cpu');
  });

  it('maps every llamacpp field to node-llama-cpp options', () => {
    const plan = planLoad(
      config({
        llamacpp: {
          gpu_layers: 'max',
          context_size: 512,
          batch_size: 64,
          ubatch_size: 64,
          sequences: 3,
          threads: 2,
          flash_attention: true,
          kv_cache_type: 'q8_0',
          use_mmap: false,
        },
      }),
    );
    expect(plan.model).toEqual({ gpuLayers: 'max', useMmap: false });
    expect(plan.context).toEqual({
      sequences: 3,
      contextSize: 512,
      batchSize: 64,
      threads: 2,
      flashAttention: true,
      experimentalKvCacheKeyType: 'Q8_0',
      experimentalKvCacheValueType: 'Q8_0',
    });
    expect(plan.threadsSource).toBe('config');
  });

  it('refuses a ubatch_size that node-llama-cpp cannot honour, naming the field', () => {
    for (const llamacpp of [{ ubatch_size: 32 }, { ubatch_size: 32, batch_size: 64 }]) {
      try {
        planLoad(config({ llamacpp }));
        expect.unreachable();
      } catch (error) {
        expect(isLlemError(error, 'ERR_ENGINE_FAILED')).toBe(true);
        expect((error as Error).message).toMatch(/ubatch_size=32.*node-llama-cpp 3\.21\.1/);
      }
    }
  });

  it('default threads: one per physical core, leaving one logical CPU for the event loop, at least 1', () => {
    expect(defaultThreads(1)).toBe(1);
    expect(defaultThreads(2, 2)).toBe(1);
    expect(defaultThreads(16, 8)).toBe(8);
    expect(defaultThreads(16, 16)).toBe(15);
    expect(defaultThreads()).toBeGreaterThanOrEqual(1);
  });
});

describe('resolveSampling', () => {
  const neutral = { temperature: 0, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1 };

  it('defaults to greedy with every filter off', () => {
    expect(resolveSampling({})).toEqual(neutral);
  });

  it('maps the presets of SPEC §2.1', () => {
    expect(resolveSampling({ preset: 'deterministic' })).toEqual(neutral);
    expect(resolveSampling({ preset: 'standard' })).toEqual({ ...neutral, temperature: 1, topP: 0.95 });
    expect(resolveSampling({ preset: 'creative' })).toEqual({
      ...neutral,
      temperature: 0.8,
      topP: 0.9,
      repetitionPenalty: 1.1,
    });
    expect(resolveSampling({ preset: 'factual' })).toEqual({ ...neutral, temperature: 0.3 });
  });

  it('lets explicit values win over the preset', () => {
    expect(
      resolveSampling({
        preset: 'creative',
        temperature: 0.5,
        top_k: 20,
        top_p: 0.8,
        min_p: 0.05,
        repetition_penalty: 1.3,
      }),
    ).toEqual({ temperature: 0.5, topK: 20, topP: 0.8, minP: 0.05, repetitionPenalty: 1.3 });
  });

  it('derives a distinct, reproducible unsigned seed per request', () => {
    expect(requestSeed(42, 0)).toBe(42);
    expect(requestSeed(42, 3)).toBe(45);
    expect(requestSeed(-1, 0)).toBe(0xffff_ffff);
  });
});
