import type { Engine } from '../engine.js';
import { LlamaCppEngine, type LlamaCppEngineOptions } from './engine.js';

export type { LlamaCppEngineOptions } from './engine.js';
export { defaultThreads } from './options.js';
export type { LlamaLoader, LlamaModule } from './runtime.js';
export { resolveSampling, SAMPLING_PRESETS, type SamplingValues } from './sampling.js';

/**
 * Creates the in-process llama.cpp engine (SPEC §3.1). Cheap: node-llama-cpp is imported only
 * inside `probe()` and `load()`.
 */
export function createLlamaCppEngine(options: LlamaCppEngineOptions = {}): Engine {
  return new LlamaCppEngine(options);
}
