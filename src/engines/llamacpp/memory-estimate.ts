// Memory llama.cpp needs to run a configuration, for `--dry-run` (SPEC §9): weights + KV cache + compute
// buffers. An estimate before loading; measured memory goes in the result record.
import type { MemoryEstimate, ModelInfo } from '../engine.js';

/** KV-cache element type, as in llama.cpp's `--cache-type-k/v`. */
export type KvCacheType = 'f16' | 'q8_0' | 'q4_0' | 'f32';

// Block-quantised types store a 2-byte f16 scale per 32 elements: q8_0 = (2 + 32)/32 bytes,
// q4_0 = (2 + 16)/32 bytes per element.
const KV_BYTES_PER_ELEMENT: Record<KvCacheType, number> = { f32: 4, f16: 2, q8_0: 34 / 32, q4_0: 18 / 32 };

/** Options for `estimateMemory`. */
export interface MemoryEstimateOptions {
  /** Parallel sequences (the request batch), each with its own KV cells. */
  sequences: number;
  /** Context tokens per sequence (node-llama-cpp's `contextSize`; the KV cache holds sequences × this). */
  contextSize: number;
  kvCacheType: KvCacheType;
  /** Micro-batch of tokens evaluated at once (llama.cpp `n_ubatch`), default 512. */
  ubatchSize?: number;
  /** Flash attention tiles the attention scores, so they need no full buffer (default false). */
  flashAttention?: boolean;
}

/** Runtime allowance for graph metadata, allocator slack and small tensors, bytes. */
const RUNTIME_ALLOWANCE_BYTES = 64 * 1024 * 1024;

/**
 * Estimates memory for `model` with `o.sequences` × `o.contextSize` KV cells: weights (file
 * size) + KV cache (2 × layers × kv_heads × head_dim × cells × bytes/element) + compute buffers.
 */
export function estimateMemory(model: ModelInfo, o: MemoryEstimateOptions): MemoryEstimate {
  const cells = Math.max(0, o.contextSize) * Math.max(0, o.sequences);
  const kvWidth = model.kvHeads * model.headDim;
  const kv = 2 * model.layers * kvWidth * cells * KV_BYTES_PER_ELEMENT[o.kvCacheType];
  // Compute buffers are f32 and sized for one micro-batch through one layer at a time; the
  // allocator reuses memory across layers, so the largest intermediate dominates.
  const ubatch = Math.max(1, Math.min(o.ubatchSize ?? 512, Math.max(1, cells)));
  const scores = o.flashAttention ? 0 : 4 * ubatch * cells * model.heads;
  const activations = 4 * ubatch * (4 * model.embeddingLength + 2 * model.feedForwardLength);
  const logits = 4 * ubatch * model.vocabSize;
  const overhead = Math.max(scores, activations) + logits + RUNTIME_ALLOWANCE_BYTES;
  const weights = model.weightsBytes;
  return {
    weights_bytes: weights,
    kv_cache_bytes: kv,
    kv_sequences: o.sequences,
    kv_context_tokens: o.contextSize,
    overhead_bytes: overhead,
    total_bytes: weights + kv + overhead,
    notes: [
      `KV cache: 2 (K and V) × ${model.layers} layers × ${model.kvHeads} KV heads × ${model.headDim} head_dim × ${cells} cells (${o.sequences} sequences × ${o.contextSize} tokens) × ${KV_BYTES_PER_ELEMENT[o.kvCacheType]} bytes (${o.kvCacheType})`,
      `compute buffers (heuristic): f32 ${o.flashAttention ? 'activations' : 'max(attention scores ubatch × cells × heads, activations)'} for a ${ubatch}-token micro-batch + logits ubatch × vocab + 64 MiB runtime allowance`,
      'weights: the model file size; the GPU driver context (typically 0.3–0.5 GiB per GPU) is not included',
    ],
  };
}
