import type { ConfigIssue } from '../core/errors.js';
import type { Tokenizer } from '../engines/engine.js';

/** Maps a config field path to where it was written, for issues that point at the config file. */
export type Locate = (
  path: (string | number)[],
) => { file: string; line: number; column: number } | undefined;

/** What dataset loading needs from its caller: folders, the engine tokenizer, and I/O hooks. */
export interface DatasetContext {
  /** Folder that relative `.jsonl` paths are resolved against (the config file's folder). */
  baseDir: string;
  /** llem's cache folder; downloaded datasets go to `<cacheDir>/datasets/`. */
  cacheDir: string;
  /** The loaded model's tokenizer; required by `synthetic`. */
  tokenizer?: Tokenizer;
  /** Maps config paths to config file lines, so issues can name the line of `dataset.source`. */
  locate?: Locate;
  /** HTTP client for downloads (default: the global `fetch`). */
  fetchImpl?: typeof fetch;
  /** Environment variables (default: `process.env`); reads `LLEM_DATASET_DIR`, `HF_ENDPOINT`, `HF_TOKEN`. */
  env?: Record<string, string | undefined>;
  /** Cancels downloads and file reads. */
  signal?: AbortSignal;
}

/**
 * An issue about a config field, placed at that field's line in the config file when it is known
 * (or at its nearest written parent, for a field that was left out).
 */
export function configIssue(
  locate: Locate | undefined,
  path: (string | number)[],
  fields: Omit<ConfigIssue, 'path' | 'file' | 'line' | 'column'>,
): ConfigIssue {
  for (let n = path.length; locate && n > 0; n--) {
    const at = locate(path.slice(0, n));
    if (at) return { ...fields, path, file: at.file, line: at.line, column: at.column };
  }
  return { ...fields, path };
}

/** Edit distance between two short strings (Levenshtein, unit costs). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The candidate closest to `word` when it is plausibly a typo of it (distance ≤ max(1, ⌊len/3⌋)). */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}
