// The results store's index (SPEC §7): `<results>/llem.duckdb`, derived from the `result.json`
// files and rebuilt from them at any time. Staleness rule (README "Results store"): the index
// remembers each file's path, size and modification time; when that list differs from the
// folder's, the changed files are read again and the `runs` table is rebuilt.
import { rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ConfigError, LlemError } from '../core/errors.js';
import type { ResultRecord } from '../core/records.js';
import { jsonSafe, loadDuckDb } from './duckdb.js';
import { filterToSql, type RunFilter } from './filter.js';
import { type Cell, type ColumnType, FLATTEN_VERSION, type FlatRow } from './flatten.js';
import {
  cachedEntry,
  ensureTables,
  type KnownFile,
  readEntries,
  updateTables,
  writeTables,
} from './index-tables.js';
import { RESULTS_FILES } from './layout.js';
import { type FoundFile, findResultFiles, readResultFile } from './scan.js';

/** File name of the index inside the results folder. */
export const INDEX_FILE = RESULTS_FILES.index;

/** Export formats: one flat table, one row per run. */
export type ExportFormat = 'csv' | 'parquet' | 'json';

/** What `index()` did. */
export interface IndexReport {
  /** Result files found. */
  files: number;
  /** Rows in the `runs` table (files that are not records are left out, see `problems`). */
  rows: number;
  /** Files read this time (new or changed since the last index). */
  read: number;
  /** Files gone since the last index. */
  removed: number;
  /** True when nothing had changed and the index was used as it was. */
  unchanged: boolean;
  /** Why the whole index was rebuilt (asked for, another version, unreadable); null when not. */
  rebuilt: string | null;
  /** Files that could not be indexed, each with the reason (they are not in `runs`). */
  problems: string[];
  duration_s: number;
}

/** Options of `createStore`. */
export interface StoreOptions {
  /** Where the index lives; default `<dir>/llem.duckdb`. */
  indexPath?: string;
}

const ORDER = 'ORDER BY study_dir, experiment_index, cycle, run_dir';

/**
 * The results store of one folder: an index over its `result.json` files, queried with filters
 * or SQL and exported as one flat table. Every read brings the index up to date first (once per
 * store object; call `index()` again to pick up files written since).
 */
export class ResultsStore {
  /** The results folder (absolute). */
  readonly dir: string;
  /** The DuckDB file (absolute). */
  readonly indexPath: string;
  #instance: DuckDBInstance | undefined;
  #conn: DuckDBConnection | undefined;
  #indexed: IndexReport | undefined;
  readonly #ownsIndexFile: boolean;

  /** A store over results folder `dir`; nothing is opened or read until the first call. */
  constructor(dir: string, options: StoreOptions = {}) {
    this.dir = resolve(dir);
    this.indexPath = resolve(options.indexPath ?? join(this.dir, INDEX_FILE));
    this.#ownsIndexFile = options.indexPath === undefined;
  }

  async #connection(): Promise<DuckDBConnection> {
    if (this.#conn) return this.#conn;
    const { DuckDBInstance } = await loadDuckDb();
    try {
      this.#instance = await DuckDBInstance.create(this.indexPath);
    } catch (e) {
      const msg = (e as Error).message;
      if (/lock/i.test(msg))
        throw new LlemError(
          'ERR_STORE_IO',
          `the results index ${this.indexPath} is in use by another process: ${msg} — wait for it to finish and try again`,
          { cause: e },
        );
      // The index is derived data: one at the default place that does not open (another DuckDB
      // version, a torn file) is rebuilt. A file named with `indexPath` is never deleted: it may
      // be something else.
      if (!this.#ownsIndexFile)
        throw new LlemError(
          'ERR_STORE_IO',
          `cannot open the results index ${this.indexPath}: ${msg} — name a new file, or delete this one if it is an old llem index`,
          { cause: e },
        );
      await rm(this.indexPath, { force: true });
      await rm(`${this.indexPath}.wal`, { force: true });
      try {
        this.#instance = await DuckDBInstance.create(this.indexPath);
      } catch (e2) {
        throw new LlemError(
          'ERR_STORE_IO',
          `cannot create the results index ${this.indexPath}: ${(e2 as Error).message} — make the results folder writable, or put the index elsewhere (--index <file>)`,
          { cause: e2 },
        );
      }
    }
    this.#conn = await this.#instance.connect();
    return this.#conn;
  }

  async #read(sql: string, params: (string | number | boolean)[] = []): Promise<Record<string, unknown>[]> {
    const conn = await this.#connection();
    const reader = await conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJS().map((r) => jsonSafe(r) as Record<string, unknown>);
  }

  /**
   * Brings the index up to date with the folder: new and changed files are read, removed ones
   * dropped; `rebuild` reads every file again. Files that are not records are reported, not fatal.
   */
  async index(options: { rebuild?: boolean } = {}): Promise<IndexReport> {
    const t0 = performance.now();
    const { files } = await findResultFiles(this.dir);
    const conn = await this.#connection();
    await ensureTables(conn);
    const version = (await this.#read("SELECT value FROM llem_meta WHERE key = 'flatten_version'"))[0]?.value;
    let rebuilt: string | null = null;
    if (options.rebuild) rebuilt = 'asked for (--rebuild)';
    else if (version !== undefined && version !== String(FLATTEN_VERSION))
      rebuilt = `built by another llem version (table layout ${version}, now ${FLATTEN_VERSION})`;
    const known = new Map<string, KnownFile>();
    if (rebuilt === null) {
      // Sizes and times only: the cached rows are read when something changed.
      for (const r of await this.#read('SELECT path, mtime_ms, size_bytes, problem FROM llem_files'))
        known.set(r.path as string, r as unknown as KnownFile);
    }
    const same = (f: FoundFile) => {
      const k = known.get(f.path);
      return k !== undefined && k.mtime_ms === f.mtime_ms && k.size_bytes === f.size_bytes;
    };
    const changed = files.filter((f) => !same(f));
    const present = new Set(files.map((f) => f.path));
    const removed = [...known.keys()].filter((p) => !present.has(p)).length;
    const unchanged = changed.length === 0 && removed === 0 && rebuilt === null && version !== undefined;
    let problems: string[];
    if (unchanged) {
      problems = [...known.entries()]
        .filter(([, k]) => k.problem !== null)
        .map(([p, k]) => `${p}: ${k.problem}`);
    } else {
      const fresh = await readEntries(this.dir, changed);
      try {
        // A few files changed in a big index: update rows in place; the cached rows are read
        // only when the whole table must be rewritten (first index, rebuild, a column re-typed).
        const gone = [
          ...changed.filter((f) => known.has(f.path)).map((f) => f.path),
          ...[...known.keys()].filter((p) => !present.has(p)),
        ];
        const inPlace =
          rebuilt === null &&
          version !== undefined &&
          known.size > 0 &&
          (await updateTables(conn, gone, fresh));
        if (!inPlace) {
          const cached = new Map<string, string | null>();
          if (known.size > 0)
            for (const r of await this.#read('SELECT path, row_json FROM llem_files'))
              cached.set(r.path as string, r.row_json as string | null);
          await writeTables(conn, [
            ...files.filter(same).map((f) => cachedEntry(f, known.get(f.path)!, cached.get(f.path) ?? null)),
            ...fresh,
          ]);
        }
        const all = await this.#read(
          'SELECT path, problem FROM llem_files WHERE problem IS NOT NULL ORDER BY path',
        );
        problems = all.map((r) => `${r.path}: ${r.problem}`);
      } catch (e) {
        throw new LlemError(
          'ERR_STORE_IO',
          `cannot write the results index ${this.indexPath}: ${(e as Error).message}`,
          { cause: e },
        );
      }
    }
    const report: IndexReport = {
      files: files.length,
      rows: files.length - problems.length,
      read: unchanged ? 0 : changed.length,
      removed,
      unchanged,
      rebuilt,
      problems,
      duration_s: (performance.now() - t0) / 1000,
    };
    this.#indexed = report;
    return report;
  }

  async #ready(): Promise<void> {
    if (this.#indexed === undefined) await this.index();
  }

  /** The `runs` table's columns and their SQL types, in table order. */
  async columns(): Promise<{ name: string; type: ColumnType }[]> {
    await this.#ready();
    const conn = await this.#connection();
    const reader = await conn.runAndReadAll('SELECT * FROM runs LIMIT 0');
    const types = reader.columnTypes().map(String);
    return reader.columnNames().map((name, i) => ({ name, type: types[i] as ColumnType }));
  }

  async #where(filter: RunFilter): Promise<{ sql: string; params: (string | number | boolean)[] }> {
    const columns = new Map((await this.columns()).map((c) => [c.name, c.type]));
    return filterToSql(filter, columns);
  }

  /** The runs matching `filter`, one flat row each, ordered by study, experiment and cycle. */
  async rows(filter: RunFilter = {}): Promise<FlatRow[]> {
    const where = await this.#where(filter);
    return (await this.#read(`SELECT * FROM runs WHERE ${where.sql} ${ORDER}`, where.params)) as FlatRow[];
  }

  /** Runs any SQL over the index (tables `runs` and `llem_files`); values JSON-safe. */
  async query(sql: string): Promise<Record<string, Cell>[]> {
    await this.#ready();
    try {
      return (await this.#read(sql)) as Record<string, Cell>[];
    } catch (e) {
      throw new ConfigError(
        [
          {
            code: 'query_failed',
            path: [],
            file: '<command line>',
            message: `the query failed: ${(e as Error).message.trim()}`,
            suggestion:
              'the table of runs is `runs` (one row per result.json); llem results list --columns lists its columns',
          },
        ],
        'ERR_USAGE',
      );
    }
  }

  /**
   * Writes the runs matching `filter` to `path` as one flat table (csv with a header, parquet,
   * or json: an array of row objects), atomically; resolves with the row and column counts.
   */
  async export(
    path: string,
    format: ExportFormat,
    filter: RunFilter = {},
  ): Promise<{ rows: number; columns: string[] }> {
    const where = await this.#where(filter);
    const target = resolve(path);
    const temp = join(dirname(target), `.${target.split('/').pop()}.${process.pid}.tmp`);
    const options = {
      csv: 'FORMAT csv, HEADER true',
      parquet: 'FORMAT parquet',
      json: 'FORMAT json, ARRAY true',
    }[format];
    const conn = await this.#connection();
    try {
      await conn.run(
        `COPY (SELECT * FROM runs WHERE ${where.sql} ${ORDER}) TO '${temp.replaceAll("'", "''")}' (${options})`,
        where.params,
      );
      await rename(temp, target);
    } catch (e) {
      await rm(temp, { force: true });
      throw new LlemError('ERR_STORE_IO', `cannot write ${target}: ${(e as Error).message}`, { cause: e });
    }
    const n = (await this.#read(`SELECT count(*) AS n FROM runs WHERE ${where.sql}`, where.params))[0]
      ?.n as number;
    return { rows: n, columns: (await this.columns()).map((c) => c.name) };
  }

  /**
   * One run by its `run_dir` (`<study>/runs/<run>/cycle-<n>`) or a unique part of it; a usage
   * error lists the candidates when none or several match.
   */
  async find(id: string): Promise<{ row: FlatRow; record: ResultRecord }> {
    await this.#ready();
    const trimmed = id.replace(/\/?result\.json$/, '').replace(/\/+$/, '');
    let rows = await this.#read(`SELECT * FROM runs WHERE run_dir = ?`, [trimmed]);
    if (rows.length === 0)
      rows = await this.#read(`SELECT * FROM runs WHERE contains(run_dir, ?) ${ORDER}`, [trimmed]);
    if (rows.length !== 1) {
      const list = rows.slice(0, 5).map((r) => r.run_dir as string);
      throw new ConfigError(
        [
          {
            code: rows.length === 0 ? 'run_not_found' : 'run_ambiguous',
            path: [],
            file: '<command line>',
            message:
              rows.length === 0
                ? `no run '${id}' in ${this.dir}`
                : `'${id}' matches ${rows.length} runs: ${list.join(', ')}${rows.length > 5 ? ', …' : ''}`,
            suggestion:
              rows.length === 0
                ? 'name a run folder (llem results list shows run_dir) or a result.json path'
                : 'give more of the run folder, e.g. the full run_dir',
          },
        ],
        'ERR_USAGE',
      );
    }
    const row = rows[0] as FlatRow;
    return { row, record: await readResultFile(this.dir, `${row.run_dir}/result.json`) };
  }

  /** Closes the index (the store can be used again: it reopens on the next call). */
  close(): void {
    this.#conn?.closeSync();
    this.#instance?.closeSync();
    this.#conn = undefined;
    this.#instance = undefined;
    this.#indexed = undefined;
  }
}

/**
 * Opens the results store of folder `dir` (its index is `<dir>/llem.duckdb` unless
 * `options.indexPath` says otherwise). Nothing is read until the first call; DuckDB is loaded then.
 *
 * @example
 * const store = createStore('results');
 * const rows = await store.rows({ study: 'grid', valid: true });
 * await store.export('runs.parquet', 'parquet');
 * store.close();
 */
export function createStore(dir: string, options: StoreOptions = {}): ResultsStore {
  return new ResultsStore(dir, options);
}
