// The DuckDB binding, loaded on first use: `llem --version`, config work and runs never pay for
// it, and a missing or broken native piece becomes an error that says why and what to do.
import type * as DuckDb from '@duckdb/node-api';
import { LlemError } from '../core/errors.js';

/** The `@duckdb/node-api` module. */
export type DuckDbModule = typeof DuckDb;

let loaded: Promise<DuckDbModule> | undefined;

/** Loads `@duckdb/node-api`; `ERR_STORE_IO` with the reason and a fix when it cannot. */
export function loadDuckDb(): Promise<DuckDbModule> {
  loaded ??= import('@duckdb/node-api').catch((e: unknown) => {
    loaded = undefined;
    throw new LlemError(
      'ERR_STORE_IO',
      `the results index needs DuckDB (@duckdb/node-api), which did not load: ${(e as Error).message} — reinstall llem's dependencies (npm ci); the result.json files themselves are unaffected`,
      { cause: e },
    );
  });
  return loaded;
}

/** A value from DuckDB made JSON-safe: BIGINTs become numbers (strings past 2^53), dates ISO text. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint')
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v);
    return out;
  }
  return value;
}
