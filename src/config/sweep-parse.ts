import type { ConfigIssue } from '../core/errors.js';
import type { LlemWarning } from '../core/warning.js';
import { childSchema, type FieldPath, kindOf, type Schema, schemaAt } from './fields.js';
import { configIssuesFromZod, withOrigin } from './issues.js';
import { isPlainObject, type Origin } from './layers.js';
import { ENGINES, type EngineName, experimentSchema } from './schema.js';
import { closest, suggestKey, validKeysAt } from './suggest.js';
import { type DocumentLocator, nest, type SweepAxis } from './sweep.js';
import { acceptedRange, expandRange, isRangeShorthand } from './sweep-range.js';

/**
 * Reading `sweep:` into validated axes (the grammar is described in `sweep.ts`): keys are field
 * paths checked against the experiment schema (a typo is an error with a did-you-mean), every
 * value is checked against its field's schema, groups must be lists of mappings, and no field may
 * be set by two axes.
 */
/** The axes of a `sweep:` mapping and every problem found in it. */
export interface ParsedSweep {
  /** Valid axes, in canonical order (engine first, then sorted by key). */
  axes: SweepAxis[];
  /** Unknown keys, non-list axes, bad values, mixed groups, overlapping axes. */
  issues: ConfigIssue[];
  /** Notes on range shorthands (integer rounding that merged values). */
  warnings: LlemWarning[];
}

const PASS_THROUGH = new Set(['unknown', 'any']);
const SECTION_KINDS = new Set(['object', 'record', 'unknown', 'any']);

/** Parses and validates `sweep:` (at `source` in the document, default `['sweep']`). */
export function parseSweep(
  sweep: unknown,
  locate: DocumentLocator,
  source: readonly (string | number)[] = ['sweep'],
): ParsedSweep {
  const issues: ConfigIssue[] = [];
  const axes: SweepAxis[] = [];
  const warnings: LlemWarning[] = [];
  const at = (p: readonly (string | number)[], target: 'key' | 'value' = 'key') => locate(p, target) ?? {};
  const issue = (
    src: readonly (string | number)[],
    base: Omit<ConfigIssue, 'path'>,
    target?: 'key' | 'value',
  ) => issues.push(withOrigin({ ...base, path: [...src] }, at(src, target)));

  if (sweep === null || sweep === undefined) return { axes, issues, warnings };
  if (!isPlainObject(sweep)) {
    issue(source, {
      code: 'invalid_type',
      message: 'expected a mapping of field paths to lists of values',
      suggestion: 'e.g. sweep: {llamacpp.threads: [1, 2]}',
    });
    return { axes, issues, warnings };
  }

  const walk = (
    map: Record<string, unknown>,
    prefix: readonly string[],
    src: readonly (string | number)[],
  ) => {
    for (const [rawKey, value] of Object.entries(map)) {
      const keySrc = [...src, rawKey];
      const segments = rawKey.split('.');
      if (segments.some((s) => s.trim() === '')) {
        issue(keySrc, { code: 'invalid_key', message: `"${rawKey}" is not a field path (an empty segment)` });
        continue;
      }
      const path = [...prefix, ...segments];
      const unknown = unknownSegment(path);
      if (unknown !== undefined) {
        issue(keySrc, unknownKeyIssue(path, unknown));
        continue;
      }
      const kind = kindOf(schemaAt(path)!);
      if (isRangeShorthand(value) && !SECTION_KINDS.has(kind)) {
        axes.push(...rangeAxis(path, value, keySrc, issues, warnings, at));
      } else if (isPlainObject(value) && SECTION_KINDS.has(kind)) walk(value, path, keySrc);
      else if (Array.isArray(value)) axes.push(...axisOf(path, value, keySrc, kind, issues, at));
      else {
        const shown = isPlainObject(value) ? '{…}' : JSON.stringify(value);
        issue(
          keySrc,
          {
            code: 'sweep_not_a_list',
            message: `a sweep axis takes a list of values, got ${isPlainObject(value) ? 'a mapping' : shown}`,
            suggestion: `write a list, e.g. ${path.join('.')}: [${shown ?? ''}, …], or a range such as {start: 1, stop: 8, num: 4} for a numeric field; fixed values go outside sweep:`,
          },
          'value',
        );
      }
    }
  };
  walk(sweep, [], source);
  issues.push(...overlaps(axes, at));
  return { axes: canonicalOrder(axes), issues, warnings };
}

/** The index of the first segment of `path` that is not a field, or undefined when all are. */
function unknownSegment(path: readonly string[]): number | undefined {
  let schema: Schema = experimentSchema;
  for (let i = 0; i < path.length; i++) {
    if (PASS_THROUGH.has(kindOf(schema))) return undefined;
    const child = childSchema(schema, path[i]!);
    if (child === undefined) return i;
    schema = child;
  }
  return undefined;
}

function unknownKeyIssue(path: readonly string[], index: number): Omit<ConfigIssue, 'path'> {
  const parent = path.slice(0, index);
  const segment = path[index]!;
  const hits = closest(segment, validKeysAt(parent) ?? []).slice(0, 3);
  const suggestion =
    hits.length > 0
      ? `did you mean ${hits.map((h) => `"${[...parent, h, ...path.slice(index + 1)].join('.')}"`).join(' or ')}?`
      : suggestKey(parent, segment);
  const within = path.length > 1 ? ` in sweep axis ${path.join('.')}` : '';
  return {
    code: 'unknown_key',
    message: `unknown key "${segment}"${within}`,
    ...(suggestion === undefined ? {} : { suggestion }),
  };
}

function axisOf(
  path: readonly string[],
  list: readonly unknown[],
  src: readonly (string | number)[],
  kind: string,
  issues: ConfigIssue[],
  at: (p: readonly (string | number)[], target?: 'key' | 'value') => Origin,
): SweepAxis[] {
  const key = path.join('.');
  const fail = (base: Omit<ConfigIssue, 'path'>) => {
    issues.push(withOrigin({ ...base, path: [...src] }, at(src)));
    return [];
  };
  if (list.length === 0) {
    return fail({
      code: 'too_small',
      message: 'an axis with no values gives no experiments',
      suggestion: `list at least one value, or remove ${key} from sweep:`,
    });
  }
  const mappings = list.filter(isPlainObject).length;
  const section = SECTION_KINDS.has(kind);
  if (section && mappings > 0 && mappings < list.length) {
    return fail({
      code: 'sweep_mixed_group',
      message: `${key} mixes mappings (alternatives of a group) with other values`,
      suggestion: 'write every alternative as a mapping; {} means "no change"',
    });
  }
  const group = section && mappings === list.length;
  const before = issues.length;
  const schema = schemaAt(path)!;
  list.forEach((value, i) => {
    const result = schema.safeParse(value);
    if (result.success) return;
    const zodIssues = result.error.issues.map((z) => ({ ...z, path: [...path, ...z.path] }));
    const found = configIssuesFromZod(zodIssues, {
      schema: experimentSchema,
      input: nest(path, value),
      locate: (p: FieldPath, target) => at([...src, i, ...p.slice(path.length)], target),
    });
    for (const f of found) f.path = [...src, i, ...f.path.slice(path.length)];
    issues.push(...found);
  });
  if (issues.length > before) return [];
  const engine = (ENGINES as readonly string[]).includes(path[0]!) ? (path[0] as EngineName) : null;
  return [{ key, path, engine, kind: group ? 'group' : 'values', values: list, source: src }];
}

/** An axis written as a range shorthand (`{start, stop, num}`, `scale: log`, `{pow2: [a, b]}`), expanded to values. */
function rangeAxis(
  path: readonly string[],
  spec: Record<string, unknown>,
  src: readonly (string | number)[],
  issues: ConfigIssue[],
  warnings: LlemWarning[],
  at: (p: readonly (string | number)[], target?: 'key' | 'value') => Origin,
): SweepAxis[] {
  const key = path.join('.');
  const schema = schemaAt(path)!;
  const range = expandRange(key, spec, schema);
  for (const { key: inner, ...issue } of range.issues) {
    const where = inner !== undefined && Object.hasOwn(spec, inner) ? [...src, inner] : src;
    issues.push(withOrigin({ ...issue, path: [...where] }, at(where, 'key')));
  }
  if (range.issues.length > 0) return [];
  const accepted = acceptedRange(schema);
  for (const value of range.values) {
    const result = schema.safeParse(value);
    if (result.success) continue;
    const why = result.error.issues[0]?.message ?? 'invalid';
    issues.push(
      withOrigin(
        {
          code: 'sweep_range_value',
          path: [...src],
          message: `${key}: the range gives ${value}, which ${key} does not accept (${why})`,
          suggestion: `keep the range within what ${key} accepts${accepted === '' ? '' : ` (${accepted})`}`,
        },
        at(src, 'key'),
      ),
    );
    return [];
  }
  if (range.note !== undefined) warnings.push({ code: 'SWEEP_RANGE_ROUNDED', message: range.note });
  const engine = (ENGINES as readonly string[]).includes(path[0]!) ? (path[0] as EngineName) : null;
  return [{ key, path, engine, kind: 'values', values: range.values, source: src }];
}

/** The field paths an axis writes (for groups, every leaf of every alternative). */
function writtenPaths(axis: SweepAxis): string[][] {
  if (axis.kind === 'values') return [[...axis.path]];
  const out: string[][] = [];
  const leaves = (v: unknown, p: string[]) => {
    if (isPlainObject(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) leaves(child, [...p, k]);
    } else out.push(p);
  };
  for (const alt of axis.values)
    if (isPlainObject(alt)) for (const [k, v] of Object.entries(alt)) leaves(v, [...axis.path, k]);
  return out;
}

function overlaps(
  axes: readonly SweepAxis[],
  at: (p: readonly (string | number)[]) => Origin,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const written = axes.map(writtenPaths);
  const prefixOf = (a: readonly string[], b: readonly string[]) =>
    a.length <= b.length && a.every((s, i) => s === b[i]);
  for (let j = 1; j < axes.length; j++) {
    for (let i = 0; i < j; i++) {
      const clash = written[j]!.find((b) => written[i]!.some((a) => prefixOf(a, b) || prefixOf(b, a)));
      if (clash === undefined) continue;
      const base = {
        code: 'sweep_overlap',
        path: [...axes[j]!.source],
        message: `${clash.join('.')} is set by two sweep axes: ${axes[i]!.key} and ${axes[j]!.key}`,
        suggestion: 'set each field in one axis only (put combinations that belong together in one group)',
      };
      issues.push(withOrigin(base, at(axes[j]!.source)));
      break;
    }
  }
  return issues;
}

function canonicalOrder(axes: readonly SweepAxis[]): SweepAxis[] {
  const rank = (a: SweepAxis) => (a.key === 'engine' ? 0 : 1);
  return [...axes].sort((a, b) => rank(a) - rank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Issues for engine-scoped axes whose engine the study never runs (they would generate nothing). */
export function unusedEngineAxes(
  axes: readonly SweepAxis[],
  engines: readonly EngineName[],
  locate: DocumentLocator,
): ConfigIssue[] {
  const swept = axes.some((a) => a.key === 'engine');
  return axes
    .filter((a) => a.engine !== null && !engines.includes(a.engine))
    .map((a) =>
      withOrigin(
        {
          code: 'sweep_engine_unused',
          path: [...a.source],
          message: `axis ${a.key} is scoped to engine ${a.engine}, which this study does not run (engine: ${engines.join(', ')})`,
          suggestion: swept
            ? `add ${a.engine} to sweep.engine, or remove the axis`
            : `set engine: ${a.engine}, sweep engine: [${[...engines, a.engine].join(', ')}], or remove the axis`,
        },
        locate(a.source, 'key') ?? {},
      ),
    );
}
