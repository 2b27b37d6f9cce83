import type { z } from 'zod';
import type { ConfigIssue } from '../core/errors.js';
import {
  allowedValues,
  type FieldPath,
  fieldInfo,
  kindOf,
  type Schema,
  schemaAt,
  typeLabel,
  unionOptions,
} from './fields.js';
import { getPath, hasPath, type Origin } from './layers.js';
import { didYouMean, suggestKey, suggestValue } from './suggest.js';

/** Turns zod issues into ConfigIssues with file, line, column and a suggestion. */

/** What issue mapping needs: the root schema, the checked input, and a way to locate a path. */
export interface IssueContext {
  /** The root schema the input was checked against (for valid keys, ranges, enums). */
  schema: Schema;
  /** The input that was checked (to show the offending value). */
  input: unknown;
  /** Where a path was written: `key` for unknown or missing fields, `value` for bad values. */
  locate(path: FieldPath, target: 'key' | 'value'): Origin;
}

type ZodIssue = z.core.$ZodIssue;
type Base = Omit<ConfigIssue, 'file' | 'line' | 'column'>;

/** Attaches an origin (file position or command-line source) to an issue. */
export function withOrigin(base: Base, origin: Origin): ConfigIssue {
  const issue: ConfigIssue = { ...base };
  if (origin.file !== undefined) issue.file = origin.file;
  if (origin.line !== undefined) issue.line = origin.line;
  if (origin.column !== undefined) issue.column = origin.column;
  if (origin.source !== undefined) issue.message = `${issue.message} (from \`${origin.source}\`)`;
  return issue;
}

/** Renders a value for a message: strings quoted, lists and mappings named. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null (an empty value)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  return String(v);
}

function shown(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : describeValue(v);
}

/** Maps every zod issue (unions and nested issues included) to ConfigIssues. */
export function configIssuesFromZod(issues: readonly ZodIssue[], ctx: IssueContext): ConfigIssue[] {
  return issues.flatMap((issue) => convert(issue, [], ctx));
}

function convert(issue: ZodIssue, prefix: FieldPath, ctx: IssueContext): ConfigIssue[] {
  const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  const value = getPath(ctx.input, path);
  const field = schemaAt(path, ctx.schema);
  const make = (base: Omit<Base, 'path'>, target: 'key' | 'value', at: FieldPath = path) =>
    withOrigin({ ...base, path: [...at] }, ctx.locate(at, target));

  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const suggestion = suggestKey(path, key, ctx.schema);
        return make(
          { code: 'unknown_key', message: `unknown key "${key}"`, ...(suggestion ? { suggestion } : {}) },
          'key',
          [...path, key],
        );
      });
    case 'invalid_type': {
      const label = field === undefined ? issue.expected : typeLabel(field);
      if (!hasPath(ctx.input, path)) {
        const name = String(path[path.length - 1] ?? 'value');
        const about = field === undefined ? undefined : fieldInfo(field).description;
        return [
          make(
            {
              code: 'missing_required',
              message: `missing required field "${name}" (${label})`,
              suggestion: `add \`${name}:\`${about ? ` — ${about}` : ''}`,
            },
            'key',
          ),
        ];
      }
      const hint = typeHint(value, field, path);
      return [
        make(
          {
            code: 'invalid_type',
            message: `expected ${label}, got ${describeValue(value)}`,
            ...(hint ? { suggestion: hint } : {}),
          },
          'value',
        ),
      ];
    }
    case 'invalid_value':
      return [
        make(
          {
            code: 'invalid_value',
            message: `invalid value ${shown(value)}`,
            suggestion: suggestValue(value, issue.values),
          },
          'value',
        ),
      ];
    case 'too_small':
    case 'too_big':
      return [make(rangeIssue(issue, value, field), 'value')];
    case 'invalid_format': {
      const url = issue.format === 'url';
      return [
        make(
          {
            code: 'invalid_format',
            message: `expected ${url ? 'a URL' : issue.format}, got ${describeValue(value)}`,
            ...(url ? { suggestion: 'write a full URL such as http://localhost:8000' } : {}),
          },
          'value',
        ),
      ];
    }
    case 'invalid_union': {
      // When exactly one alternative got past the outer type, its nested issues say more.
      const deep = issue.errors.filter((b) => b.length > 0 && b.every((i) => i.path.length > 0));
      if (deep.length === 1) return deep[0]!.flatMap((i) => convert(i, path, ctx));
      const label = field === undefined ? 'another value' : typeLabel(field);
      const suggestion = field === undefined ? undefined : unionHint(value, field, path);
      return [
        make(
          {
            code: 'invalid_value',
            message: `expected ${label}, got ${describeValue(value)}`,
            ...(suggestion ? { suggestion } : {}),
          },
          'value',
        ),
      ];
    }
    case 'invalid_key':
    case 'invalid_element':
      return issue.issues.flatMap((i) => convert(i, path, ctx));
    default:
      return [make({ code: issue.code, message: issue.message }, 'value')];
  }
}

function rangeIssue(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  value: unknown,
  field: Schema | undefined,
): Omit<Base, 'path'> {
  const small = issue.code === 'too_small';
  const code = small ? 'too_small' : 'too_big';
  const bound = Number(
    small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum,
  );
  if (issue.origin === 'array' || issue.origin === 'set') {
    const n = bound;
    return {
      code,
      message: small
        ? `needs at least ${n} item${n === 1 ? '' : 's'}`
        : `allows at most ${n} item${n === 1 ? '' : 's'}`,
    };
  }
  if (issue.origin === 'string') {
    return {
      code,
      message:
        small && bound === 1 ? 'must not be empty' : `${small ? 'too short' : 'too long'} (limit ${bound})`,
    };
  }
  const label = field === undefined ? `${small ? '≥' : '≤'} ${bound}` : typeLabel(field);
  return {
    code,
    message: `${shown(value)} is too ${small ? 'small' : 'big'}`,
    suggestion: `allowed: ${label}`,
  };
}

function unionHint(value: unknown, field: Schema, path: FieldPath): string | undefined {
  const kinds = unionOptions(field).map(kindOf);
  const literals = allowedValues(field);
  if (kinds.every((k) => k === 'enum' || k === 'literal')) return suggestValue(value, literals);
  const close =
    typeof value === 'string'
      ? didYouMean(
          value,
          literals.filter((v) => typeof v === 'string'),
        )
      : undefined;
  if (close !== undefined) return close;
  const name = String(path[path.length - 1] ?? '');
  if (kinds.includes('array') && !Array.isArray(value) && typeof value !== 'object') {
    return `write a list, e.g. ${name}: [${String(value)}]`;
  }
  return undefined;
}

function typeHint(value: unknown, field: Schema | undefined, path: FieldPath): string | undefined {
  if (field === undefined) return undefined;
  const kind = kindOf(field);
  const name = String(path[path.length - 1] ?? '');
  if (
    typeof value === 'string' &&
    kind === 'number' &&
    value.trim() !== '' &&
    Number.isFinite(Number(value))
  ) {
    return `write the number without quotes: ${name}: ${Number(value)}`;
  }
  if (kind === 'boolean' && (typeof value === 'number' || typeof value === 'string')) {
    return `write true or false${typeof value === 'string' ? ' without quotes' : ''}`;
  }
  if (kind === 'object' && Array.isArray(value))
    return `write ${name} as a mapping of key: value lines, not a list`;
  if (kind === 'object' && value === null)
    return `an empty \`${name}:\` is null; remove it or add fields under it`;
  if (kind === 'array' && !Array.isArray(value)) return `write a list, e.g. ${name}: [a, b]`;
  return undefined;
}

/** Orders issues by file (files first, then the command line), line and column. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const rank = (i: ConfigIssue) => (i.file === undefined ? 2 : i.file.startsWith('<') ? 1 : 0);
  return [...issues].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}
