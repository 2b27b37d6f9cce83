import type { Rule } from './rule.js';

/** llama.cpp rules (in-process engine). */
export const llamacppRules: readonly Rule[] = [
  {
    id: 'kv_cache_quant_needs_flash_attention',
    engine: 'llamacpp',
    severity: 'error',
    path: ['llamacpp', 'kv_cache_type'],
    when: (c) =>
      c.llamacpp?.kv_cache_type !== undefined &&
      c.llamacpp.kv_cache_type !== 'f16' &&
      c.llamacpp.flash_attention !== true,
    message: (c) =>
      `${c.llamacpp?.kv_cache_type} needs flash attention: llama.cpp refuses a quantised V cache without it`,
    fix: 'set llamacpp.flash_attention: true, or kv_cache_type: f16',
  },
  {
    // node-llama-cpp 3.21.1 sets the micro-batch equal to the batch; another value cannot be honoured.
    id: 'ubatch_must_equal_batch',
    engine: 'llamacpp',
    severity: 'error',
    path: ['llamacpp', 'ubatch_size'],
    when: (c) => c.llamacpp?.ubatch_size !== undefined && c.llamacpp.ubatch_size !== c.llamacpp.batch_size,
    message: (c) =>
      `${c.llamacpp?.ubatch_size} differs from batch_size (${c.llamacpp?.batch_size ?? 'unset'}); node-llama-cpp 3.21.1 always uses ubatch = batch`,
    fix: 'remove ubatch_size, or set it equal to llamacpp.batch_size',
  },
  {
    // Honoured, not capped: the extra requests wait in llem's queue for a free sequence.
    id: 'concurrency_above_sequences',
    engine: 'llamacpp',
    severity: 'warn',
    path: ['load', 'concurrency'],
    when: (c) => c.load.mode === 'concurrency' && (c.load.concurrency ?? 1) > (c.llamacpp?.sequences ?? 1),
    message: (c) =>
      `${c.load.concurrency} requests outstanding over ${c.llamacpp?.sequences ?? 1} sequence(s): the rest wait for a free sequence, and that wait is in ttft_queued (not ttft_service)`,
    fix: 'set llamacpp.sequences to the concurrency to serve them all at once, or keep it to measure queueing',
  },
  {
    id: 'context_too_small',
    engine: 'llamacpp',
    severity: 'warn',
    path: ['llamacpp', 'context_size'],
    when: (c) =>
      c.llamacpp?.context_size !== undefined &&
      c.llamacpp.context_size < c.max_input_tokens + c.max_output_tokens,
    message: (c) =>
      `${c.llamacpp?.context_size} is below max_input_tokens + max_output_tokens (${c.max_input_tokens + c.max_output_tokens}); long requests will not fit`,
    fix: 'raise context_size or leave it unset (it then fits prompt + output)',
  },
];
