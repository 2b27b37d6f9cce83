/**
 * The tiny model's SentencePiece ("llama") byte-fallback vocabulary: `<unk>`, `<s>`, `</s>`, the
 * 256 byte tokens `<0x00>`…`<0xFF>`, then word and subword pieces with decreasing scores. Any
 * UTF-8 text round-trips (unknown characters fall back to bytes), and English text tokenises to
 * roughly one token per short word, like a real model's tokenizer.
 */
import { TokenType } from './gguf-format.js';
import { VOCAB_PIECES_TEXT } from './vocab-pieces.js';

/** A vocabulary ready for the `tokenizer.ggml.*` metadata arrays. */
export interface Vocabulary {
  tokens: string[];
  /** Merge priority of each token (higher merges first); 0 for special and byte tokens. */
  scores: number[];
  /** `tokenizer.ggml.token_type` of each token. */
  tokenTypes: number[];
  unkId: number;
  bosId: number;
  eosId: number;
}

const PIECES: readonly string[] = VOCAB_PIECES_TEXT.split(/\s+/).filter((p) => p !== '');

/** Special tokens (3) plus byte tokens (256). */
const FIXED_TOKENS = 3 + 256;

/** The smallest vocabulary: the fixed tokens plus the alphabet (`▁` and printable ASCII). */
export const MIN_VOCAB_SIZE = FIXED_TOKENS + 95;

/** The largest vocabulary the embedded piece list gives. */
export const MAX_VOCAB_SIZE = FIXED_TOKENS + PIECES.length;

/** Builds the first `size` tokens of the vocabulary (`MIN_VOCAB_SIZE` ≤ size ≤ `MAX_VOCAB_SIZE`). */
export function buildVocabulary(size: number): Vocabulary {
  if (!Number.isInteger(size) || size < MIN_VOCAB_SIZE || size > MAX_VOCAB_SIZE) {
    throw new RangeError(
      `vocabulary size must be an integer in [${MIN_VOCAB_SIZE}, ${MAX_VOCAB_SIZE}], got ${size}`,
    );
  }
  const tokens = ['<unk>', '<s>', '</s>'];
  const scores = [0, 0, 0];
  const tokenTypes: number[] = [TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    scores.push(0);
    tokenTypes.push(TokenType.BYTE);
  }
  // Scores fall with the piece's rank: SentencePiece merges the highest-scoring pair first,
  // which replays the byte-pair merges in the order they were learnt.
  for (let i = 0; i < size - FIXED_TOKENS; i++) {
    tokens.push(PIECES[i]!);
    scores.push(-(i + 1));
    tokenTypes.push(TokenType.NORMAL);
  }
  return { tokens, scores, tokenTypes, unkId: 0, bosId: 1, eosId: 2 };
}
