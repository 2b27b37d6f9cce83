import { describe, expect, it } from 'vitest';
import { type ExperimentConfig, type ExperimentInput, experimentSchema } from '../schema.js';
import { checkRules, RULES } from './index.js';

const config = (input: Omit<ExperimentInput, 'model'>): ExperimentConfig =>
  experimentSchema.parse({ model: 'x', ...input });

const errors = (input: Omit<ExperimentInput, 'model'>) => checkRules(config(input)).issues.map((i) => i.code);
const warnings = (input: Omit<ExperimentInput, 'model'>) =>
  checkRules(config(input)).warnings.map((w) => w.code);

describe('checkRules', () => {
  it('accepts the defaults', () => {
    expect(checkRules(config({}))).toMatchObject({ issues: [], warnings: [] });
  });

  it('declares every rule with a path, message and fix; dormant rules normalise', () => {
    for (const rule of RULES) {
      expect(rule.path.length, rule.id).toBeGreaterThan(0);
      expect(rule.fix, rule.id).not.toBe('');
      expect(rule.severity === 'dormant', rule.id).toBe(rule.normalise !== undefined);
    }
  });

  it('refuses an engine section for another engine', () => {
    const r = checkRules(config({ engine: 'vllm', llamacpp: { threads: 2 } }));
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'engine_section_mismatch',
        path: ['llamacpp'],
        message: 'section llamacpp is only valid with engine: llamacpp (engine is vllm)',
        suggestion: 'remove it or set engine: llamacpp',
      }),
    ]);
  });

  it('checks the dataset, load and warmup rules', () => {
    expect(errors({ dataset: { source: 'synthetic' } })).toEqual([
      'synthetic_tokens_required',
      'synthetic_tokens_required',
    ]);
    expect(errors({ dataset: { input_tokens: 8 } })).toEqual(['synthetic_tokens_only']);
    expect(errors({ dataset: { source: 'synthetic', input_tokens: 512, output_tokens: 8 } })).toEqual([
      'synthetic_input_truncated',
    ]);
    expect(errors({ load: { mode: 'concurrency' } })).toEqual(['concurrency_required']);
    expect(errors({ load: { mode: 'rate' } })).toEqual(['rate_required']);
    expect(errors({ load: { mode: 'rate', rate_rps: 2 } })).toEqual([]);
    expect(errors({ measurement: { warmup: { convergence: { min_prompts: 30 } } } })).toEqual([
      'convergence_bounds',
    ]);
    expect(errors({ measurement: { warmup: { convergence: { window: 25, max_prompts: 20 } } } })).toEqual([
      'convergence_window',
    ]);
    expect(errors({ measurement: { energy: { sources: ['command'] } } })).toEqual([
      'energy_command_required',
    ]);
  });

  it('warns (never caps) when llamacpp concurrency exceeds its sequences, and refuses an endless rate schedule', () => {
    expect(warnings({ load: { mode: 'concurrency', concurrency: 4 }, llamacpp: { sequences: 2 } })).toEqual([
      'CONCURRENCY_ABOVE_SEQUENCES',
    ]);
    expect(warnings({ load: { mode: 'concurrency', concurrency: 2 }, llamacpp: { sequences: 2 } })).toEqual(
      [],
    );
    const huge = checkRules(config({ load: { mode: 'rate', rate_rps: 1e6 } }));
    expect(huge.issues.map((i) => i.code)).toEqual(['rate_schedule_too_long']);
  });

  it('warns about a short thermal floor', () => {
    expect(warnings({ measurement: { warmup: { thermal_floor_s: 10 } } })).toEqual(['SHORT_THERMAL_FLOOR']);
    expect(warnings({ measurement: { warmup: { thermal_floor_s: 30 } } })).toEqual([]);
  });

  it('normalises dormant fields away, with a warning, without touching the input', () => {
    const input = config({ load: { mode: 'batch', concurrency: 4, rate_rps: 3, burstiness: 0.5 } });
    const before = structuredClone(input);
    const r = checkRules(input);
    expect(input).toEqual(before);
    expect(r.config.load).toEqual({
      mode: 'batch',
      arrival: 'poisson',
      burstiness: 1,
      fill_min_window: true,
    });
    expect(r.warnings.map((w) => w.code)).toEqual([
      'DORMANT_CONCURRENCY',
      'DORMANT_RATE_RPS',
      'DORMANT_BURSTINESS',
    ]);
    expect(r.warnings[0]!.message).toBe(
      'load.concurrency: ignored with load.mode: batch; removed — remove it or set load.mode: concurrency',
    );
  });

  it('makes dormant duplicates identical', () => {
    const a = checkRules(
      config({ engine: 'transformers', transformers: { torch_compile_mode: 'max-autotune' } }),
    ).config;
    const b = checkRules(
      config({ engine: 'transformers', transformers: { torch_compile_mode: 'default' } }),
    ).config;
    expect(a).toEqual(b);
  });

  it('checks the transformers rules', () => {
    const t = (transformers: ExperimentInput['transformers']) =>
      errors({ engine: 'transformers', transformers });
    expect(t({ load_in_4bit: true, load_in_8bit: true })).toEqual(['quantisation_exclusive']);
    expect(t({ attn_implementation: 'flash_attention_2' })).toEqual(['flash_attention_dtype']);
    expect(t({ attn_implementation: 'flash_attention_2', dtype: 'bfloat16' })).toEqual([]);
    expect(errors({ engine: 'transformers', load: { mode: 'concurrency', concurrency: 2 } })).toEqual([]);
    expect(errors({ engine: 'transformers', load: { mode: 'rate', rate_rps: 2 } })).toEqual([
      'streaming_required',
    ]);
    const r = checkRules(
      config({
        engine: 'transformers',
        transformers: { bnb_4bit_quant_type: 'nf4', use_cache: false, cache_implementation: 'static' },
      }),
    );
    expect(r.config.transformers).toEqual({ use_cache: false });
  });

  it('checks the llama.cpp, vLLM and OpenAI rules', () => {
    expect(errors({ llamacpp: { kv_cache_type: 'q8_0', flash_attention: false } })).toEqual([
      'kv_cache_quant_needs_flash_attention',
    ]);
    expect(errors({ llamacpp: { kv_cache_type: 'q4_0' } })).toEqual(['kv_cache_quant_needs_flash_attention']);
    expect(errors({ llamacpp: { kv_cache_type: 'q8_0', flash_attention: true } })).toEqual([]);
    expect(errors({ llamacpp: { ubatch_size: 256, batch_size: 512 } })).toEqual(['ubatch_must_equal_batch']);
    expect(errors({ llamacpp: { ubatch_size: 512, batch_size: 512 } })).toEqual([]);
    expect(warnings({ llamacpp: { context_size: 256 } })).toEqual(['CONTEXT_TOO_SMALL']);
    expect(
      errors({
        engine: 'vllm',
        vllm: { engine: { gpu_memory_utilization: 0.9, kv_cache_memory_bytes: 1e9 } },
      }),
    ).toEqual(['gpu_memory_exclusive']);
    expect(errors({ engine: 'openai' })).toEqual(['openai_target_required']);
    expect(
      errors({ engine: 'openai', openai: { base_url: 'http://h:1', launch: { preset: 'vllm' } } }),
    ).toEqual(['openai_target_exclusive']);
    expect(errors({ engine: 'openai', openai: { launch: {} } })).toEqual(['launch_command_required']);
    expect(errors({ engine: 'openai', openai: { launch: { preset: 'vllm', command: ['x'] } } })).toEqual([
      'launch_preset_command_exclusive',
    ]);
    expect(
      errors({ engine: 'openai', openai: { base_url: 'http://h:1' }, load: { mode: 'rate', rate_rps: 1 } }),
    ).toEqual([]);
  });

  it('locates issues through the given locator', () => {
    const r = checkRules(config({ load: { mode: 'rate' } }), {
      locate: () => ({ file: 'e.yaml', line: 7, column: 3 }),
    });
    expect(r.issues[0]).toMatchObject({ file: 'e.yaml', line: 7, column: 3 });
  });

  it('skips rules that read an ignored (stand-in) path', () => {
    const c = config({ vllm: {} });
    expect(checkRules(c).issues.map((i) => i.code)).toEqual(['engine_section_mismatch']);
    expect(checkRules(c, { ignorePaths: [['engine']] }).issues).toEqual([]);
    // Reading `load.mode` does not count as reading an ignored `load.arrival`.
    expect(
      checkRules(config({ load: { mode: 'rate' } }), { ignorePaths: [['load', 'arrival']] }).issues,
    ).toHaveLength(1);
  });
});
