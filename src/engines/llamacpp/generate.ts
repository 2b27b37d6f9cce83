import type { LlamaContextSequence, SequenceEvaluateOptions, Token } from 'node-llama-cpp';
import type { Clock } from '../../core/clock.js';
import { ABORTED } from '../dispatch.js';
import type { InferenceRequest, RequestRecord } from '../engine.js';
import { promptTokens } from './prompt.js';
import { requestSeed, type SamplingValues } from './sampling.js';

/** Tokens the repetition penalty looks back over (llama.cpp's default `repeat_last_n`). */
const REPEAT_PENALTY_WINDOW = 64;

/** What every request of a run shares. */
export interface GenerateSettings {
  clock: Clock;
  /** Prompt token limit (prompts are truncated to it). */
  maxInputTokens: number;
  /** Ignore end-of-generation tokens and always produce `maxOutputTokens`. */
  fixedOutputLength: boolean;
  sampling: SamplingValues;
  /** The experiment seed; each request samples with `seed + id`. */
  randomSeed: number;
  signal?: AbortSignal;
}

/**
 * Runs one request on `sequence` token by token and returns its record: the prompt is evaluated,
 * then tokens are sampled until the request's limit, an end-of-generation token (counted, unless
 * `fixedOutputLength`, when it is fed back like any other token), or the abort signal. Failures
 * become the record's `error`; this function does not throw.
 */
export async function generate(
  sequence: LlamaContextSequence,
  request: InferenceRequest,
  scheduledMs: number,
  settings: GenerateSettings,
): Promise<RequestRecord> {
  const { clock, signal } = settings;
  // A function, not a narrowed property read: the signal flips while we await.
  const aborted = () => signal?.aborted === true;
  const startMs = clock.nowMs();
  const record: RequestRecord = {
    id: request.id,
    inputTokens: 0,
    outputTokens: 0,
    scheduledMs,
    startMs,
    endMs: startMs,
  };
  const times: number[] = [];
  try {
    const model = sequence.model;
    const prompt = promptTokens(model, request, settings.maxInputTokens);
    record.inputTokens = prompt.tokens.length;
    if (prompt.truncated) record.truncated = true;
    const limit = request.maxOutputTokens;
    if (prompt.tokens.length === 0) throw new Error('the prompt has no tokens');
    if (prompt.tokens.length + limit - 1 > sequence.contextSize) {
      throw new Error(
        `${prompt.tokens.length} prompt + ${limit} output tokens exceed the context size of ${sequence.contextSize} ` +
          `per sequence; raise llamacpp.context_size or lower max_input_tokens/max_output_tokens`,
      );
    }
    if (sequence.nextTokenIndex > 0) await sequence.clearHistory();

    const { options, history } = evaluateOptions(settings, request.id, prompt.tokens);
    const fixed = settings.fixedOutputLength;
    let count = 0;
    if (limit > 0 && !aborted()) {
      for await (const token of sequence.evaluate(prompt.tokens, options)) {
        times.push(clock.nowMs());
        count++;
        history?.push(token);
        if (count >= limit || (!fixed && model.isEogToken(token)) || aborted()) break;
      }
    }
    record.outputTokens = count;
    if (aborted() && count < limit) record.error = ABORTED;
  } catch (error) {
    record.outputTokens = times.length;
    record.error = aborted() ? ABORTED : error instanceof Error ? error.message : String(error);
  }
  record.endMs = clock.nowMs();
  if (times.length > 0) {
    record.firstTokenMs = times[0]!;
    record.tokenTimesMs = times;
  }
  return record;
}

/** `sequence.evaluate` options, plus the token history the repetition penalty reads (when enabled). */
interface EvaluatePlan {
  options: SequenceEvaluateOptions;
  history?: Token[];
}

/** Builds the evaluate options once per request (nothing is allocated per token unless the repetition penalty is on). */
function evaluateOptions(
  settings: GenerateSettings,
  requestId: number,
  prompt: readonly Token[],
): EvaluatePlan {
  const s = settings.sampling;
  const options: SequenceEvaluateOptions = {
    temperature: s.temperature,
    topK: s.topK,
    topP: s.topP,
    minP: s.minP,
    seed: requestSeed(settings.randomSeed, requestId),
    yieldEogToken: true,
  };
  if (s.repetitionPenalty === 1) return { options };
  const history: Token[] = prompt.slice(-REPEAT_PENALTY_WINDOW);
  options.repeatPenalty = {
    punishTokens: () => history.slice(-REPEAT_PENALTY_WINDOW),
    maxPunishTokens: REPEAT_PENALTY_WINDOW,
    penalty: s.repetitionPenalty,
  };
  return { options, history };
}
