import type { FieldPath } from './fields.js';

/**
 * Config layers and their provenance. The effective input is the deep merge of, lowest first:
 * user config, environment, file, CLI flags, `--set`. When a value is wrong, the highest layer
 * that holds it is where the user must fix it, so issues are located there.
 */

/** Where a value came from, for an issue: a file position, or the command-line argument. */
export interface Origin {
  /** A file name, `<command line>` or `<environment>`. */
  file?: string;
  /** 1-based line, for files. */
  line?: number;
  /** 1-based column, for files. */
  column?: number;
  /** The argument or variable that set it, e.g. `--set load.mode=rate` or `-n 0`. */
  source?: string;
}

/** One source of config values with a way to say where a path inside it was written. */
export interface Layer {
  /** The layer's kind (`user`, `env`, `file`, `flags`, `set`). */
  kind: 'user' | 'env' | 'file' | 'flags' | 'set';
  /** Values in the experiment's shape. */
  data: Record<string, unknown>;
  /** Where `path` (present in `data`) was written; `target` selects key or scalar value. */
  locate(path: FieldPath, target: 'key' | 'value'): Origin | undefined;
}

/** A plain (non-array, non-null) object. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep-merges `over` onto `base` (mappings merge key by key; lists and scalars replace). */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = k in base ? deepMerge(base[k], v) : v;
  }
  return out;
}

/** The value at `path`, or undefined. */
export function getPath(obj: unknown, path: FieldPath): unknown {
  let cur = obj;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isPlainObject(cur)) cur = Object.hasOwn(cur, seg) ? cur[String(seg)] : undefined;
    else return undefined;
  }
  return cur;
}

/** True when every segment of `path` exists (a value of undefined does not count). */
export function hasPath(obj: unknown, path: FieldPath): boolean {
  let cur = obj;
  for (const seg of path) {
    if (Array.isArray(cur)) {
      const i = Number(seg);
      if (!Number.isInteger(i) || i < 0 || i >= cur.length) return false;
      cur = cur[i];
    } else if (isPlainObject(cur) && Object.hasOwn(cur, seg)) cur = cur[String(seg)];
    else return false;
  }
  return cur !== undefined;
}

/** Sets `value` at `path`, creating mappings on the way (replacing non-mappings). */
export function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = obj;
  for (const seg of path.slice(0, -1)) {
    const next = cur[seg];
    if (!isPlainObject(next)) cur[seg] = {};
    cur = cur[seg] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) cur[last] = value;
}

/** Removes the value at `path` (no-op when absent); arrays lose the whole list. */
export function deletePath(obj: unknown, path: FieldPath): void {
  const cut = path.findIndex((s) => typeof s === 'number');
  const p = cut === -1 ? path : path.slice(0, cut);
  if (p.length === 0) return;
  const parent = getPath(obj, p.slice(0, -1));
  if (isPlainObject(parent)) delete parent[String(p[p.length - 1])];
}

/**
 * Locates `path` in the highest layer that holds it. When no layer holds it (a missing field),
 * points at the nearest ancestor in the file layer, or the file itself.
 */
export function locateInLayers(layers: readonly Layer[], path: FieldPath, target: 'key' | 'value'): Origin {
  const ordered = [...layers].reverse();
  for (const layer of ordered) {
    if (hasPath(layer.data, path)) return layer.locate(path, target) ?? {};
  }
  for (let n = path.length - 1; n >= 1; n--) {
    const prefix = path.slice(0, n);
    for (const layer of ordered) {
      if (hasPath(layer.data, prefix)) return layer.locate(path, 'key') ?? {};
    }
  }
  const file = layers.find((l) => l.kind === 'file');
  return file?.locate(path, 'key') ?? {};
}
