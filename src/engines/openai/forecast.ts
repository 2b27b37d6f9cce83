import type { ExperimentConfig } from '../../config/schema.js';
import type { EngineForecast, ModelInfo } from '../engine.js';

/** Storage read rate assumed for a server loading its weights, bytes/s. */
const LOAD_BPS = 1e9;
/** A server's start-up besides reading weights (imports, CUDA graphs, warm-up), seconds. */
const START_S = { launch: 20, attach: 0.5 } as const;
/** Decode-step time assumed for a GPU server: memory-bound at this bandwidth, bytes/s. */
const GPU_BANDWIDTH_BPS = 1.5e12;
/** Decode-step time assumed when the model is unknown, seconds. */
const UNKNOWN_STEP_S = 0.02;

/**
 * The openai engine's dry-run forecast: the weights when the served model is a GGUF llem can
 * read (a `builtin:` or `.gguf` model: llama-server or a raw command), else unknown; start-up as
 * the load phase (none in attach mode); a server batches requests, so sequences decode together.
 * The server's own memory use (KV cache, CUDA graphs) is not known before it runs.
 */
export function forecastOpenAI(config: ExperimentConfig, model: ModelInfo | undefined): EngineForecast {
  const attach = config.openai?.base_url !== undefined;
  const weights = model?.weightsBytes ?? 0;
  const assumptions = [
    attach
      ? 'attach mode: the server is already running (no start-up in the load phase)'
      : `server start-up ≈ ${START_S.launch} s plus weights at ${LOAD_BPS / 1e9} GB/s`,
    model === undefined
      ? `served model unknown before the run: ${UNKNOWN_STEP_S * 1000} ms per decode step assumed`
      : `decode memory-bound at ${GPU_BANDWIDTH_BPS / 1e9} GB/s; the server batches concurrent requests`,
  ];
  const concurrency =
    config.load.mode === 'concurrency' ? (config.load.concurrency ?? 1) : config.dataset.n_prompts;
  return {
    memory:
      model === undefined
        ? null
        : {
            weights_bytes: weights,
            kv_cache_bytes: 0,
            kv_sequences: concurrency,
            kv_context_tokens: config.max_input_tokens + config.max_output_tokens,
            overhead_bytes: 0,
            total_bytes: weights,
            notes: ['weights only: the server sizes its own KV cache and buffers'],
          },
    loadS: (attach ? START_S.attach : START_S.launch) + (attach ? 0 : weights / LOAD_BPS),
    decodeStepS: model === undefined ? UNKNOWN_STEP_S : Math.max(weights / GPU_BANDWIDTH_BPS, 0.002),
    batchSequences: Math.max(1, concurrency),
    batchingSpeedsUp: true,
    assumptions,
  };
}
