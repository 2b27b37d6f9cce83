import { availableParallelism } from 'node:os';
import type { ExperimentConfig } from '../../config/schema.js';
import { LlemError } from '../../core/errors.js';
import type { GpuMode } from './runtime.js';

/** The `llamacpp` section of a config (every field optional). */
export type LlamaCppSection = NonNullable<ExperimentConfig['llamacpp']>;

/** KV cache element types llem accepts, as node-llama-cpp's `GgmlType` names. */
const KV_CACHE_TYPES = { f16: 'F16', q8_0: 'Q8_0', q4_0: 'Q4_0' } as const;

/** Slack added to the default context size so off-by-one differences in BOS handling never overflow. */
const CONTEXT_SLACK_TOKENS = 8;

/** Model-load options, in node-llama-cpp's terms. */
export interface ModelLoadOptions {
  /** Layers offloaded to the GPU; unset = node-llama-cpp's `auto`. */
  gpuLayers?: number | 'auto' | 'max';
  /** Memory-map the weights file; unset = node-llama-cpp's default. */
  useMmap?: boolean;
}

/** Context options, in node-llama-cpp's terms (`contextSize` is per sequence). */
export interface ContextOptions {
  /** Parallel sequences (requests decoded together). */
  sequences: number;
  /** Tokens of context per sequence. */
  contextSize: number;
  /** Logical batch size, tokens; unset = node-llama-cpp's default (min(contextSize × sequences, 512)). */
  batchSize?: number;
  /** CPU threads used by every evaluation (exact: the runtime is created with `maxThreads: 0`). */
  threads: number;
  /** Flash attention; unset = node-llama-cpp's default (`auto`). */
  flashAttention?: boolean;
  /** KV cache key type. */
  experimentalKvCacheKeyType?: 'F16' | 'Q8_0' | 'Q4_0';
  /** KV cache value type. */
  experimentalKvCacheValueType?: 'F16' | 'Q8_0' | 'Q4_0';
}

/** Everything `load` needs, derived from the config alone. */
export interface LoadPlan {
  /** Which runtime build to use. */
  gpu: GpuMode;
  model: ModelLoadOptions;
  context: ContextOptions;
  /** Where the thread count came from: `config` or `default`. */
  threadsSource: 'config' | 'default';
}

/**
 * The default thread count: one per physical core (`mathCores`, node-llama-cpp's `cpuMathCores`),
 * but never more than the logical CPUs minus one, which stays free for the Node event loop that
 * drives every token and for the energy sampler; at least 1. Measured on 2 vCPUs (small q4_0
 * model): 1 thread decodes ~200 tokens/s with 1 or 4 sequences, 2 threads ~100 and erratic,
 * because ggml's spinning worker threads then compete with the event loop.
 */
export function defaultThreads(cpus: number = availableParallelism(), mathCores: number = cpus): number {
  return Math.max(1, Math.min(mathCores, cpus - 1));
}

/**
 * The runtime build `config` needs: `cpu` when `llamacpp.gpu_layers` is 0 (nothing is offloaded,
 * so no GPU runtime may start: it would hold device memory and raise idle power), else `auto`.
 */
export function gpuModeOf(config: ExperimentConfig): GpuMode {
  return config.llamacpp?.gpu_layers === 0 ? 'cpu' : 'auto';
}

/** Context tokens per sequence: `llamacpp.context_size`, else prompt + output limits + a small slack. */
export function contextSizeOf(config: ExperimentConfig): number {
  return (
    config.llamacpp?.context_size ?? config.max_input_tokens + config.max_output_tokens + CONTEXT_SLACK_TOKENS
  );
}

/**
 * Maps an experiment config to node-llama-cpp load and context options; throws
 * `ERR_ENGINE_FAILED` for a field this node-llama-cpp version cannot honour (never ignores one).
 */
export function planLoad(config: ExperimentConfig, cpus: number = availableParallelism()): LoadPlan {
  const section: LlamaCppSection = config.llamacpp ?? {};
  const sequences = section.sequences ?? 1;
  const contextSize = contextSizeOf(config);

  if (section.ubatch_size !== undefined && section.ubatch_size !== section.batch_size) {
    throw new LlemError(
      'ERR_ENGINE_FAILED',
      `llamacpp.ubatch_size=${section.ubatch_size}: not supported by node-llama-cpp 3.21.1, which always uses ` +
        `ubatch_size = batch_size; remove ubatch_size, or set batch_size to the same value`,
      { details: { field: 'llamacpp.ubatch_size', value: section.ubatch_size } },
    );
  }

  const model: ModelLoadOptions = {};
  if (section.gpu_layers !== undefined) model.gpuLayers = section.gpu_layers;
  if (section.use_mmap !== undefined) model.useMmap = section.use_mmap;

  const context: ContextOptions = {
    sequences,
    contextSize,
    threads: section.threads ?? defaultThreads(cpus),
  };
  if (section.batch_size !== undefined) context.batchSize = section.batch_size;
  if (section.flash_attention !== undefined) context.flashAttention = section.flash_attention;
  if (section.kv_cache_type !== undefined) {
    context.experimentalKvCacheKeyType = KV_CACHE_TYPES[section.kv_cache_type];
    context.experimentalKvCacheValueType = KV_CACHE_TYPES[section.kv_cache_type];
  }

  return {
    gpu: gpuModeOf(config),
    model,
    context,
    threadsSource: section.threads === undefined ? 'default' : 'config',
  };
}
