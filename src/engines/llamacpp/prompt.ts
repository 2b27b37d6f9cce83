import type { LlamaModel, Token } from 'node-llama-cpp';
import type { InferenceRequest, Tokenizer } from '../engine.js';

/** The token ids a request evaluates, and whether they were cut. */
export interface PromptTokens {
  /** Tokens to evaluate (BOS included when added). */
  tokens: Token[];
  /** True when the prompt was longer than `maxInputTokens`. */
  truncated: boolean;
}

/**
 * The prompt tokens of `request`, at most `maxInputTokens` of them, first tokens kept. Exact ids
 * (`request.tokens`) are evaluated as given; a text prompt is tokenized with the model's tokenizer
 * (special-token text is not parsed) and gets a BOS token first when the model wants one, the BOS
 * counting towards the limit so that `inputTokens ≤ max_input_tokens` always holds.
 */
export function promptTokens(
  model: LlamaModel,
  request: InferenceRequest,
  maxInputTokens: number,
): PromptTokens {
  let tokens: Token[];
  if (request.tokens !== undefined) {
    tokens = request.tokens as Token[];
  } else {
    tokens = model.tokenize(request.prompt);
    const bos = model.tokens.bos;
    if (bos !== null && model.tokens.shouldPrependBosToken && tokens[0] !== bos) tokens.unshift(bos);
  }
  if (tokens.length <= maxInputTokens) return { tokens, truncated: false };
  return { tokens: tokens.slice(0, maxInputTokens), truncated: true };
}

/** A `Tokenizer` over a loaded model: plain text in and out, no BOS, special-token text not parsed. */
export function modelTokenizer(model: LlamaModel): Tokenizer {
  return {
    tokenize: (text) => model.tokenize(text),
    detokenize: (tokens) => model.detokenize(tokens as Token[]),
  };
}
