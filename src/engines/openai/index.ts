import type { Engine } from '../engine.js';
import { OpenAIEngine } from './engine.js';

export { ATTACH_ENERGY_NOTE } from './engine.js';
export { PRESET_SECTION, type PresetName, serverCommand } from './presets.js';

/**
 * Creates the engine for OpenAI-compatible servers (SPEC §3.3): launched by llem from a preset or
 * an argv, or attached to by `base_url`. Cheap: nothing starts until `load()`.
 */
export function createOpenAIEngine(): Engine {
  return new OpenAIEngine();
}
