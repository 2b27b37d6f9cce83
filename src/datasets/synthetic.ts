import { ConfigError, LlemError } from '../core/errors.js';
import { createRng, type Rng } from '../core/random.js';
import type { Tokenizer } from '../engines/engine.js';
import { configIssue, type Locate } from './context.js';
import type { Prompt } from './prompt.js';

/** Everyday English words: synthetic text that tokenizes like prose, not like noise. */
const WORDS = (
  'the of and to in is was for on that with as by at from it be are this an which or have one ' +
  'had not but what all were when we there can more if no out so said up use about into than ' +
  'them some could time these two may first then do any like my now over such our man me even ' +
  'most made after also did many before must through back years where much your way well down ' +
  'should because each just those people how too little state good very make world still own see ' +
  'men work long get here between both life being under never day same another know while last ' +
  'might us great old year off come since against go came right used take three water light river ' +
  'market garden music window number paper morning story family question system history island ' +
  'energy engine signal measure simple careful quiet bright winter summer mountain letter city'
).split(' ');

const PUNCTUATION = ['.', ',', ';', '?', '!'] as const;

/** Appends `n` random words (with sparse punctuation, like prose) to `words`. */
function addWords(words: string[], n: number, rng: Rng): void {
  for (let i = 0; i < n; i++) {
    let word = WORDS[rng.int(WORDS.length)]!;
    if (rng.next() < 0.08) word += PUNCTUATION[rng.int(PUNCTUATION.length)]!;
    words.push(word);
  }
}

/** Random prose cut to exactly `inputTokens` tokens of `tokenizer`; `tokensPerWord` learns the ratio. */
function exactTokens(
  inputTokens: number,
  tokenizer: Tokenizer,
  rng: Rng,
  ratio: { tokensPerWord: number },
): number[] {
  const words: string[] = [];
  let tokens: number[] = [];
  for (let attempt = 0; tokens.length < inputTokens; attempt++) {
    if (attempt >= 50) {
      throw new LlemError(
        'ERR_ENGINE_FAILED',
        `the tokenizer yields too few tokens to build a ${inputTokens}-token prompt`,
        {
          details: { inputTokens, got: tokens.length },
        },
      );
    }
    const missing = inputTokens - tokens.length;
    // Aim 10% over, so one tokenize call usually suffices; the excess is cut off below.
    addWords(words, Math.ceil((missing / ratio.tokensPerWord) * 1.1) + 2, rng);
    tokens = tokenizer.tokenize(words.join(' '));
  }
  ratio.tokensPerWord = Math.max(0.05, tokens.length / words.length);
  return tokens.slice(0, inputTokens);
}

/** Options for synthetic prompts (SPEC §2.1 `dataset.input_tokens` / `output_tokens`). */
export interface SyntheticOptions {
  /** Number of prompts to build. */
  count: number;
  /** Exact prompt length in tokens of `tokenizer`. */
  inputTokens: number | undefined;
  /** Output token limit set on every prompt, when given. */
  outputTokens: number | undefined;
  /** Seed; the same seed and tokenizer give the same prompts. */
  seed: number;
  /** The engine's tokenizer (required). */
  tokenizer: Tokenizer | undefined;
  /** Places issues at config lines. */
  locate?: Locate;
}

/**
 * Builds `count` distinct prompts of exactly `inputTokens` tokens each: seeded random prose is
 * tokenized, extended or cut to the exact length, and the ids are kept in `tokens` (engines
 * evaluate them directly; `text` is their detokenized form and may not re-tokenize identically).
 */
export function syntheticPrompts(options: SyntheticOptions): Prompt[] {
  const { count, inputTokens, outputTokens, seed, tokenizer, locate } = options;
  if (inputTokens === undefined || tokenizer === undefined) {
    const issue =
      inputTokens === undefined
        ? configIssue(locate, ['dataset', 'input_tokens'], {
            code: 'missing_field',
            message: 'the synthetic dataset needs dataset.input_tokens (the exact prompt length in tokens)',
            suggestion: 'add input_tokens: 128 (and output_tokens) under dataset',
          })
        : configIssue(locate, ['dataset', 'source'], {
            code: 'invalid_value',
            message: "the synthetic dataset needs the engine's tokenizer, and none was given",
            suggestion: 'use an engine that exposes its tokenizer, or a builtin/aienergyscore/.jsonl dataset',
          });
    throw new ConfigError([issue], 'ERR_DATASET_INVALID');
  }
  const rng = createRng(`${seed}:synthetic`);
  const ratio = { tokensPerWord: 1 };
  return Array.from({ length: count }, () => {
    const tokens = exactTokens(inputTokens, tokenizer, rng, ratio);
    const prompt: Prompt = { text: tokenizer.detokenize(tokens), tokens, source: 'synthetic' };
    if (outputTokens !== undefined) prompt.maxOutputTokens = outputTokens;
    return prompt;
  });
}
