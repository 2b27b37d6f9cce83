import {
  acceptsAnyKey,
  type FieldPath,
  fieldPaths,
  objectShape,
  recordKeys,
  type Schema,
  schemaAt,
} from './fields.js';
import { experimentSchema } from './schema.js';

/** "Did you mean" suggestions by edit distance over the keys valid at a path, and over enum values. */

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[-\s]/g, '_');
}

/** The candidates closest to `input` (ties kept, best first); empty when none is close enough. */
export function closest(input: string, candidates: readonly string[]): string[] {
  const norm = normalise(input);
  let best = Number.POSITIVE_INFINITY;
  let out: string[] = [];
  for (const candidate of candidates) {
    const c = normalise(candidate);
    // A third of the longer word, at least 1 and at most 3 edits; substrings count as close.
    const limit = Math.min(3, Math.max(1, Math.floor(Math.max(c.length, norm.length) / 3)));
    let dist = editDistance(norm, c);
    const contained = norm.length >= 4 && (c.includes(norm) || norm.includes(c));
    if (dist > limit && (contained || (norm.length >= 2 && c.startsWith(norm)))) dist = limit;
    if (dist > limit) continue;
    if (dist < best) {
      best = dist;
      out = [candidate];
    } else if (dist === best) out.push(candidate);
  }
  return out;
}

/** Renders `did you mean "x"?` (or `"x" or "y"`); undefined when nothing is close. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const hits = closest(input, candidates).slice(0, 3);
  if (hits.length === 0) return undefined;
  return `did you mean ${hits.map((h) => `"${h}"`).join(' or ')}?`;
}

/** A suggestion for a value outside an enum: did-you-mean plus the allowed values. */
export function suggestValue(value: unknown, allowed: readonly unknown[]): string {
  const list = allowed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  const hint =
    typeof value === 'string'
      ? didYouMean(
          value,
          allowed.filter((v) => typeof v === 'string'),
        )
      : undefined;
  return hint === undefined ? `allowed: ${list}` : `${hint} allowed: ${list}`;
}

/** The keys valid in the mapping at `parent`, or undefined when any key is accepted there. */
export function validKeysAt(parent: FieldPath, root: Schema = experimentSchema): string[] | undefined {
  const schema = parent.length === 0 ? root : schemaAt(parent, root);
  if (schema === undefined) return undefined;
  const keys = recordKeys(schema);
  if (keys !== undefined) return keys;
  if (acceptsAnyKey(schema)) return undefined;
  const shape = objectShape(schema);
  return shape === undefined ? undefined : Object.keys(shape);
}

/**
 * A suggestion for an unknown key: a close sibling key (`mesurement` → `measurement`), else the
 * place the key belongs elsewhere (`n_prompts` at the top → `dataset.n_prompts`), else the valid keys.
 */
export function suggestKey(
  parent: FieldPath,
  key: string,
  root: Schema = experimentSchema,
): string | undefined {
  const siblings = validKeysAt(parent, root) ?? [];
  const hint = didYouMean(key, siblings);
  if (hint !== undefined) return hint;
  const norm = normalise(key);
  const elsewhere = fieldPaths(root)
    .filter((p) => normalise(p[p.length - 1]!) === norm)
    .map((p) => p.join('.'));
  if (elsewhere.length === 1) {
    const where = elsewhere[0]!.split('.').slice(0, -1).join('.');
    return `did you mean "${elsewhere[0]}"? (${key} belongs under ${where === '' ? 'the top level' : where})`;
  }
  if (elsewhere.length > 1) return `did you mean ${elsewhere.map((p) => `"${p}"`).join(' or ')}?`;
  return siblings.length > 0 ? `valid keys here: ${siblings.join(', ')}` : undefined;
}
