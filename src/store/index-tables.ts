// The tables of the results index: `runs` (the flat table, one row per result file) and
// `llem_files` (each file's path, size, modification time and cached row, which make re-indexing
// cost proportional to what changed), plus `llem_meta` (the row layout version).
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from './filter.js';
import {
  type ColumnType,
  cellFor,
  columnTypes,
  FLATTEN_VERSION,
  type FlatRow,
  flattenRecord,
} from './flatten.js';
import { type FoundFile, placeOf, readResultFile, studyNameOf } from './scan.js';

/** One result file as indexed: its row, or why it has none. */
export interface IndexEntry extends FoundFile {
  row: FlatRow | null;
  problem: string | null;
}

/** A file as the index last saw it. */
export interface KnownFile {
  mtime_ms: number;
  size_bytes: number;
  problem: string | null;
}

/** Creates the bookkeeping tables when the index is new. */
export async function ensureTables(conn: DuckDBConnection): Promise<void> {
  await conn.run('CREATE TABLE IF NOT EXISTS llem_meta (key VARCHAR, value VARCHAR)');
  await conn.run(
    'CREATE TABLE IF NOT EXISTS llem_files (path VARCHAR, mtime_ms DOUBLE, size_bytes BIGINT, row_json VARCHAR, problem VARCHAR)',
  );
}

/** Maps with bounded concurrency (fast reads without thousands of open handles). */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Reads and flattens result files; a file that is not a record gets its reason instead of a row. */
export async function readEntries(root: string, files: readonly FoundFile[]): Promise<IndexEntry[]> {
  const studyNames = new Map<string, Promise<string | null>>();
  const nameOf = (studyDir: string) => {
    const cached = studyNames.get(studyDir);
    if (cached !== undefined) return cached;
    const name = studyNameOf(root, studyDir);
    studyNames.set(studyDir, name);
    return name;
  };
  return mapLimit(files, 32, async (f) => {
    const place = placeOf(f.path);
    try {
      const record = await readResultFile(root, f.path);
      return {
        ...f,
        row: flattenRecord(record, { ...place, study_name: await nameOf(place.study_dir) }),
        problem: null,
      };
    } catch (e) {
      return { ...f, row: null, problem: (e as Error).message };
    }
  });
}

/** An entry from the cached row of a file that has not changed. */
export function cachedEntry(f: FoundFile, k: KnownFile, rowJson: string | null): IndexEntry {
  return { ...f, row: rowJson === null ? null : (JSON.parse(rowJson) as FlatRow), problem: k.problem };
}

/**
 * Replaces `runs` and `llem_files` with `entries`, in one transaction (a reader never sees half
 * an index). Rows go through the Appender: prepared INSERTs are ~30× slower (NOTES.md).
 */
export async function writeTables(conn: DuckDBConnection, entries: readonly IndexEntry[]): Promise<void> {
  const rows = entries.flatMap((e) => (e.row === null ? [] : [e.row]));
  const types: [string, ColumnType][] = rows.length > 0 ? columnTypes(rows) : [['run_dir', 'VARCHAR']];
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('DROP TABLE IF EXISTS runs');
    await conn.run(`CREATE TABLE runs (${types.map(([n, t]) => `${quoteIdent(n)} ${t}`).join(', ')})`);
    const runs = await conn.createAppender('runs');
    for (const row of rows) {
      for (const [name, type] of types) {
        const v = cellFor(row[name], type);
        if (v === null) runs.appendNull();
        else if (type === 'BIGINT') runs.appendBigInt(BigInt(v as number));
        else if (type === 'DOUBLE') runs.appendDouble(v as number);
        else if (type === 'BOOLEAN') runs.appendBoolean(v as boolean);
        else runs.appendVarchar(v as string);
      }
      runs.endRow();
    }
    runs.flushSync();
    runs.closeSync();
    await conn.run('DELETE FROM llem_files');
    const files = await conn.createAppender('llem_files');
    for (const e of entries) {
      files.appendVarchar(e.path);
      files.appendDouble(e.mtime_ms);
      files.appendBigInt(BigInt(e.size_bytes));
      if (e.row === null) files.appendNull();
      else files.appendVarchar(JSON.stringify(e.row));
      if (e.problem === null) files.appendNull();
      else files.appendVarchar(e.problem);
      files.endRow();
    }
    files.flushSync();
    files.closeSync();
    await conn.run("DELETE FROM llem_meta WHERE key = 'flatten_version'");
    await conn.run("INSERT INTO llem_meta VALUES ('flatten_version', ?)", [String(FLATTEN_VERSION)]);
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
