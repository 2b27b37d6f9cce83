import { fileURLToPath } from 'node:url';

/**
 * The worker script shipped with the package (`python/llem_worker/worker.py`, listed in
 * package.json `files`): three levels up from both `src/engines/python` and `dist/engines/python`.
 */
export function workerScriptPath(): string {
  return fileURLToPath(new URL('../../../python/llem_worker/worker.py', import.meta.url));
}

/** The folder holding the worker's modules (mounted read-only into containers). */
export function workerDir(): string {
  return fileURLToPath(new URL('../../../python/llem_worker/', import.meta.url)).replace(/\/$/, '');
}
