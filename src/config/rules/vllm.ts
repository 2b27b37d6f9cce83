import { batchOnly, type Rule } from './rule.js';

/** vLLM rules (Python worker, offline engine). */
export const vllmRules: readonly Rule[] = [
  {
    id: 'gpu_memory_exclusive',
    engine: 'vllm',
    severity: 'error',
    path: ['vllm', 'engine', 'kv_cache_memory_bytes'],
    when: (c) =>
      c.vllm?.engine?.gpu_memory_utilization !== undefined &&
      c.vllm.engine.kv_cache_memory_bytes !== undefined,
    message: 'exclusive with vllm.engine.gpu_memory_utilization',
    fix: 'set only one of them',
  },
  {
    id: 'max_model_len_too_small',
    engine: 'vllm',
    severity: 'warn',
    path: ['vllm', 'engine', 'max_model_len'],
    when: (c) =>
      c.vllm?.engine?.max_model_len !== undefined &&
      c.vllm.engine.max_model_len < c.max_input_tokens + c.max_output_tokens,
    message: (c) =>
      `${c.vllm?.engine?.max_model_len} is below max_input_tokens + max_output_tokens (${c.max_input_tokens + c.max_output_tokens}); long requests will be rejected`,
    fix: 'raise max_model_len or lower the token limits',
  },
  batchOnly('vllm'),
];
