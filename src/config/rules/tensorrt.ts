import { batchOnly, type Rule } from './rule.js';

/** TensorRT-LLM rules (Python worker). */
export const tensorrtRules: readonly Rule[] = [batchOnly('tensorrt')];
