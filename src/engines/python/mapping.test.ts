import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { workerScriptPath } from './worker-path.js';

// The config → keyword-argument mapping lives in Python (python/llem_worker/mapping.py, the one
// source of truth the worker uses); these tables run it through `worker.py --map`, which needs
// only a plain Python 3 (no engine installed).

interface Case {
  name: string;
  engine: 'transformers' | 'vllm' | 'tensorrt';
  config: Record<string, unknown>;
  /** Expected subset of the mapping (toMatchObject), or the error path. */
  expected?: Record<string, unknown>;
  error?: string;
  /** Keys that must be absent from the given part, e.g. ['generate', 'top_k']. */
  absent?: [string, string][];
}

const base = { model: 'org/tiny', max_input_tokens: 64, max_output_tokens: 16, random_seed: 7 };

const CASES: Case[] = [
  {
    name: 'transformers: defaults are greedy, no kwargs the user did not set',
    engine: 'transformers',
    config: base,
    expected: {
      from_pretrained: {},
      generate: { max_new_tokens: 16, do_sample: false },
      compile: null,
      batch_size: 1,
      max_input_tokens: 64,
    },
    absent: [
      ['generate', 'min_new_tokens'],
      ['generate', 'temperature'],
    ],
  },
  {
    name: 'transformers: every field of the section',
    engine: 'transformers',
    config: {
      ...base,
      fixed_output_length: true,
      sampling: { preset: 'creative', top_k: 40, min_p: 0.05 },
      transformers: {
        batch_size: 8,
        dtype: 'bfloat16',
        attn_implementation: 'flash_attention_2',
        torch_compile: true,
        torch_compile_mode: 'reduce-overhead',
        torch_compile_backend: 'inductor',
        load_in_4bit: true,
        bnb_4bit_compute_dtype: 'bfloat16',
        bnb_4bit_quant_type: 'nf4',
        bnb_4bit_use_double_quant: true,
        use_cache: true,
        cache_implementation: 'static',
        num_beams: 2,
        device_map: 'auto',
        revision: 'main',
      },
    },
    expected: {
      from_pretrained: {
        dtype: 'bfloat16',
        attn_implementation: 'flash_attention_2',
        device_map: 'auto',
        revision: 'main',
        quantization_config: {
          load_in_4bit: true,
          bnb_4bit_compute_dtype: 'bfloat16',
          bnb_4bit_quant_type: 'nf4',
          bnb_4bit_use_double_quant: true,
        },
      },
      generate: {
        max_new_tokens: 16,
        min_new_tokens: 16,
        do_sample: true,
        temperature: 0.8,
        top_p: 0.9,
        top_k: 40,
        min_p: 0.05,
        repetition_penalty: 1.1,
        num_beams: 2,
        use_cache: true,
        cache_implementation: 'static',
      },
      compile: { mode: 'reduce-overhead', backend: 'inductor' },
      batch_size: 8,
    },
  },
  {
    name: 'transformers: 8-bit alone',
    engine: 'transformers',
    config: { ...base, transformers: { load_in_8bit: true } },
    expected: { from_pretrained: { quantization_config: { load_in_8bit: true } } },
  },
  {
    name: 'transformers: 4-bit and 8-bit are exclusive',
    engine: 'transformers',
    config: { ...base, transformers: { load_in_4bit: true, load_in_8bit: true } },
    error: 'transformers.load_in_8bit',
  },
  {
    name: 'transformers: flash attention with float32 is refused',
    engine: 'transformers',
    config: { ...base, transformers: { attn_implementation: 'flash_attention_2', dtype: 'float32' } },
    error: 'transformers.attn_implementation',
  },
  {
    name: 'transformers: flash attention with the default dtype (float32) is refused',
    engine: 'transformers',
    config: { ...base, transformers: { attn_implementation: 'flash_attention_3' } },
    error: 'transformers.attn_implementation',
  },
  {
    name: 'transformers: sampling says top_k 0 (off) rather than inheriting 50',
    engine: 'transformers',
    config: { ...base, sampling: { temperature: 0.7 } },
    expected: { generate: { do_sample: true, temperature: 0.7, top_k: 0, top_p: 1 } },
  },
  {
    name: 'transformers: cache_implementation is dropped without the cache',
    engine: 'transformers',
    config: { ...base, transformers: { use_cache: false, cache_implementation: 'static' } },
    expected: { generate: { use_cache: false } },
    absent: [['generate', 'cache_implementation']],
  },
  {
    name: 'vllm: engine fields and unknown keys pass through; sampling',
    engine: 'vllm',
    config: {
      ...base,
      sampling: { preset: 'standard' },
      vllm: {
        engine: {
          dtype: 'bfloat16',
          gpu_memory_utilization: 0.8,
          block_size: 32,
          enforce_eager: true,
          max_num_seqs: 64,
          tensor_parallel_size: 2,
          speculative_config: { method: 'ngram', num_speculative_tokens: 3 },
          swap_space: 8,
        },
      },
    },
    expected: {
      llm: {
        model: 'org/tiny',
        seed: 7,
        dtype: 'bfloat16',
        gpu_memory_utilization: 0.8,
        block_size: 32,
        enforce_eager: true,
        max_num_seqs: 64,
        tensor_parallel_size: 2,
        speculative_config: { method: 'ngram', num_speculative_tokens: 3 },
        swap_space: 8,
      },
      sampling: { n: 1, max_tokens: 16, temperature: 1, top_p: 0.95, top_k: -1, seed: 7 },
    },
  },
  {
    name: 'vllm: fixed output length ignores EOS',
    engine: 'vllm',
    config: { ...base, fixed_output_length: true },
    expected: { sampling: { max_tokens: 16, min_tokens: 16, ignore_eos: true, temperature: 0 } },
  },
  {
    name: 'vllm: gpu_memory_utilization and kv_cache_memory_bytes are exclusive',
    engine: 'vllm',
    config: { ...base, vllm: { engine: { gpu_memory_utilization: 0.5, kv_cache_memory_bytes: 1e9 } } },
    error: 'vllm.engine.kv_cache_memory_bytes',
  },
  {
    name: 'tensorrt: LLM API fields, quant and KV cache configs',
    engine: 'tensorrt',
    config: {
      ...base,
      tensorrt: {
        max_batch_size: 16,
        max_input_len: 64,
        max_seq_len: 128,
        tensor_parallel_size: 2,
        dtype: 'float16',
        quant_config: { quant_algo: 'FP8' },
        kv_cache_config: { free_gpu_memory_fraction: 0.9 },
      },
    },
    expected: {
      llm: {
        model: 'org/tiny',
        max_batch_size: 16,
        max_input_len: 64,
        max_seq_len: 128,
        tensor_parallel_size: 2,
        dtype: 'float16',
        quant_config: { quant_algo: 'FP8' },
        kv_cache_config: { free_gpu_memory_fraction: 0.9 },
      },
      sampling: { max_tokens: 16, temperature: 0, top_k: 1, seed: 7 },
    },
  },
  {
    name: 'tensorrt: engine_path replaces the model, the tokenizer comes from the model',
    engine: 'tensorrt',
    config: { ...base, tensorrt: { engine_path: '/engines/tiny' } },
    expected: { llm: { model: '/engines/tiny', tokenizer: 'org/tiny' } },
  },
  {
    name: 'tensorrt: max_seq_len below prompt + output is refused',
    engine: 'tensorrt',
    config: { ...base, tensorrt: { max_seq_len: 32 } },
    error: 'tensorrt.max_seq_len',
  },
];

function runMapping(cases: readonly Case[]): Record<string, unknown>[] {
  const input = JSON.stringify(cases.map((c) => ({ engine: c.engine, config: c.config })));
  const out = execFileSync('python3', [workerScriptPath(), '--map'], { input, encoding: 'utf8' });
  return JSON.parse(out) as Record<string, unknown>[];
}

describe('config → engine kwargs (python/llem_worker/mapping.py)', () => {
  const results = runMapping(CASES);
  CASES.forEach((c, i) => {
    it(c.name, () => {
      const got = results[i]!;
      if (c.error !== undefined) {
        expect(got.error).toMatchObject({ path: c.error });
        return;
      }
      expect(got.error).toBeUndefined();
      expect(got).toMatchObject(c.expected ?? {});
      for (const [part, key] of c.absent ?? []) expect(got[part]).not.toHaveProperty(key);
    });
  });
});
