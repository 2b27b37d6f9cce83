import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { experimentSchema } from '../../config/schema.js';
import { systemClock } from '../../core/clock.js';
import { PythonEngine } from './engine.js';

// The vLLM and TensorRT-LLM adapters driven end to end through the worker protocol against
// stand-in modules (test/fixtures/python/stubs: the API shape the adapters call, not the engines),
// with a plain python3: import, load with the mapped kwargs, generate, token counts, shutdown.
// The real engines need a GPU; scripts/gpu-python-check.sh is where they would be exercised.
const STUBS = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'python', 'stubs');
const ctx = { clock: systemClock, cacheDir: '/tmp', baseDir: '/tmp', log: () => {} };

function engine(name: 'vllm' | 'tensorrt'): PythonEngine {
  return new PythonEngine(name, { env: { ...process.env, LLEM_PYTHON: 'python3', PYTHONPATH: STUBS } });
}

const requests = ['hello', 'a much longer prompt than the limit allows'].map((prompt, id) => ({
  id,
  prompt,
  maxOutputTokens: 5,
  scheduledOffsetMs: 0,
}));

describe('vLLM and TensorRT-LLM adapters (stand-in engines)', () => {
  it('vllm: LLM gets the engine section, every request one SamplingParams, counts come back', async () => {
    const e = engine('vllm');
    const probe = await e.probe();
    expect(probe).toMatchObject({ available: true, version: '0.0.0-stub' });
    const config = experimentSchema.parse({
      model: 'org/tiny',
      engine: 'vllm',
      max_input_tokens: 16,
      max_output_tokens: 5,
      fixed_output_length: true,
      vllm: { engine: { max_num_seqs: 8, enforce_eager: true, swap_space: 4 } },
    });
    const info = await e.load(config, ctx);
    expect(info).toMatchObject({ architecture: 'llama', layers: 2, heads: 4, kvHeads: 2, headDim: 16 });
    const records = await e.run(requests, { mode: 'batch' });
    expect(records.map((r) => [r.inputTokens, r.truncated ?? false, r.outputTokens])).toEqual([
      [5, false, 5],
      [16, true, 5],
    ]);
    for (const r of records) expect(r.firstTokenMs).toBeGreaterThanOrEqual(r.startMs);
    expect(e.effectiveSettings()).toMatchObject({
      llm: { model: 'org/tiny', max_num_seqs: 8, enforce_eager: true, swap_space: 4 },
      sampling: { max_tokens: 5, ignore_eos: true, min_tokens: 5 },
    });
    await e.unload();
  });

  it('tensorrt: engine_path, quant and KV cache configs, counts come back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llem-trt-'));
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        model_type: 'llama',
        hidden_size: 64,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        num_key_value_heads: 4,
        intermediate_size: 128,
        vocab_size: 300,
        max_position_embeddings: 256,
      }),
    );
    const e = engine('tensorrt');
    const config = experimentSchema.parse({
      model: dir,
      engine: 'tensorrt',
      max_input_tokens: 16,
      max_output_tokens: 5,
      tensorrt: {
        engine_path: '/engines/tiny',
        max_batch_size: 4,
        quant_config: { quant_algo: 'FP8' },
        kv_cache_config: { free_gpu_memory_fraction: 0.5 },
      },
    });
    const info = await e.load(config, ctx);
    expect(info).toMatchObject({ architecture: 'llama', layers: 2, kvHeads: 4 });
    const records = await e.run(requests, { mode: 'concurrency', concurrency: 2 });
    expect(records.map((r) => [r.inputTokens, r.outputTokens])).toEqual([
      [5, 5],
      [16, 5],
    ]);
    expect(e.effectiveSettings()).toMatchObject({
      llm: { model: '/engines/tiny', tokenizer: dir, max_batch_size: 4 },
    });
    await e.unload();
  });
});
