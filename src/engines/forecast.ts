// What an engine expects a configuration to need before anything is loaded (SPEC §9 `--dry-run`):
// memory for the configured batch and context, and how fast it will decode. Engine knowledge, so
// each engine answers for itself (`Engine.forecast`); the harness turns it into phase durations.

/** A memory estimate, bytes (snake_case: persisted in the dry-run plan). */
export interface MemoryEstimate {
  weights_bytes: number;
  kv_cache_bytes: number;
  /** The KV cache's shape: sequences (the request batch) × context tokens per sequence. */
  kv_sequences: number;
  kv_context_tokens: number;
  /** Compute buffers (attention scores, activations, logits) and a runtime allowance. */
  overhead_bytes: number;
  total_bytes: number;
  /** How each term was sized. */
  notes: string[];
}

/** An engine's forecast for one configuration; good to about a factor of two. */
export interface EngineForecast {
  /** Memory for the configured batch and context; null when the model is not known before loading. */
  memory: MemoryEstimate | null;
  /** Seconds to load the model. */
  loadS: number;
  /** Seconds per decode step; each active sequence gains one output token per step. */
  decodeStepS: number;
  /** Requests the engine evaluates together in `load.mode: batch` (its configured parallel sequences). */
  batchSequences: number;
  /** True when n sequences decode in about the time of one (memory-bound, e.g. a GPU); false when compute-bound. */
  batchingSpeedsUp: boolean;
  /** How the figures were obtained, one readable line each. */
  assumptions: string[];
}
