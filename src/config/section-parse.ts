import type { z } from 'zod';
import { fieldInfo, type Schema } from './fields.js';
import { deepMerge, isPlainObject } from './layers.js';
import { type ExperimentConfig, experimentSchema } from './schema.js';

/**
 * Parsing many experiment inputs that differ in a few fields, fast, with exactly the experiment
 * schema's result. A strict object schema without object-level checks is the product of its
 * fields' schemas: its output is the object of its fields' outputs (an absent optional field
 * stays absent, a default fills in), and it fails when any field fails or a key is unknown. So
 * objects are walked field by field, and a field's output is memoised per schema and primitive
 * value (a sweep repeats the same few values 100,000 times); everything else (lists, loose
 * objects, records, objects with checks) goes to zod itself. The outputs share memoised parts:
 * treat them as read-only. A property test holds this equal to `experimentSchema.safeParse`.
 */

type Result = { ok: true; data: unknown } | { ok: false };

interface ObjectPlan {
  keys: string[];
  shape: Record<string, Schema>;
}

const FAIL: Result = { ok: false };

function defOf(schema: Schema) {
  return (
    schema as unknown as {
      _zod: { def: { type: string; shape?: Record<string, Schema>; catchall?: Schema; checks?: unknown[] } };
    }
  )._zod.def;
}

/** A memoising parser; one per expansion (its memo holds values seen in that study). */
export class SectionParser {
  private readonly plans = new Map<Schema, ObjectPlan | null>();
  private readonly byValue = new Map<Schema, Map<unknown, Result>>();

  /** The parse of `value` by `schema` (the same as `schema.safeParse(value)` when it succeeds). */
  parse(schema: Schema, value: unknown): Result {
    if (value === null || typeof value !== 'object') return this.primitive(schema, value);
    const plan = isPlainObject(value) ? this.plan(schema) : null;
    if (plan === null || !isPlainObject(value)) return this.zod(schema, value);
    for (const key in value) if (!Object.hasOwn(plan.shape, key)) return FAIL;
    const out: Record<string, unknown> = {};
    for (const key of plan.keys) {
      const present = Object.hasOwn(value, key);
      const result = this.parse(plan.shape[key]!, present ? value[key] : undefined);
      if (!result.ok) return FAIL;
      if (present || result.data !== undefined) out[key] = result.data;
    }
    return { ok: true, data: out };
  }

  private primitive(schema: Schema, value: unknown): Result {
    let memo = this.byValue.get(schema);
    if (memo === undefined) {
      memo = new Map();
      this.byValue.set(schema, memo);
    }
    let result = memo.get(value);
    if (result === undefined) {
      result = this.zod(schema, value);
      memo.set(value, result);
    }
    return result;
  }

  private zod(schema: Schema, value: unknown): Result {
    const r = (schema as z.ZodType).safeParse(value);
    return r.success ? { ok: true, data: r.data } : FAIL;
  }

  /** How to walk `schema` for a mapping: a strict object without checks (under optional/default/prefault), else null. */
  private plan(schema: Schema): ObjectPlan | null {
    let plan = this.plans.get(schema);
    if (plan !== undefined) return plan;
    const info = fieldInfo(schema);
    const def = defOf(info.inner);
    const strict =
      def.type === 'object' && def.catchall !== undefined && defOf(def.catchall).type === 'never';
    // Wrappers (optional, default, prefault, nullable) only act on undefined or null, never on a mapping.
    plan =
      strict && (def.checks?.length ?? 0) === 0 && wrappersOnly(schema)
        ? { keys: Object.keys(def.shape ?? {}), shape: def.shape ?? {} }
        : null;
    this.plans.set(schema, plan);
    return plan;
  }
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable']);

/** True when every wrapper around the inner schema only acts on undefined or null (no transforms, no checks). */
function wrappersOnly(schema: Schema): boolean {
  let s = schema;
  for (;;) {
    const def = defOf(s) as { type: string; innerType?: Schema; checks?: unknown[] };
    if (!WRAPPERS.has(def.type)) return true;
    if ((def.checks?.length ?? 0) > 0 || def.innerType === undefined) return false;
    s = def.innerType;
  }
}

/**
 * A parser for experiment inputs that share most top-level sections (by reference) with `base`:
 * a section identical to the base's is parsed once; the rest field by field. Returns undefined
 * when the input is invalid (the caller then runs the full validation for the issues).
 */
export function sectionParser(
  base: Record<string, unknown>,
  parser: SectionParser = new SectionParser(),
): (input: Record<string, unknown>) => ExperimentConfig | undefined {
  const shape = experimentSchema.shape as unknown as Record<string, Schema>;
  const keys = Object.keys(shape);
  const memo = new Map<string, Result>();
  return (input) => {
    for (const key in input) if (!Object.hasOwn(shape, key)) return undefined;
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const present = Object.hasOwn(input, key);
      const value = present ? input[key] : undefined;
      const shared = value === base[key] && present === Object.hasOwn(base, key);
      let result = shared ? memo.get(key) : undefined;
      if (result === undefined) {
        result = parser.parse(shape[key]!, value);
        if (shared) memo.set(key, result);
      }
      if (!result.ok) return undefined;
      if (present || result.data !== undefined) out[key] = result.data;
    }
    return out as ExperimentConfig;
  };
}

/**
 * A parser for sweep points: `base` (the merged shared fields) with a point's `overlay` (the
 * fields its axes set) deep-merged on top. The same as `sectionParser(base)(deepMerge(base,
 * overlay))` without building the merged config: a section the overlay does not touch is parsed
 * once for all points, and only the touched sections are merged and parsed.
 */
export function pointParser(
  base: Record<string, unknown>,
  parser: SectionParser = new SectionParser(),
): (overlay: Record<string, unknown>) => ExperimentConfig | undefined {
  const shape = experimentSchema.shape as unknown as Record<string, Schema>;
  const keys = Object.keys(shape);
  const schemas = keys.map((k) => shape[k]!);
  const inBase = keys.map((k) => Object.hasOwn(base, k));
  const baseResults: (Result | undefined)[] = keys.map(() => undefined);
  // A key of the base the schema does not know makes every point invalid, as in the merged config.
  let baseKnown = true;
  for (const key in base) if (!Object.hasOwn(shape, key)) baseKnown = false;
  return (overlay) => {
    if (!baseKnown) return undefined;
    for (const key in overlay) if (!Object.hasOwn(shape, key)) return undefined;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const over = Object.hasOwn(overlay, key) ? overlay[key] : undefined;
      let result: Result | undefined;
      if (over === undefined) {
        result = baseResults[i];
        if (result === undefined) {
          result = parser.parse(schemas[i]!, inBase[i] ? base[key] : undefined);
          baseResults[i] = result;
        }
      } else result = parser.parse(schemas[i]!, key in base ? deepMerge(base[key], over) : over);
      if (!result.ok) return undefined;
      if (inBase[i] || over !== undefined || result.data !== undefined) out[key] = result.data;
    }
    return out as ExperimentConfig;
  };
}
