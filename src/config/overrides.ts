import { parse as parseYaml } from 'yaml';
import type { ConfigIssue } from '../core/errors.js';
import { type FieldPath, type Schema, schemaAt } from './fields.js';
import { type Layer, type Origin, setPath } from './layers.js';
import { experimentSchema } from './schema.js';

/** Command-line values: `--set key.path=value` and named flags, turned into config layers. */

/** The pseudo file name used in issues about command-line values. */
export const COMMAND_LINE = '<command line>';

/** A command-line layer plus the problems found while reading it (bad `--set` syntax). */
export interface CommandLineLayer {
  /** The values, in the experiment's shape. */
  layer: Layer;
  /** Syntax problems, already located at the command line. */
  issues: ConfigIssue[];
}

/**
 * Parses a command-line string as a YAML scalar or flow value (`8`, `true`, `[nvml, rapl]`),
 * keeping the raw string when the field accepts a string and the parsed value would not fit.
 */
export function coerceValue(path: FieldPath, raw: string, root: Schema = experimentSchema): unknown {
  let parsed: unknown = raw;
  try {
    parsed = parseYaml(raw) ?? null;
  } catch {
    return raw;
  }
  if (parsed === raw) return raw;
  const field = schemaAt(path, root);
  if (field !== undefined && !field.safeParse(parsed).success && field.safeParse(raw).success) return raw;
  return parsed;
}

function splitPath(key: string): string[] | undefined {
  const parts = key.split('.');
  return parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p)) ? parts : undefined;
}

function commonPrefix(a: FieldPath, b: FieldPath): number {
  let n = 0;
  while (n < a.length && n < b.length && String(a[n]) === String(b[n])) n++;
  return n;
}

/** Finds the entry whose path overlaps `path` the most (the argument that set it). */
function bestEntry<T extends { path: string[] }>(entries: readonly T[], path: FieldPath): T | undefined {
  let best: T | undefined;
  let bestLen = 0;
  for (const entry of entries) {
    const n = commonPrefix(entry.path, path);
    if (n > 0 && n >= bestLen) {
      best = entry;
      bestLen = n;
    }
  }
  return best;
}

/** Reads `--set key.path=value` arguments (later ones win) into a layer. */
export function setLayer(sets: readonly string[]): CommandLineLayer {
  const data: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  const entries: { path: string[]; arg: string }[] = [];
  for (const arg of sets) {
    const eq = arg.indexOf('=');
    const path = eq > 0 ? splitPath(arg.slice(0, eq).trim()) : undefined;
    if (path === undefined) {
      issues.push({
        code: 'invalid_override',
        path: [],
        message: `--set expects key.path=value, got "${arg}"`,
        file: COMMAND_LINE,
        suggestion: 'e.g. --set measurement.warmup.n_warmup=10',
      });
      continue;
    }
    setPath(data, path, coerceValue(path, arg.slice(eq + 1)));
    entries.push({ path, arg: `--set ${arg}` });
  }
  const locate = (path: FieldPath): Origin => {
    const entry = bestEntry(entries, path);
    return entry === undefined ? { file: COMMAND_LINE } : { file: COMMAND_LINE, source: entry.arg };
  };
  return { layer: { kind: 'set', data, locate }, issues };
}

/**
 * Reads named CLI flags (dotted path → value; strings are coerced like `--set`) into a layer.
 * `names` spells each path's flag for messages (the CLI's flag table); unnamed paths read `--path`.
 */
export function flagsLayer(
  flags: Readonly<Record<string, unknown>>,
  names: Readonly<Record<string, string>> = {},
): Layer {
  const data: Record<string, unknown> = {};
  const entries: { path: string[]; arg: string }[] = [];
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    const path = key.split('.');
    setPath(data, path, typeof value === 'string' ? coerceValue(path, value) : value);
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    entries.push({ path, arg: `${names[key] ?? `--${key}`} ${shown}` });
  }
  const locate = (path: FieldPath): Origin => {
    const entry = bestEntry(entries, path);
    return entry === undefined ? { file: COMMAND_LINE } : { file: COMMAND_LINE, source: entry.arg };
  };
  return { kind: 'flags', data, locate };
}
