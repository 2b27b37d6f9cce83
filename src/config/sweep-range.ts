import type { ConfigIssue } from '../core/errors.js';
import { type NumberRange, numberRange, rangeText, type Schema, unionOptions } from './fields.js';
import { isPlainObject } from './layers.js';

/**
 * Range shorthands for numeric sweep axes (SPEC §2.2, issue 8 item 6). Instead of a list, an
 * axis may be a mapping that expands to explicit values, in order, which the dry run shows:
 *
 * - `{start: 32, stop: 512, num: 5}`: `num` evenly spaced values, both ends included (linear).
 * - `{start: 1, stop: 1000, num: 4, scale: log}`: `num` values evenly spaced in log space
 *   (1, 10, 100, 1000); `start` and `stop` must be above 0.
 * - `{pow2: [1, 64]}`: every power of two from 1 to 64 (1, 2, 4, …, 64), ends included when
 *   they are powers of two; `[64, 1]` counts down.
 *
 * Integer fields get whole numbers: values are rounded to the nearest integer and repeats are
 * dropped (first kept), with a warning saying how many distinct values remain. Other values are
 * rounded to 12 significant digits, so a linear step of 0.1 gives 0.3, not 0.30000000000000004.
 */

/** The keys a range shorthand may have. */
export const RANGE_KEYS = ['start', 'stop', 'num', 'scale', 'pow2'] as const;

/** True when `value` is meant as a range shorthand: a mapping using any of its keys. */
export function isRangeShorthand(value: unknown): value is Record<string, unknown> {
  return (
    isPlainObject(value) && Object.keys(value).some((k) => (RANGE_KEYS as readonly string[]).includes(k))
  );
}

/** An issue of a shorthand before it is located: the key inside the mapping it concerns, if any. */
type RangeIssue = Omit<ConfigIssue, 'path'> & { key?: string };

/** What a shorthand expands to: the values, issues, and a note when rounding merged values. */
export interface ExpandedRange {
  values: number[];
  issues: RangeIssue[];
  /** Set when integer rounding dropped repeated values. */
  note?: string;
}

/** The most values one shorthand may generate (a typo in `num` should not allocate millions). */
export const MAX_RANGE_VALUES = 100_000;

const EXAMPLE =
  'write {start: 1, stop: 64, num: 4}, {start: 1, stop: 1000, num: 4, scale: log} or {pow2: [1, 64]}';

/** The numeric range a field accepts (the number option of a union such as `gpu_layers`), else undefined. */
export function numericField(schema: Schema): NumberRange | undefined {
  const direct = numberRange(schema);
  if (direct !== undefined) return direct;
  for (const option of unionOptions(schema)) {
    const r = numberRange(option);
    if (r !== undefined) return r;
  }
  return undefined;
}

/** Expands a range shorthand for the field `key` whose schema is `schema`. */
export function expandRange(key: string, spec: Record<string, unknown>, schema: Schema): ExpandedRange {
  const issues: RangeIssue[] = [];
  const fail = (issue: RangeIssue): ExpandedRange => ({ values: [], issues: [...issues, issue] });
  const field = numericField(schema);
  if (field === undefined) {
    return fail({
      code: 'sweep_range_not_numeric',
      message: `${key} is not a numeric field, so it cannot take a range shorthand`,
      suggestion: `list its values instead, e.g. ${key}: [a, b]`,
    });
  }
  for (const k of Object.keys(spec)) {
    if (!(RANGE_KEYS as readonly string[]).includes(k)) {
      issues.push({
        code: 'sweep_range_key',
        key: k,
        message: `unknown key "${k}" in the range shorthand of ${key}`,
        suggestion: `a range takes start, stop, num and scale (linear | log), or pow2: [low, high]; ${EXAMPLE}`,
      });
    }
  }
  if (issues.length > 0) return { values: [], issues };
  const raw = Object.hasOwn(spec, 'pow2') ? powersOfTwo(key, spec) : spaced(key, spec);
  if ('issue' in raw) return fail(raw.issue);
  if (raw.values.length > MAX_RANGE_VALUES) {
    return fail({
      code: 'sweep_range_too_large',
      message: `the range shorthand of ${key} gives ${raw.values.length.toLocaleString('en')} values`,
      suggestion: `use at most ${MAX_RANGE_VALUES.toLocaleString('en')} values per axis`,
    });
  }
  if (!field.int) return { values: raw.values.map(round12), issues };
  const whole = [...new Set(raw.values.map((v) => Math.round(v)))];
  const out: ExpandedRange = { values: whole, issues };
  if (whole.length < raw.values.length) {
    out.note = `${key}: the range gives ${raw.values.length} values; ${key} takes whole numbers, and rounding leaves ${whole.length} distinct: ${whole.join(', ')}`;
  }
  return out;
}

type Raw = { values: number[] } | { issue: RangeIssue };

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function spaced(key: string, spec: Record<string, unknown>): Raw {
  const missing = ['start', 'stop', 'num'].filter((k) => !Object.hasOwn(spec, k));
  if (missing.length > 0) {
    return {
      issue: {
        code: 'sweep_range_incomplete',
        message: `the range shorthand of ${key} lacks ${missing.join(' and ')}`,
        suggestion: EXAMPLE,
      },
    };
  }
  const { start, stop, num } = spec;
  const scale = spec.scale ?? 'linear';
  for (const [k, v] of [
    ['start', start],
    ['stop', stop],
  ] as const) {
    if (!finite(v)) {
      return {
        issue: {
          code: 'sweep_range_value',
          key: k,
          message: `${key}: ${k} must be a number, got ${show(v)}`,
        },
      };
    }
  }
  if (typeof num !== 'number' || !Number.isInteger(num) || num < 1) {
    return {
      issue: {
        code: 'sweep_range_value',
        key: 'num',
        message: `${key}: num must be a whole number ≥ 1 (how many values), got ${show(num)}`,
        suggestion: 'e.g. num: 5',
      },
    };
  }
  if (num > MAX_RANGE_VALUES) {
    return {
      issue: {
        code: 'sweep_range_too_large',
        key: 'num',
        message: `${key}: num ${num} is more than ${MAX_RANGE_VALUES.toLocaleString('en')} values`,
        suggestion: `use at most ${MAX_RANGE_VALUES.toLocaleString('en')} values per axis`,
      },
    };
  }
  const a = start as number;
  const b = stop as number;
  if (scale !== 'linear' && scale !== 'log') {
    return {
      issue: {
        code: 'sweep_range_value',
        key: 'scale',
        message: `${key}: scale must be linear or log, got ${show(scale)}`,
        suggestion: 'scale: log spaces values evenly in log space; leave scale out for linear',
      },
    };
  }
  if (scale === 'log' && (a <= 0 || b <= 0)) {
    return {
      issue: {
        code: 'sweep_range_value',
        key: a <= 0 ? 'start' : 'stop',
        message: `${key}: a log range needs start and stop above 0, got start ${a}, stop ${b}`,
        suggestion: 'start the range at a positive value, or use a linear range (no scale)',
      },
    };
  }
  const values: number[] = [];
  for (let i = 0; i < num; i++) {
    const t = num === 1 ? 0 : i / (num - 1);
    // The ends are exact; in between, the usual linear or geometric interpolation.
    const v = i === num - 1 && num > 1 ? b : scale === 'log' ? a * (b / a) ** t : a + (b - a) * t;
    values.push(v);
  }
  return { values };
}

function powersOfTwo(key: string, spec: Record<string, unknown>): Raw {
  const others = Object.keys(spec).filter((k) => k !== 'pow2');
  if (others.length > 0) {
    return {
      issue: {
        code: 'sweep_range_key',
        key: others[0]!,
        message: `${key}: pow2 takes no ${others.join(', ')}`,
        suggestion: 'write pow2: [low, high] alone, e.g. {pow2: [1, 64]}',
      },
    };
  }
  const bounds = spec.pow2;
  if (!Array.isArray(bounds) || bounds.length !== 2 || !bounds.every((v) => finite(v) && v > 0)) {
    return {
      issue: {
        code: 'sweep_range_value',
        key: 'pow2',
        message: `${key}: pow2 takes two numbers above 0, [low, high], got ${show(bounds)}`,
        suggestion: 'e.g. {pow2: [1, 64]} for 1, 2, 4, …, 64',
      },
    };
  }
  const [from, to] = bounds as [number, number];
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const values: number[] = [];
  for (let e = Math.ceil(Math.log2(lo) - 1e-9); 2 ** e <= hi * (1 + 1e-12); e++) {
    if (2 ** e >= lo * (1 - 1e-12)) values.push(2 ** e);
    if (values.length > MAX_RANGE_VALUES) break;
  }
  if (values.length === 0) {
    return {
      issue: {
        code: 'sweep_range_empty',
        key: 'pow2',
        message: `${key}: no power of two lies between ${lo} and ${hi}`,
        suggestion: 'widen the bounds, e.g. {pow2: [1, 64]}',
      },
    };
  }
  return { values: from > to ? values.reverse() : values };
}

/** `v` to 12 significant digits (removes binary noise from sums like 0.1 + 0.2). */
function round12(v: number): number {
  return Number(v.toPrecision(12));
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

/** Words for the range a field accepts, for suggestions (`≥ 1`), empty when unbounded. */
export function acceptedRange(schema: Schema): string {
  const r = numericField(schema);
  return r === undefined ? '' : rangeText(r);
}
