import { z } from 'zod';

/**
 * The engine sections of an experiment (SPEC §2.1): each valid only with its engine (see
 * `rules/`). Every field is optional; unset means the engine's own default.
 */

const posInt = () => z.number().int().positive();
const nonNegInt = () => z.number().int().nonnegative();

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

/**
 * Where the Python worker runs: a container image instead of a local interpreter (SPEC §3.2). The
 * argv is built from these fields (never a shell string) and shown by the dry run.
 */
export const containerSchema = z
  .strictObject({
    runtime: z.enum(['docker', 'podman', 'apptainer']).describe('Container runtime'),
    image: z
      .string()
      .min(1)
      .describe('Image with the engine installed (docker/podman reference, or an apptainer .sif/URI)'),
    python: z.string().min(1).default('python3').describe('Interpreter inside the image'),
    gpus: z
      .boolean()
      .default(true)
      .describe(
        "Pass the run's GPUs through (measurement.energy.devices, else CUDA_VISIBLE_DEVICES, else all)",
      ),
    mounts: z
      .array(z.string().min(1))
      .optional()
      .describe('Extra bind mounts, `host:container[:ro]` (the model folder and worker are mounted already)'),
    env: z
      .record(z.string(), z.string())
      .optional()
      .describe('Environment variables set inside the container'),
    options: z
      .array(z.string())
      .optional()
      .describe('Extra runtime arguments placed before the image (e.g. --shm-size=8g)'),
  })
  .optional()
  .describe('Run the Python worker inside a container image');

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
    container: containerSchema,
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
    container: containerSchema,
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
    container: containerSchema,
  })
  .describe('TensorRT-LLM engine options (Python worker)');

/**
 * The engine section each launch preset maps to server flags; that section is valid beside
 * `engine: openai` when the preset is chosen (sglang has none: `launch.args` only).
 */
export const PRESET_SECTION = {
  vllm: 'vllm',
  sglang: null,
  tgi: 'transformers',
  trtllm: 'tensorrt',
  'llama-server': 'llamacpp',
} as const;

/** OpenAI-compatible server engine section. */
export const openaiSchema = z
  .strictObject({
    base_url: z.url().optional().describe('Attach to a running OpenAI-compatible server'),
    api: z.enum(['completions', 'chat']).default('completions').describe('Endpoint family'),
    request_timeout_s: z
      .number()
      .positive()
      .default(600)
      .describe('Longest one request may take, first send to last byte, seconds'),
    stall_timeout_s: z
      .number()
      .positive()
      .default(60)
      .describe('Longest gap with no data from the server during a request, seconds'),
    max_retries: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(2)
      .describe('Retries of a request refused before any answer, or answered 429/503 (never after a token)'),
    max_connections: posInt()
      .optional()
      .describe(
        'Connections kept to the server (default: the load: concurrency, batch size, or 1024 for rate)',
      ),
    launch: z
      .strictObject({
        preset: z
          .enum(['vllm', 'sglang', 'tgi', 'trtllm', 'llama-server'])
          .optional()
          .describe('Server to start; maps the matching engine section to its flags'),
        command: z
          .array(z.string())
          .min(1)
          .optional()
          .describe('Server argv (no shell); {host}, {port} and {model} are replaced'),
        args: z
          .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
          .optional()
          .describe('Extra server flags for a preset: name → value (true = bare flag, false = --no-name)'),
        host: z.string().default('127.0.0.1').describe('Interface the server listens on'),
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
        stop_timeout_s: z
          .number()
          .positive()
          .default(30)
          .describe('Seconds between SIGTERM and SIGKILL to the server process group'),
      })
      .optional()
      .describe('Start the server as a child process'),
  })
  .describe('OpenAI-compatible server engine options');
