import type { EngineName, ExperimentConfig } from '../schema.js';

/**
 * A cross-field rule (SPEC §2.1). `error` makes the config invalid; `warn` keeps it and records a
 * warning; `dormant` means the engine would silently ignore the field, so `normalise` removes it
 * (normalised duplicates in a sweep then run once) and a warning says so.
 */
export type RuleSeverity = 'error' | 'warn' | 'dormant';

/** One declarative cross-field rule; each engine declares its own table. */
export interface Rule {
  /** Stable snake_case id; the issue code for errors, upper-cased as the warning code otherwise. */
  id: string;
  /** Applies only when `config.engine` is this engine. */
  engine?: EngineName;
  /** What a violation means. */
  severity: RuleSeverity;
  /** The field the user should change (where the issue points). */
  path: readonly (string | number)[];
  /** True when the rule is violated. */
  when(config: ExperimentConfig): boolean;
  /** What is wrong. */
  message: string | ((config: ExperimentConfig) => string);
  /** What to do about it. */
  fix: string;
  /** For `dormant` rules: the config with the ignored field removed (must not mutate its input). */
  normalise?(config: ExperimentConfig): ExperimentConfig;
}

/** A deep copy of `config` with `mutate` applied, for `normalise` functions. */
export function edited(config: ExperimentConfig, mutate: (c: ExperimentConfig) => void): ExperimentConfig {
  const copy = structuredClone(config);
  mutate(copy);
  return copy;
}

const SERVER_PRESET: Partial<Record<EngineName, string>> = {
  transformers: 'tgi',
  vllm: 'vllm',
  tensorrt: 'trtllm',
};

/**
 * The rule that refuses open-loop `load.mode: rate` for an engine that generates in batches (the
 * Python worker engines): `batch` and closed-loop `concurrency` map onto successive `generate`
 * batches, but requests cannot join a batch that is already running at their scheduled time.
 */
export function batchOnly(engine: EngineName): Rule {
  return {
    id: 'streaming_required',
    engine,
    severity: 'error',
    path: ['load', 'mode'],
    when: (c) => c.load.mode === 'rate',
    message: (c) =>
      `${c.load.mode} needs a streaming engine; ${engine} generates in batches (batch and concurrency work)`,
    fix: `use load.mode: batch, or measure a server: engine: openai with openai.launch.preset: ${SERVER_PRESET[engine] ?? 'vllm'}`,
  };
}
