import type { Rule } from './rule.js';

/** llama.cpp rules (in-process engine). */
export const llamacppRules: readonly Rule[] = [
  {
    id: 'kv_cache_quant_needs_flash_attention',
    engine: 'llamacpp',
    severity: 'warn',
    path: ['llamacpp', 'kv_cache_type'],
    when: (c) =>
      c.llamacpp?.kv_cache_type !== undefined &&
      c.llamacpp.kv_cache_type !== 'f16' &&
      c.llamacpp.flash_attention === false,
    message: (c) =>
      `${c.llamacpp?.kv_cache_type} with flash_attention: false: llama.cpp needs flash attention for a quantised V cache and may refuse or fall back`,
    fix: 'set llamacpp.flash_attention: true or kv_cache_type: f16',
  },
  {
    id: 'ubatch_exceeds_batch',
    engine: 'llamacpp',
    severity: 'warn',
    path: ['llamacpp', 'ubatch_size'],
    when: (c) =>
      c.llamacpp?.ubatch_size !== undefined &&
      c.llamacpp.batch_size !== undefined &&
      c.llamacpp.ubatch_size > c.llamacpp.batch_size,
    message: (c) =>
      `${c.llamacpp?.ubatch_size} exceeds batch_size (${c.llamacpp?.batch_size}); llama.cpp caps it at batch_size`,
    fix: 'make ubatch_size ≤ batch_size',
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
