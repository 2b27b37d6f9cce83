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
import { type FoundFile, placeOf, readResultFile, type StudyInfo, studyInfoOf } from './scan.js';

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
  const studies = new Map<string, Promise<StudyInfo>>();
  const infoOf = (studyDir: string) => {
    const cached = studies.get(studyDir);
    if (cached !== undefined) return cached;
    const info = studyInfoOf(root, studyDir);
    studies.set(studyDir, info);
    return info;
  };
  return mapLimit(files, 32, async (f) => {
    const place = placeOf(f.path);
    try {
      const record = await readResultFile(root, f.path);
      return {
        ...f,
        row: flattenRecord(record, {
          ...place,
          study_name: (await infoOf(place.study_dir)).name,
          swept: (await infoOf(place.study_dir)).swept.get(record.config_hash) ?? [],
        }),
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

async function appendRows(
  conn: DuckDBConnection,
  types: readonly (readonly [string, ColumnType])[],
  rows: readonly FlatRow[],
): Promise<void> {
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
}

async function appendFiles(conn: DuckDBConnection, entries: readonly IndexEntry[]): Promise<void> {
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
    await appendRows(conn, types, rows);
    await conn.run('DELETE FROM llem_files');
    await appendFiles(conn, entries);
    await conn.run("DELETE FROM llem_meta WHERE key = 'flatten_version'");
    await conn.run("INSERT INTO llem_meta VALUES ('flatten_version', ?)", [String(FLATTEN_VERSION)]);
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** A new value type fits an existing column when it is the same, or an integer into a DOUBLE. */
function fits(existing: ColumnType, fresh: ColumnType): boolean {
  return existing === fresh || (existing === 'DOUBLE' && fresh === 'BIGINT');
}

/**
 * Updates the tables in place for a few changed files: rows of `gone` paths (changed or removed)
 * are deleted and `fresh` entries appended; new columns are added. Resolves false, changing
 * nothing, when a fresh value does not fit an existing column's type (the caller then rewrites
 * the whole table, which re-types it).
 */
export async function updateTables(
  conn: DuckDBConnection,
  gone: readonly string[],
  fresh: readonly IndexEntry[],
): Promise<boolean> {
  const reader = await conn.runAndReadAll('SELECT * FROM runs LIMIT 0');
  const kinds = reader.columnTypes().map(String);
  const existing = new Map(reader.columnNames().map((n, i) => [n, kinds[i] as ColumnType]));
  const rows = fresh.flatMap((e) => (e.row === null ? [] : [e.row]));
  const freshTypes = rows.length > 0 ? columnTypes(rows) : [];
  if (freshTypes.some(([n, t]) => existing.has(n) && !fits(existing.get(n)!, t))) return false;
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const [n, t] of freshTypes)
      if (!existing.has(n)) {
        await conn.run(`ALTER TABLE runs ADD COLUMN ${quoteIdent(n)} ${t}`);
        existing.set(n, t);
      }
    await conn.run('CREATE OR REPLACE TEMP TABLE llem_gone (path VARCHAR, run_dir VARCHAR)');
    const g = await conn.createAppender('llem_gone');
    for (const p of gone) {
      g.appendVarchar(p);
      g.appendVarchar(placeOf(p).run_dir);
      g.endRow();
    }
    g.flushSync();
    g.closeSync();
    await conn.run('DELETE FROM runs WHERE run_dir IN (SELECT run_dir FROM llem_gone)');
    await conn.run('DELETE FROM llem_files WHERE path IN (SELECT path FROM llem_gone)');
    await conn.run('DROP TABLE llem_gone');
    await appendRows(conn, [...existing], rows);
    await appendFiles(conn, fresh);
    await conn.run('COMMIT');
    return true;
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
