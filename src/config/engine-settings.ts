import type { ExperimentConfig } from './schema.js';

/**
 * The section of the config's own engine (`config.llamacpp` when `engine: llamacpp`), `{}` when
 * it is not written. Code outside `config/` and the engines asks here instead of reading an
 * engine's section by name (an architecture rule), so a new engine needs no change elsewhere.
 */
export function engineSettings(config: ExperimentConfig): Readonly<Record<string, unknown>> {
  const section: unknown = config[config.engine];
  return typeof section === 'object' && section !== null ? (section as Record<string, unknown>) : {};
}
