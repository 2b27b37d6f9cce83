import type { ExperimentConfig } from '../../config/schema.js';
import type { EngineForecast, ModelInfo } from '../engine.js';
import { estimateMemory } from './memory-estimate.js';
import { contextSizeOf } from './options.js';

/** Effective memory bandwidth assumed for decode on a CPU, bytes/s (conservative for servers). */
const CPU_BANDWIDTH_BPS = 10e9;
/** Effective memory bandwidth assumed for decode on a data-centre GPU, bytes/s. */
const GPU_BANDWIDTH_BPS = 1.5e12;
/** Storage read rate assumed for loading weights, bytes/s. */
const LOAD_BPS = 1e9;

/**
 * llama.cpp's forecast for `config`: memory from the KV-cache layout of `model` (weights + KV
 * cache for `sequences` × `context_size` + compute buffers), and decode modelled as memory-bound:
 * each step reads the weights once, so a step takes weights ÷ bandwidth and yields one token per
 * active sequence. Offloaded layers (`gpu_layers` ≠ 0) decode at GPU bandwidth, where a batch of
 * sequences decodes in about the time of one; on a CPU, batching gains little (measured here:
 * 1 → 4 sequences, +5 % tokens/s).
 */
export function forecastLlamaCpp(config: ExperimentConfig, model: ModelInfo | undefined): EngineForecast {
  const l = config.llamacpp;
  const sequences = Math.max(1, l?.sequences ?? 1);
  const contextSize = contextSizeOf(config);
  const ubatch = l?.ubatch_size ?? l?.batch_size;
  const memory =
    model === undefined
      ? null
      : estimateMemory(model, {
          sequences: l?.sequences ?? 1,
          contextSize,
          kvCacheType: l?.kv_cache_type ?? 'f16',
          ...(ubatch ? { ubatchSize: ubatch } : {}),
          ...(l?.flash_attention === undefined ? {} : { flashAttention: l.flash_attention }),
        });
  const onGpu = l?.gpu_layers !== undefined && l.gpu_layers !== 0;
  const weights = model?.weightsBytes ?? 0;
  const bandwidth = onGpu ? GPU_BANDWIDTH_BPS : CPU_BANDWIDTH_BPS;
  const assumptions: string[] = [];
  if (model === undefined)
    assumptions.push('model size unknown until it is loaded; load and window times are guesses');
  assumptions.push(
    `decode memory-bound at ${(bandwidth / 1e9).toFixed(0)} GB/s (${onGpu ? 'GPU: sequences decode together' : 'CPU: no gain from batching'})`,
  );
  return {
    memory,
    loadS: 0.5 + weights / LOAD_BPS,
    decodeStepS: Math.max(weights / bandwidth, 0.002),
    batchSequences: sequences,
    batchingSpeedsUp: onGpu,
    assumptions,
  };
}
