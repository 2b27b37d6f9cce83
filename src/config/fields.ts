import type { z } from 'zod';
import { experimentSchema } from './schema.js';

/**
 * Introspection of zod v4 schemas: the valid keys at a path, enum values, numeric ranges,
 * defaults and descriptions. Suggestions, issue messages, override coercion and the generated
 * config reference all read the schema through this one place.
 */

/** Any zod schema. */
export type Schema = z.ZodType;
/** A path into a config document. */
export type FieldPath = readonly (string | number)[];

interface Def {
  type: string;
  innerType?: Schema;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  element?: Schema;
  options?: Schema[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  valueType?: Schema;
  keyType?: Schema;
  defaultValue?: unknown;
  format?: string;
  checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean; format?: string } } }[];
  minimum?: number;
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'nonoptional', 'catch']);

function defOf(schema: Schema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** What a field's wrappers say about it: optional, nullable, its default and description. */
export interface FieldInfo {
  /** The schema under optional/default/nullable wrappers. */
  inner: Schema;
  /** The field may be left out (it is optional or has a default). */
  optional: boolean;
  /** `null` is accepted. */
  nullable: boolean;
  /** Whether a real (non-prefault) default exists. */
  hasDefault: boolean;
  /** The default value, when `hasDefault`. */
  defaultValue?: unknown;
  /** The first description found from the outside in. */
  description?: string;
}

/** Strips wrapper schemas, collecting optionality, default and description on the way. */
export function fieldInfo(schema: Schema): FieldInfo {
  const info: FieldInfo = { inner: schema, optional: false, nullable: false, hasDefault: false };
  let s: Schema = schema;
  for (;;) {
    if (info.description === undefined && s.description !== undefined) info.description = s.description;
    const def = defOf(s);
    if (!WRAPPERS.has(def.type) || def.innerType === undefined) break;
    if (def.type === 'optional' || def.type === 'prefault') info.optional = true;
    if (def.type === 'nullable') info.nullable = true;
    if (def.type === 'default' && !info.hasDefault) {
      info.optional = true;
      info.hasDefault = true;
      info.defaultValue = def.defaultValue;
    }
    s = def.innerType;
  }
  info.inner = s;
  return info;
}

/** The schema's kind after unwrapping (`object`, `number`, `enum`, `union`, …). */
export function kindOf(schema: Schema): string {
  return defOf(fieldInfo(schema).inner).type;
}

/** The field schemas of an object schema (after unwrapping), or undefined when not an object. */
export function objectShape(schema: Schema): Record<string, Schema> | undefined {
  const def = defOf(fieldInfo(schema).inner);
  return def.type === 'object' ? (def.shape ?? {}) : undefined;
}

/** True when the object schema accepts keys outside its shape (a loose object or a record). */
export function acceptsAnyKey(schema: Schema): boolean {
  const def = defOf(fieldInfo(schema).inner);
  if (def.type === 'record') return true;
  return def.type === 'object' && def.catchall !== undefined && defOf(def.catchall).type !== 'never';
}

/** The allowed keys of a record with enum keys (`python: {vllm: …}`), else undefined. */
export function recordKeys(schema: Schema): string[] | undefined {
  const def = defOf(fieldInfo(schema).inner);
  if (def.type !== 'record' || def.keyType === undefined) return undefined;
  const keys = allowedValues(def.keyType).map(String);
  return keys.length > 0 ? keys : undefined;
}

/** The child schema for one path segment, or undefined when the segment is not valid there. */
export function childSchema(schema: Schema, segment: string | number): Schema | undefined {
  const def = defOf(fieldInfo(schema).inner);
  switch (def.type) {
    case 'object': {
      const child = def.shape?.[String(segment)];
      if (child !== undefined) return child;
      return def.catchall !== undefined && defOf(def.catchall).type !== 'never' ? def.catchall : undefined;
    }
    case 'record':
      return def.valueType;
    case 'array':
      return typeof segment === 'number' || /^\d+$/.test(segment) ? def.element : undefined;
    case 'union':
      for (const option of def.options ?? []) {
        const child = childSchema(option, segment);
        if (child !== undefined) return child;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The schema at `path` below `root` (default: the experiment schema), or undefined. */
export function schemaAt(path: FieldPath, root: Schema = experimentSchema): Schema | undefined {
  let s: Schema | undefined = root;
  for (const segment of path) {
    if (s === undefined) return undefined;
    s = childSchema(s, segment);
  }
  return s;
}

/** The alternatives of a union schema (after unwrapping); empty when it is not a union. */
export function unionOptions(schema: Schema): Schema[] {
  const def = defOf(fieldInfo(schema).inner);
  return def.type === 'union' ? [...(def.options ?? [])] : [];
}

/** The allowed literal values of an enum, literal, or union of them (empty when open-ended). */
export function allowedValues(schema: Schema): unknown[] {
  const def = defOf(fieldInfo(schema).inner);
  if (def.type === 'enum') return Object.values(def.entries ?? {});
  if (def.type === 'literal') return [...(def.values ?? [])];
  if (def.type === 'union') return (def.options ?? []).flatMap((o) => allowedValues(o));
  return [];
}

/** A numeric range as declared by `.min/.max/.gt/.lt/.positive/.int()`. */
export interface NumberRange {
  /** Whether `.int()` applies. */
  int: boolean;
  min?: number;
  minInclusive?: boolean;
  max?: number;
  maxInclusive?: boolean;
}

/** The declared range of a number schema, or undefined when it is not a number. */
export function numberRange(schema: Schema): NumberRange | undefined {
  const def = defOf(fieldInfo(schema).inner);
  if (def.type !== 'number') return undefined;
  const range: NumberRange = { int: false };
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32')) range.int = true;
    if (c.check === 'greater_than' && c.value !== undefined) {
      range.min = c.value;
      range.minInclusive = c.inclusive ?? true;
    }
    if (c.check === 'less_than' && c.value !== undefined) {
      range.max = c.value;
      range.maxInclusive = c.inclusive ?? true;
    }
  }
  // An integer above 0 reads better as "≥ 1".
  if (range.int && range.min !== undefined && range.minInclusive === false && Number.isInteger(range.min)) {
    range.min += 1;
    range.minInclusive = true;
  }
  return range;
}

/** Renders a range as words: `from 5 to 120`, `≥ 1`, `> 0 and ≤ 1`; empty when unbounded. */
export function rangeText(range: NumberRange): string {
  const lo = range.min === undefined ? undefined : `${range.minInclusive ? '≥' : '>'} ${range.min}`;
  const hi = range.max === undefined ? undefined : `${range.maxInclusive ? '≤' : '<'} ${range.max}`;
  if (lo !== undefined && hi !== undefined) {
    return range.minInclusive && range.maxInclusive ? `from ${range.min} to ${range.max}` : `${lo} and ${hi}`;
  }
  return lo ?? hi ?? '';
}

/** Options for `typeLabel`: how literal values are quoted (plain for messages, backticks for markdown). */
export interface LabelStyle {
  /** Formats one allowed literal value. */
  value(v: unknown): string;
}

const plainStyle: LabelStyle = { value: (v) => (typeof v === 'string' ? v : JSON.stringify(v)) };

/** Describes the accepted type in words, e.g. `an integer ≥ 1`, `one of: a, b`, `a list of …`. */
export function typeLabel(schema: Schema, style: LabelStyle = plainStyle): string {
  const info = fieldInfo(schema);
  const base = baseLabel(info.inner, style);
  return info.nullable ? `${base}, or null` : base;
}

function baseLabel(schema: Schema, style: LabelStyle): string {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return def.format === 'url' ? 'a URL' : 'a string';
    case 'number': {
      const range = numberRange(schema) ?? { int: false };
      const text = rangeText(range);
      return `${range.int ? 'an integer' : 'a number'}${text === '' ? '' : ` ${text}`}`;
    }
    case 'boolean':
      return 'true or false';
    case 'enum':
    case 'literal': {
      const values = allowedValues(schema).map((v) => style.value(v));
      return values.length === 1 ? values[0]! : `one of: ${values.join(', ')}`;
    }
    case 'array':
      return `a list of ${plural(typeLabel(def.element!, style))}`;
    case 'object':
    case 'record':
      return 'a mapping';
    case 'union': {
      const options = def.options ?? [];
      const literals = options.filter((o) => ['enum', 'literal'].includes(kindOf(o)));
      if (literals.length === options.length)
        return `one of: ${allowedValues(schema).map(style.value).join(', ')}`;
      const others = options.filter((o) => !literals.includes(o)).map((o) => typeLabel(o, style));
      const lit = literals.flatMap((o) => allowedValues(o)).map(style.value);
      return [...lit, ...others].join(' or ');
    }
    case 'unknown':
    case 'any':
      return 'any value';
    default:
      return def.type;
  }
}

function plural(label: string): string {
  return label
    .replace(/^an integer/, 'integers')
    .replace(/^a number/, 'numbers')
    .replace(/^a string/, 'strings')
    .replace(/^one of: /, '');
}

/** Every field path of an object schema (objects and leaves), depth-first in declaration order. */
export function fieldPaths(root: Schema = experimentSchema, prefix: string[] = []): string[][] {
  const shape = objectShape(root);
  if (shape === undefined) return [];
  const out: string[][] = [];
  for (const [key, child] of Object.entries(shape)) {
    const path = [...prefix, key];
    out.push(path);
    out.push(...fieldPaths(child, path));
  }
  return out;
}

/** The leaf field paths (fields that are not objects with a fixed shape). */
export function leafPaths(root: Schema = experimentSchema): string[][] {
  return fieldPaths(root).filter((p) => objectShape(schemaAt(p, root)!) === undefined);
}
