// Request bodies for `/v1/completions` and `/v1/chat/completions` (SPEC §3.3). Only the
// sampling knobs that are switched on are sent, so a strict server is not handed parameters it
// does not know; greedy decoding is the default, as for every llem engine, so runs compare.
import type { ExperimentConfig } from '../../config/schema.js';
import type { InferenceRequest } from '../engine.js';
import type { ApiKind } from './stream.js';

/** Sampling values per preset (SPEC §2.1; the same table as the in-process engine's). */
const PRESETS: Record<string, Record<string, number>> = {
  deterministic: { temperature: 0 },
  standard: { temperature: 1, top_p: 0.95 },
  creative: { temperature: 0.8, top_p: 0.9, repetition_penalty: 1.1 },
  factual: { temperature: 0.3 },
};

/** The sampling fields sent with every request: preset, then explicit values; neutral ones left out. */
export function samplingFields(sampling: ExperimentConfig['sampling']): Record<string, number> {
  const out: Record<string, number> = {
    temperature: 0,
    ...(sampling.preset ? PRESETS[sampling.preset] : {}),
  };
  const explicit: [string, number | undefined][] = [
    ['temperature', sampling.temperature],
    ['top_k', sampling.top_k],
    ['top_p', sampling.top_p],
    ['min_p', sampling.min_p],
    ['repetition_penalty', sampling.repetition_penalty],
  ];
  for (const [key, value] of explicit) if (value !== undefined) out[key] = value;
  const neutral: Record<string, number> = { top_k: 0, top_p: 1, min_p: 0, repetition_penalty: 1 };
  for (const [key, value] of Object.entries(neutral)) if (out[key] === value) delete out[key];
  return out;
}

/** What every request of a run shares. */
export interface BodyContext {
  api: ApiKind;
  /** The model id the server serves. */
  model: string;
  sampling: Record<string, number>;
  randomSeed: number;
  /** Ask for exactly `maxOutputTokens` (ignore end-of-sequence; vLLM and llama.cpp honour it). */
  fixedOutputLength: boolean;
}

/** The endpoint path of `api`. */
export function endpointPath(api: ApiKind): string {
  return api === 'chat' ? '/v1/chat/completions' : '/v1/completions';
}

/** The JSON body of one streamed request. */
export function requestBody(request: InferenceRequest, c: BodyContext): string {
  const body: Record<string, unknown> = { model: c.model };
  if (c.api === 'chat') body.messages = [{ role: 'user', content: request.prompt }];
  else body.prompt = request.tokens ?? request.prompt;
  body.max_tokens = request.maxOutputTokens;
  body.stream = true;
  body.stream_options = { include_usage: true };
  Object.assign(body, c.sampling);
  body.seed = (c.randomSeed + request.id) >>> 0;
  if (c.fixedOutputLength) {
    body.ignore_eos = true;
    body.min_tokens = request.maxOutputTokens;
  }
  return JSON.stringify(body);
}
