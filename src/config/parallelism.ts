import type { ExperimentConfig } from './schema.js';

/**
 * How many GPUs one run of `config` needs, from its engine's parallelism fields: what a cluster
 * scheduler is asked for (`--gres=gpu:N`) before the run starts.
 *
 * - `vllm`: `vllm.engine.tensor_parallel_size × pipeline_parallel_size` [1 × 1].
 * - `tensorrt`: `tensorrt.tensor_parallel_size × pipeline_parallel_size` [1 × 1].
 * - `transformers`: 1.
 * - `llamacpp`: 0 with `gpu_layers: 0` (CPU only), else 1.
 * - `openai`: 0 when attached to a running server (`base_url`); a launched server takes the
 *   parallelism of the engine section its preset maps (`vllm`, `tensorrt` for trtllm), else 1.
 */
export function gpusRequested(config: ExperimentConfig): number {
  const vllm = () => {
    const e = config.vllm?.engine;
    return (e?.tensor_parallel_size ?? 1) * (e?.pipeline_parallel_size ?? 1);
  };
  const trt = () =>
    (config.tensorrt?.tensor_parallel_size ?? 1) * (config.tensorrt?.pipeline_parallel_size ?? 1);
  switch (config.engine) {
    case 'vllm':
      return vllm();
    case 'tensorrt':
      return trt();
    case 'transformers':
      return 1;
    case 'llamacpp':
      return config.llamacpp?.gpu_layers === 0 ? 0 : 1;
    case 'openai': {
      const o = config.openai;
      if (o?.launch === undefined) return 0;
      if (o.launch.preset === 'vllm') return vllm();
      if (o.launch.preset === 'trtllm') return trt();
      return 1;
    }
  }
}
