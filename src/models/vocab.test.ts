import { describe, expect, it } from 'vitest';
import { TokenType } from './gguf-format.js';
import { buildVocabulary, MAX_VOCAB_SIZE, MIN_VOCAB_SIZE } from './vocab.js';

describe('buildVocabulary', () => {
  it('starts with <unk>, <s>, </s> and the 256 byte tokens', () => {
    const v = buildVocabulary(3072);
    expect(v.tokens.slice(0, 4)).toEqual(['<unk>', '<s>', '</s>', '<0x00>']);
    expect(v.tokens[3 + 0x0a]).toBe('<0x0A>');
    expect(v.tokens[258]).toBe('<0xFF>');
    expect(v.tokenTypes.slice(0, 3)).toEqual([TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL]);
    expect(v.tokenTypes.slice(3, 259).every((t) => t === TokenType.BYTE)).toBe(true);
    expect(v.tokenTypes.slice(259).every((t) => t === TokenType.NORMAL)).toBe(true);
    expect({ unk: v.unkId, bos: v.bosId, eos: v.eosId }).toEqual({ unk: 0, bos: 1, eos: 2 });
  });

  it('has the requested size, unique tokens and strictly decreasing piece scores', () => {
    for (const size of [MIN_VOCAB_SIZE, 3072, 8192, MAX_VOCAB_SIZE]) {
      const v = buildVocabulary(size);
      expect(v.tokens.length).toBe(size);
      expect(v.scores.length).toBe(size);
      expect(v.tokenTypes.length).toBe(size);
      expect(new Set(v.tokens).size).toBe(size);
      for (let i = 260; i < size; i++) expect(v.scores[i]!).toBeLessThan(v.scores[i - 1]!);
    }
    expect(MAX_VOCAB_SIZE).toBeGreaterThanOrEqual(8192);
  });

  it('contains the alphabet and common words, each reachable by merging two earlier pieces', () => {
    const v = buildVocabulary(8192);
    const pieces = v.tokens.slice(259);
    expect(pieces[0]).toBe('▁');
    for (let c = 0x21; c <= 0x7e; c++) expect(pieces).toContain(String.fromCharCode(c));
    for (const w of ['▁the', '▁and', '▁energy', '▁model', 'ing']) expect(pieces).toContain(w);
    const earlier = new Set<string>();
    pieces.forEach((p, i) => {
      if (i >= 95) {
        const splits = [...p].map((_, k) => [p.slice(0, k), p.slice(k)] as const).filter(([a]) => a !== '');
        expect(splits.some(([a, b]) => earlier.has(a) && earlier.has(b))).toBe(true);
      }
      earlier.add(p);
    });
  });

  it('rejects sizes outside the embedded list', () => {
    expect(() => buildVocabulary(100)).toThrow(RangeError);
    expect(() => buildVocabulary(MAX_VOCAB_SIZE + 1)).toThrow(RangeError);
  });
});
