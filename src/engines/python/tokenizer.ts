import { spawnSync } from 'node:child_process';
import { LlemError } from '../../core/errors.js';
import type { Tokenizer } from '../engine.js';

/**
 * The loaded model's tokenizer for llem's synchronous `Tokenizer` interface (synthetic prompts,
 * the contract): each call runs `worker.py --tokenize MODEL` once (the `tokenizers` library on
 * `tokenizer.json`, no torch import) through the same launch prefix as the worker, and results
 * are cached. `prefix` is the launch argv up to and excluding the worker arguments.
 */
export function workerTokenizer(prefix: readonly string[], model: string, timeoutMs = 60_000): Tokenizer {
  const encoded = new Map<string, number[]>();
  const call = (request: object): Record<string, unknown> => {
    const [program, ...args] = prefix;
    const result = spawnSync(program!, [...args, '--tokenize', model], {
      input: JSON.stringify(request),
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) {
      const why = result.error?.message ?? result.stderr.trim().split('\n').slice(-3).join(' | ');
      throw new LlemError('ERR_ENGINE_FAILED', `tokenizing with ${model} failed: ${why}`);
    }
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };
  return {
    tokenize(text: string): number[] {
      let tokens = encoded.get(text);
      if (tokens === undefined) {
        tokens = call({ text }).tokens as number[];
        encoded.set(text, tokens);
      }
      return [...tokens];
    },
    detokenize(tokens: readonly number[]): string {
      return call({ tokens }).text as string;
    },
  };
}
