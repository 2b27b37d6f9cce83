import { z } from 'zod';

/**
 * The single source of truth for experiment configuration (SPEC §2.1).
 * Types, defaults, `llem schema` and the config reference in README are all derived from here.
 * Every object is strict: unknown keys are errors. Nested objects use `prefault({})` so that
 * their own defaults apply when the section is omitted.
 */

/** Engines llem knows; only `llamacpp` runs in this release, the others validate already. */
export const ENGINES = ['llamacpp', 'transformers', 'vllm', 'tensorrt', 'openai'] as const;
/** An engine name. */
export type EngineName = (typeof ENGINES)[number];

/** Energy sources, in the order `auto` tries them. */
export const ENERGY_SOURCES = ['nvml', 'rapl', 'amdgpu', 'command', 'estimate'] as const;

const posInt = () => z.number().int().positive();
const nonNegInt = () => z.number().int().nonnegative();

/** The workload dataset section. */
export const datasetSchema = z
  .strictObject({
    source: z
      .string()
      .min(1)
      .default('builtin')
      .describe(
        '`builtin`, `aienergyscore`, `synthetic`, or a path to a `.jsonl` file (relative to the config file)',
      ),
    n_prompts: posInt().default(100).describe('Number of prompts measured in the window'),
    order: z
      .enum(['interleaved', 'grouped', 'shuffled'])
      .default('interleaved')
      .describe('Prompt order: round-robin by source field, grouped by source, or seeded shuffle'),
    input_tokens: posInt().optional().describe('synthetic only: exact prompt length in tokens'),
    output_tokens: posInt().optional().describe('synthetic only: exact output length in tokens'),
  })
  .describe('Workload dataset');

/** Sampling parameters. */
export const samplingSchema = z
  .strictObject({
    preset: z
      .enum(['deterministic', 'standard', 'creative', 'factual'])
      .optional()
      .describe(
        'deterministic = temperature 0; standard = 1.0/top_p 0.95; creative = 0.8/0.9/rep 1.1; factual = 0.3',
      ),
    temperature: z.number().min(0).max(5).optional().describe('Sampling temperature (0 = greedy)'),
    top_k: nonNegInt().optional().describe('Top-k cut-off (0 = off)'),
    top_p: z.number().gt(0).max(1).optional().describe('Nucleus sampling mass'),
    min_p: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Minimum token probability relative to the top token'),
    repetition_penalty: z.number().positive().max(10).optional().describe('Repetition penalty (1 = off)'),
  })
  .describe('Sampling parameters; explicit values win over the preset');

/** How requests are issued (batch, closed loop, open loop). */
export const loadSchema = z
  .strictObject({
    mode: z
      .enum(['batch', 'concurrency', 'rate'])
      .default('batch')
      .describe('batch = all prompts offered at once; concurrency = closed loop; rate = open loop'),
    concurrency: posInt().optional().describe('concurrency mode: requests in flight'),
    rate_rps: z.number().positive().optional().describe('rate mode: mean arrival rate, requests/s'),
    arrival: z
      .enum(['poisson', 'constant', 'gamma'])
      .default('poisson')
      .describe('rate mode: arrival process'),
    burstiness: z.number().positive().default(1).describe('gamma arrivals: shape (1 = Poisson, <1 burstier)'),
  })
  .describe('How requests are issued');

/** Warmup and thermal floor before the window. */
export const warmupSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Run warmup requests before the window'),
    n_warmup: nonNegInt().default(5).describe('Fixed number of warmup requests (when convergence is off)'),
    thermal_floor_s: z
      .number()
      .min(0)
      .max(3600)
      .default(60)
      .describe('Minimum seconds from load to window start; below 30 is recorded as a validity warning'),
    convergence: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Warm up until latency CV falls below cv_threshold'),
        cv_threshold: z.number().gt(0).max(1).default(0.05).describe('Coefficient of variation to reach'),
        window: z.number().int().min(2).default(3).describe('Latencies in the rolling CV window'),
        min_prompts: posInt().default(5).describe('Warmup requests before convergence is tested'),
        max_prompts: posInt().default(20).describe('Cap on warmup requests'),
      })
      .prefault({})
      .describe('Adaptive warmup: stop when latency is stable'),
  })
  .prefault({})
  .describe('Warmup before the measurement window');

/** Idle power baseline. */
export const baselineSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Measure idle power and subtract it'),
    duration_s: z.number().min(5).max(120).default(30).describe('Baseline measurement length, seconds'),
    strategy: z.enum(['fresh', 'cached', 'validated']).default('cached').describe('Baseline reuse strategy'),
    cache_ttl_s: z.number().positive().default(3600).describe('cached: seconds a baseline stays valid'),
    validation_interval: posInt().default(5).describe('validated: spot-check every N experiments'),
    drift_threshold: z
      .number()
      .gt(0)
      .max(1)
      .default(0.1)
      .describe('validated: relative drift that forces a re-measure'),
  })
  .prefault({})
  .describe('Idle power baseline, subtracted from the window energy');

/** Energy sources and telemetry sampling. */
export const energySchema = z
  .strictObject({
    sources: z
      .union([z.literal('auto'), z.array(z.enum(ENERGY_SOURCES)).min(1)])
      .default('auto')
      .describe('`auto` or a list of source names'),
    devices: z
      .union([z.literal('visible'), z.array(nonNegInt()).min(1)])
      .default('visible')
      .describe('`visible` or GPU indices'),
    sample_interval_ms: z
      .number()
      .int()
      .min(10)
      .max(10_000)
      .default(100)
      .describe('Telemetry polling interval, ms'),
    min_window_s: z.number().min(0).default(10).describe('A shorter window is a validity failure'),
    cpu_tdp_w: z
      .number()
      .positive()
      .optional()
      .describe('estimate: CPU package TDP in watts (default: table by CPU model)'),
    dram_w_per_gib: z
      .number()
      .min(0)
      .default(0.375)
      .describe('estimate: DRAM power per GiB of installed memory, watts'),
    command: z
      .array(z.string())
      .min(1)
      .optional()
      .describe('command source: argv of a program that prints watts each interval'),
  })
  .prefault({})
  .describe('Energy sources and sampling');

/** The measurement protocol (warmup, baseline, energy). */
export const measurementSchema = z
  .strictObject({
    warmup: warmupSchema,
    baseline: baselineSchema,
    energy: energySchema,
  })
  .prefault({})
  .describe('Measurement protocol');

/** Carbon accounting (grid intensity, PUE). */
export const carbonSchema = z
  .strictObject({
    grid_intensity_g_per_kwh: z
      .number()
      .min(0)
      .nullable()
      .default(null)
      .describe('Grid carbon intensity, gCO2e/kWh (env LLEM_CARBON_INTENSITY); null = not reported'),
    pue: z.number().min(1).max(5).default(1).describe('Data-centre PUE multiplier (env LLEM_DATACENTER_PUE)'),
  })
  .prefault({})
  .describe('Carbon accounting');

/** llama.cpp engine section. */
export const llamacppSchema = z
  .strictObject({
    gpu_layers: z
      .union([nonNegInt(), z.enum(['auto', 'max'])])
      .optional()
      .describe('Layers offloaded to the GPU (0 on CPU-only builds)'),
    context_size: posInt().optional().describe('Context tokens per sequence (default: fits prompt + output)'),
    batch_size: posInt().optional().describe('Logical batch size for prompt evaluation, tokens'),
    ubatch_size: posInt().optional().describe('Physical micro-batch size, tokens'),
    sequences: posInt().optional().describe('Parallel sequences in one context (= request batch size)'),
    threads: posInt()
      .optional()
      .describe('CPU threads (default: physical cores, at most logical CPUs − 1, at least 1)'),
    flash_attention: z.boolean().optional().describe('Use flash attention'),
    kv_cache_type: z.enum(['f16', 'q8_0', 'q4_0']).optional().describe('KV cache element type'),
    use_mmap: z.boolean().optional().describe('Memory-map the model file'),
  })
  .describe('llama.cpp engine options');

/** transformers engine section. */
export const transformersSchema = z
  .strictObject({
    batch_size: posInt().optional().describe('Requests per generate() batch'),
    dtype: z
      .enum(['float32', 'float16', 'bfloat16'])
      .optional()
      .describe('Weight and activation dtype (transformers default: float32)'),
    attn_implementation: z
      .enum(['sdpa', 'flash_attention_2', 'flash_attention_3', 'eager'])
      .optional()
      .describe('Attention kernel; flash_attention_* needs float16 or bfloat16'),
    torch_compile: z.boolean().optional().describe('Compile the model with torch.compile'),
    torch_compile_mode: z
      .enum(['default', 'reduce-overhead', 'max-autotune', 'max-autotune-no-cudagraphs'])
      .optional()
      .describe('torch.compile mode (needs torch_compile: true)'),
    torch_compile_backend: z
      .string()
      .optional()
      .describe('torch.compile backend, e.g. inductor (needs torch_compile: true)'),
    load_in_4bit: z.boolean().optional().describe('bitsandbytes 4-bit weights (exclusive with load_in_8bit)'),
    load_in_8bit: z.boolean().optional().describe('bitsandbytes 8-bit weights (exclusive with load_in_4bit)'),
    bnb_4bit_compute_dtype: z
      .enum(['float32', 'float16', 'bfloat16'])
      .optional()
      .describe('4-bit: dtype of the matmuls (needs load_in_4bit)'),
    bnb_4bit_quant_type: z
      .enum(['fp4', 'nf4'])
      .optional()
      .describe('4-bit: quantisation data type (needs load_in_4bit)'),
    bnb_4bit_use_double_quant: z
      .boolean()
      .optional()
      .describe('4-bit: also quantise the quantisation constants (needs load_in_4bit)'),
    use_cache: z.boolean().optional().describe('Use the KV cache during generation'),
    cache_implementation: z
      .enum(['static', 'offloaded_static', 'sliding_window'])
      .optional()
      .describe('KV cache kind (ignored with use_cache: false)'),
    num_beams: posInt().optional().describe('Beam search width (1 = greedy/sampling)'),
    device_map: z.string().optional().describe('Device placement, e.g. auto or cuda:0'),
    revision: z.string().optional().describe('Model revision (branch, tag or commit) on the Hub'),
  })
  .describe('Hugging Face transformers engine options (Python worker)');

/** vLLM engine section. */
export const vllmSchema = z
  .strictObject({
    engine: z
      .looseObject({
        dtype: z.enum(['auto', 'float16', 'bfloat16', 'float32']).optional().describe('Model dtype'),
        gpu_memory_utilization: z
          .number()
          .gt(0)
          .max(1)
          .optional()
          .describe('Fraction of GPU memory vLLM may use (exclusive with kv_cache_memory_bytes)'),
        kv_cache_memory_bytes: posInt()
          .optional()
          .describe('KV cache size in bytes (exclusive with gpu_memory_utilization)'),
        block_size: z
          .union([z.literal(8), z.literal(16), z.literal(32), z.literal(64), z.literal(128)])
          .optional()
          .describe('Tokens per KV cache block'),
        kv_cache_dtype: z
          .enum(['auto', 'fp8', 'fp8_e4m3', 'fp8_e5m2'])
          .optional()
          .describe('KV cache element type'),
        enforce_eager: z.boolean().optional().describe('Disable CUDA graphs'),
        enable_chunked_prefill: z
          .boolean()
          .optional()
          .describe('Split long prefills into chunks batched with decodes'),
        enable_prefix_caching: z
          .boolean()
          .optional()
          .describe('Reuse KV cache across shared prompt prefixes'),
        max_num_seqs: posInt().optional().describe('Maximum sequences per scheduler step (the batch size)'),
        max_num_batched_tokens: posInt().optional().describe('Maximum tokens per scheduler step'),
        max_model_len: posInt().optional().describe('Context length (prompt + output), tokens'),
        tensor_parallel_size: posInt().optional().describe('GPUs per tensor-parallel group'),
        pipeline_parallel_size: posInt().optional().describe('Pipeline stages'),
        quantization: z.string().optional().describe('Quantisation method, e.g. awq, gptq, fp8'),
        speculative_config: z
          .record(z.string(), z.unknown())
          .optional()
          .describe('Speculative decoding settings, passed to vLLM as given'),
      })
      .optional()
      .describe('vLLM engine arguments; unknown keys pass through to vLLM unchanged'),
  })
  .describe('vLLM engine options (Python worker)');

/** TensorRT-LLM engine section. */
export const tensorrtSchema = z
  .strictObject({
    max_batch_size: posInt().optional().describe('Maximum requests per batch'),
    max_input_len: posInt().optional().describe('Maximum prompt length, tokens'),
    max_seq_len: posInt().optional().describe('Maximum prompt + output length, tokens'),
    tensor_parallel_size: posInt().optional().describe('GPUs per tensor-parallel group'),
    pipeline_parallel_size: posInt().optional().describe('Pipeline stages'),
    dtype: z.enum(['auto', 'float16', 'bfloat16', 'float32']).optional().describe('Model dtype'),
    quant_config: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('TensorRT-LLM QuantConfig fields, passed as given'),
    kv_cache_config: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('TensorRT-LLM KvCacheConfig fields, passed as given'),
    engine_path: z.string().optional().describe('Prebuilt engine folder (skips the build)'),
  })
  .describe('TensorRT-LLM engine options (Python worker)');

/** OpenAI-compatible server engine section. */
export const openaiSchema = z
  .strictObject({
    base_url: z.url().optional().describe('Attach to a running OpenAI-compatible server'),
    api: z.enum(['completions', 'chat']).default('completions').describe('Endpoint family'),
    launch: z
      .strictObject({
        preset: z
          .enum(['vllm', 'sglang', 'tgi', 'trtllm', 'llama-server'])
          .optional()
          .describe('Server to start; maps the matching engine section to its flags'),
        command: z.array(z.string()).min(1).optional().describe('Server argv (no shell)'),
        env: z
          .record(z.string(), z.string())
          .optional()
          .describe('Extra environment variables for the server'),
        port: z
          .number()
          .int()
          .min(1)
          .max(65_535)
          .optional()
          .describe('Port to serve on (default: a free port)'),
        ready_timeout_s: z
          .number()
          .positive()
          .default(600)
          .describe('Seconds to wait for the server to become ready'),
      })
      .optional()
      .describe('Start the server as a child process'),
  })
  .describe('OpenAI-compatible server engine options');

/** Fields shared by every experiment (everything but the engine sections). */
const experimentShape = {
  model: z
    .string()
    .min(1)
    .describe(
      'GGUF path, `hf:<org>/<repo>/<file>.gguf`, a Hugging Face id, a served model name, or `builtin:tiny`',
    ),
  engine: z.enum(ENGINES).default('llamacpp').describe('Inference engine'),
  name: z.string().min(1).optional().describe('Experiment name (default: derived from the model and engine)'),
  dataset: datasetSchema.prefault({}),
  max_input_tokens: posInt()
    .default(256)
    .describe('Prompts are truncated to this many tokens by the engine tokenizer'),
  max_output_tokens: posInt().default(256).describe('Output token limit per request'),
  fixed_output_length: z
    .boolean()
    .default(false)
    .describe('Generate exactly max_output_tokens, ignoring end-of-sequence'),
  random_seed: z.number().int().default(42).describe('Seed for sampling, dataset order and arrivals'),
  sampling: samplingSchema.prefault({}),
  load: loadSchema.prefault({}),
  measurement: measurementSchema,
  carbon: carbonSchema,
  results_dir: z.string().optional().describe('Where results are written (default ./results)'),
  llamacpp: llamacppSchema.optional(),
  transformers: transformersSchema.optional(),
  vllm: vllmSchema.optional(),
  tensorrt: tensorrtSchema.optional(),
  openai: openaiSchema.optional(),
} as const;

/** The engine sections, keyed by engine name. */
export const ENGINE_SECTIONS = [
  'llamacpp',
  'transformers',
  'vllm',
  'tensorrt',
  'openai',
] as const satisfies readonly EngineName[];

/** One experiment, before cross-field rules (see `rules/`). */
export const experimentSchema = z.strictObject(experimentShape).describe('One llem experiment');

/** A resolved experiment: every default applied. */
export type ExperimentConfig = z.output<typeof experimentSchema>;
/** An experiment as written by a user: defaults optional. */
export type ExperimentInput = z.input<typeof experimentSchema>;
