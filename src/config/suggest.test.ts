import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance, suggestKey, suggestValue, validKeysAt } from './suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('mesurement', 'measurement')).toBe(1);
    expect(editDistance('modle', 'model')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closest / didYouMean', () => {
  it('finds near misses and ignores case, dashes and far words', () => {
    expect(closest('N-Prompts', ['n_prompts', 'order'])).toEqual(['n_prompts']);
    expect(closest('threds', ['threads', 'sequences'])).toEqual(['threads']);
    expect(closest('q8', ['f16', 'q8_0', 'q4_0'])).toEqual(['q8_0']);
    expect(closest('banana', ['model', 'engine'])).toEqual([]);
    expect(didYouMean('vlm', ['llamacpp', 'vllm'])).toBe('did you mean "vllm"?');
    expect(didYouMean('zzz', ['llamacpp'])).toBeUndefined();
  });

  it('lists allowed values with a did-you-mean', () => {
    expect(suggestValue('shufle', ['interleaved', 'grouped', 'shuffled'])).toBe(
      'did you mean "shuffled"? allowed: interleaved, grouped, shuffled',
    );
    expect(suggestValue(7, [8, 16])).toBe('allowed: 8, 16');
  });
});

describe('suggestKey', () => {
  it('suggests a sibling key at any depth', () => {
    expect(suggestKey([], 'mesurement')).toBe('did you mean "measurement"?');
    expect(suggestKey(['measurement', 'warmup', 'convergence'], 'windw')).toBe('did you mean "window"?');
    expect(suggestKey(['vllm'], 'engin')).toBe('did you mean "engine"?');
  });

  it('points a key written at the wrong level to where it belongs', () => {
    expect(suggestKey([], 'n_prompts')).toMatch(/"dataset\.n_prompts"/);
    expect(suggestKey([], 'batch_size')).toMatch(/"llamacpp\.batch_size" or "transformers\.batch_size"/);
  });

  it('falls back to the list of valid keys', () => {
    expect(suggestKey(['carbon'], 'zzzz')).toBe('valid keys here: grid_intensity_g_per_kwh, pue');
  });

  it('knows where any key is accepted', () => {
    expect(validKeysAt(['vllm', 'engine'])).toBeUndefined();
    expect(validKeysAt(['load'])).toContain('rate_rps');
  });
});
