import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli.js';

const SCRIPT = join(ROOT, 'test', 'python', 'make_tiny_llama.py');

/**
 * A tiny random Llama model folder built with transformers by `python` (no download), cached in
 * the temp folder by the script's hash, so a test run builds it once.
 */
export function tinyHfModel(python: string): string {
  const hash = createHash('sha256').update(readFileSync(SCRIPT)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `llem-tiny-llama-${hash}`);
  if (!existsSync(join(dir, 'config.json'))) {
    // Built aside and renamed, so test files running at once never see half a model.
    const part = `${dir}.part-${process.pid}`;
    execFileSync(python, [SCRIPT, part], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    try {
      renameSync(part, dir);
    } catch {
      rmSync(part, { recursive: true, force: true }); // another test file won the race
    }
  }
  return dir;
}
