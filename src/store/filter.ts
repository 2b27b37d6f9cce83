// Filters over the results table, turned into a parameterised SQL WHERE clause. Pure: errors are
// data (issues naming the offending filter and a fix), so the CLI can report them with exit 2.
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { type ColumnType, configColumn } from './flatten.js';

/** A comparison on one column: `column op value`. */
export interface WhereClause {
  /** A column name, or a dotted config path (`llamacpp.sequences`, `config.llamacpp.sequences`). */
  column: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=';
  /** The value as written; converted to the column's type. */
  value: string;
}

/** Which runs to take; every given field must match (AND). */
export interface RunFilter {
  /** Study name, study folder or a prefix of the study hash. */
  study?: string;
  /** `config.model` as configured. */
  model?: string;
  /** `config.engine`. */
  engine?: string;
  /** `ok`, `failed` or `interrupted`. */
  status?: string;
  /** true: only valid runs; false: only runs that are not valid. */
  valid?: boolean;
  /** Further comparisons on any column, config fields included. */
  where?: WhereClause[];
}

/** A WHERE clause (`TRUE` when nothing is filtered) and its positional parameters. */
export interface SqlFilter {
  sql: string;
  params: (string | number | boolean)[];
}

const OPS = ['!=', '<=', '>=', '=', '<', '>'] as const;

/** Parses `key=value` (or `!=`, `<`, `<=`, `>`, `>=`) as written on the command line. */
export function parseWhere(text: string): WhereClause {
  const m = /^\s*([A-Za-z_][\w.]*)\s*(!=|<=|>=|=|<|>)\s*(.*?)\s*$/.exec(text);
  if (!m || m[3] === undefined) {
    throw new ConfigError(
      [
        {
          code: 'usage',
          path: ['where'],
          file: '<command line>',
          message: `cannot read the filter '${text}'`,
          suggestion: `write column=value, e.g. --where llamacpp.sequences=4 or --where 'j_per_output_token<0.5' (operators ${OPS.join(' ')})`,
        },
      ],
      'ERR_USAGE',
    );
  }
  return { column: m[1]!, op: m[2] as WhereClause['op'], value: m[3] };
}

/** Double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The column a filter key names: the column itself, else the config path's column. */
export function resolveColumn(key: string, columns: ReadonlyMap<string, ColumnType>): string | undefined {
  if (columns.has(key)) return key;
  const asConfig = configColumn(key);
  return columns.has(asConfig) ? asConfig : undefined;
}

function closest(key: string, names: Iterable<string>): string[] {
  const flat = key.replace(/^config\./, '').replaceAll('.', '_');
  return [...names].filter((n) => n.includes(flat) || flat.includes(n)).slice(0, 5);
}

function typed(value: string, type: ColumnType): string | number | boolean | undefined {
  if (type === 'VARCHAR') return value;
  if (type === 'BOOLEAN') return value === 'true' ? true : value === 'false' ? false : undefined;
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

/**
 * Builds the WHERE clause of a filter against the table's columns (name → type). Every problem
 * (unknown column, a value that does not fit the column's type) is reported at once.
 */
export function filterToSql(filter: RunFilter, columns: ReadonlyMap<string, ColumnType>): SqlFilter {
  const parts: string[] = [];
  const params: (string | number | boolean)[] = [];
  const issues: ConfigIssue[] = [];
  const eq = (column: string, value: string | boolean) => {
    if (!columns.has(column)) {
      // Nothing indexed has this column (an empty store): nothing can match.
      parts.push('FALSE');
      return;
    }
    parts.push(`${quoteIdent(column)} = ?`);
    params.push(value);
  };
  if (filter.study !== undefined) {
    parts.push('(study_name = ? OR study_dir = ? OR starts_with(study_hash, ?))');
    params.push(filter.study, filter.study, filter.study);
  }
  if (filter.model !== undefined) eq('model', filter.model);
  if (filter.engine !== undefined) eq('engine', filter.engine);
  if (filter.status !== undefined) eq('status', filter.status);
  if (filter.valid !== undefined) eq('valid', filter.valid);
  for (const w of filter.where ?? []) {
    const column = resolveColumn(w.column, columns);
    if (column === undefined) {
      const near = closest(w.column, columns.keys());
      issues.push({
        code: 'unknown_column',
        path: ['where'],
        file: '<command line>',
        message: `no column '${w.column}' in the results table`,
        suggestion:
          near.length > 0
            ? `did you mean ${near.join(', ')}? (llem results list --columns lists them all)`
            : 'llem results list --columns lists the columns; config fields are named by their dotted path',
      });
      continue;
    }
    const type = columns.get(column)!;
    const value = typed(w.value, type);
    if (value === undefined) {
      issues.push({
        code: 'invalid_value',
        path: ['where'],
        file: '<command line>',
        message: `'${w.value}' is not a ${type === 'BOOLEAN' ? 'boolean' : 'number'}, as column '${column}' needs`,
        suggestion: type === 'BOOLEAN' ? `write ${w.column}=true or ${w.column}=false` : `write a number`,
      });
      continue;
    }
    if (type === 'BOOLEAN' && w.op !== '=' && w.op !== '!=') {
      issues.push({
        code: 'invalid_value',
        path: ['where'],
        file: '<command line>',
        message: `'${w.op}' does not compare booleans (column '${column}')`,
        suggestion: 'use = or !=',
      });
      continue;
    }
    // `!=` keeps rows where the column is null (the field not set differs from any value).
    parts.push(
      w.op === '!=' ? `${quoteIdent(column)} IS DISTINCT FROM ?` : `${quoteIdent(column)} ${w.op} ?`,
    );
    params.push(value);
  }
  if (issues.length > 0) throw new ConfigError(issues, 'ERR_USAGE');
  return { sql: parts.length === 0 ? 'TRUE' : parts.join(' AND '), params };
}
