import type { ExperimentConfig } from '../../config/schema.js';

/** The sampling section of a config. */
export type SamplingConfig = ExperimentConfig['sampling'];
/** A sampling preset name. */
export type SamplingPreset = NonNullable<SamplingConfig['preset']>;

/** Fully resolved sampling parameters (every knob has a value; "off" values disable a stage). */
export interface SamplingValues {
  /** Temperature; 0 = greedy. */
  temperature: number;
  /** Top-k cut-off; 0 = off. */
  topK: number;
  /** Nucleus mass; 1 = off. */
  topP: number;
  /** Minimum relative probability; 0 = off. */
  minP: number;
  /** Repetition penalty; 1 = off. */
  repetitionPenalty: number;
}

/** What each preset sets (SPEC §2.1); fields a preset leaves out stay off. */
export const SAMPLING_PRESETS: Readonly<Record<SamplingPreset, Partial<SamplingValues>>> = {
  deterministic: { temperature: 0 },
  standard: { temperature: 1, topP: 0.95 },
  creative: { temperature: 0.8, topP: 0.9, repetitionPenalty: 1.1 },
  factual: { temperature: 0.3 },
};

/** Every stage off and greedy decoding: the default when neither a preset nor a value is given. */
const NEUTRAL: SamplingValues = { temperature: 0, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1 };

/**
 * Resolves a sampling section to concrete values: neutral defaults (greedy, every filter off,
 * rather than node-llama-cpp's own top-k 40 / top-p 0.95, so that engines are comparable), then
 * the preset, then explicit fields, which win.
 */
export function resolveSampling(sampling: SamplingConfig): SamplingValues {
  const out: SamplingValues = { ...NEUTRAL, ...(sampling.preset ? SAMPLING_PRESETS[sampling.preset] : {}) };
  if (sampling.temperature !== undefined) out.temperature = sampling.temperature;
  if (sampling.top_k !== undefined) out.topK = sampling.top_k;
  if (sampling.top_p !== undefined) out.topP = sampling.top_p;
  if (sampling.min_p !== undefined) out.minP = sampling.min_p;
  if (sampling.repetition_penalty !== undefined) out.repetitionPenalty = sampling.repetition_penalty;
  return out;
}

/** The per-request sampling seed: the experiment seed plus the request id, as an unsigned 32-bit value. */
export function requestSeed(randomSeed: number, requestId: number): number {
  return (randomSeed + requestId) >>> 0;
}
