import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { workerDir } from './worker-path.js';

// The worker's token bookkeeping (python/llem_worker/tokens.py), run by a plain python3: prompts
// cut to max_input_tokens, left padding that is masked out, and output counts that stop at the
// first end-of-sequence token, so padding is never counted.
function py(expression: string): unknown {
  const code = `import json, sys; sys.path.insert(0, ${JSON.stringify(workerDir())}); from tokens import *; print(json.dumps(${expression}))`;
  return JSON.parse(execFileSync('python3', ['-c', code], { encoding: 'utf8' }));
}

describe('worker token bookkeeping (tokens.py)', () => {
  it('truncates to the limit and says so', () => {
    expect(py('[truncate([1,2,3,4,5], 3), truncate([1,2], 3), truncate([], 3)]')).toEqual([
      [[1, 2, 3], true],
      [[1, 2], false],
      [[], false],
    ]);
  });

  it('left-pads rows to one width with a mask that excludes the padding', () => {
    expect(py('left_pad([[5,6,7],[8]], 0)')).toEqual([
      [
        [5, 6, 7],
        [0, 0, 8],
      ],
      [
        [1, 1, 1],
        [0, 0, 1],
      ],
    ]);
  });

  it.each([
    ['a row that ends with EOS counts it, not the padding after', '[4, 9, 2, 3, 3, 3], 6, {2}, False', 3],
    ['EOS as the first token counts one', '[2, 3, 3], 3, {2}, False', 1],
    ['no EOS: the limit', '[4, 5, 6, 7], 3, {2}, False', 3],
    ['fixed length ignores EOS', '[4, 2, 6, 7], 4, {2}, True', 4],
    ['several EOS ids', '[4, 7, 2], 3, {2, 7}, False', 2],
    ['a row shorter than the limit (stopped early)', '[4, 5], 8, {2}, False', 2],
  ])('%s', (_name, args, expected) => {
    expect(py(`count_output(${args})`)).toBe(expected);
  });
});
