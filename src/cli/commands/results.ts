import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadUserConfig } from '../../api/config.js';
import { createStore, pairPaths, parseWhere, resultsRoot, resultsRootOf } from '../../api/results.js';
import type { Cell, ExportFormat, IndexReport, ResultsStore, RunFilter } from '../../index.js';
import { EXIT, parseOrUsage, usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { renderSummary } from '../summary.js';

const HELP = `Usage: llem results <command> [options]

  list   [dir] [filters] [--columns] [--json]   one line per run (or the table's columns)
  show   <run> [--json]                         one run: a run folder (as list shows it, or a
                                                unique part of it) or a result.json path
  export [dir] --format csv|parquet|json [-o FILE] [filters]
                                                one flat table, one row per run (csv and json
                                                go to stdout without -o)
  query  "<SQL>" [--json]                       any SQL over the index (table: runs)
  index  [dir] [--rebuild]                      bring the index up to date (or rebuild it)

  The results folder is [dir], else -r/--results DIR, else results_dir of the user config,
  else ./results. Its index, <dir>/llem.duckdb, is derived from the result.json files: every
  command updates it first (files added, changed or removed since are re-read).

Filters (all must match):
  --study NAME           study name, study folder or study-hash prefix
  --model M              config model        --engine E        config engine
  --status S             ok | failed | interrupted
  --valid | --invalid    only valid runs / only runs that are not valid
  --where KEY=VALUE      any column, config fields by dotted path (llamacpp.sequences=4);
                         also !=, <, <=, >, >= ('j_per_output_token<0.5'); repeatable

Other options:
  --index FILE           keep the index in FILE instead of <dir>/llem.duckdb
  --json                 machine-readable output on stdout
  --verbose              stack traces on errors

Examples:
  llem results list --study grid --valid
  llem results export --format parquet -o runs.parquet
  llem results query "SELECT llamacpp_threads, avg(j_per_output_token) FROM runs WHERE valid GROUP BY 1"`;

const FORMATS = ['csv', 'parquet', 'json'] as const;
const SUBCOMMANDS = ['list', 'show', 'export', 'query', 'index'] as const;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      results: { type: 'string', short: 'r' },
      index: { type: 'string' },
      study: { type: 'string' },
      model: { type: 'string' },
      engine: { type: 'string' },
      status: { type: 'string' },
      valid: { type: 'boolean' },
      invalid: { type: 'boolean' },
      where: { type: 'string', multiple: true },
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      columns: { type: 'boolean' },
      rebuild: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      verbose: { type: 'boolean' },
    },
  });
}
type Values = ReturnType<typeof parse>['values'];

/** `llem results list|show|export|query|index`: the results store (SPEC §7). */
export async function results(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(() => parse(argv), 'results');
  const [sub, ...args] = positionals;
  if (values.help || sub === undefined) {
    io.out(`${HELP}\n`);
    return values.help ? EXIT.ok : EXIT.config;
  }
  if (!(SUBCOMMANDS as readonly string[]).includes(sub))
    throw usageError(
      `unknown results command '${sub}'`,
      `use one of ${SUBCOMMANDS.join(', ')} (llem results --help)`,
    );
  const filter = filterOf(values);
  const takesDir = sub === 'list' || sub === 'export' || sub === 'index';
  if (args.length > 1)
    throw usageError(
      `too many arguments: ${args.join(' ')}`,
      'quote the SQL of llem results query; see llem results --help',
    );
  if (sub === 'show' && args[0] === undefined)
    throw usageError('name the run to show', 'llem results show <run folder | result.json>');
  if (sub === 'query' && args[0] === undefined)
    throw usageError(
      'give the SQL to run',
      'llem results query "SELECT status, count(*) FROM runs GROUP BY 1"',
    );
  const byPath = sub === 'show' ? await runPath(io, args[0]!) : undefined;
  const dir = byPath?.root ?? (await resultsDir(io, takesDir ? args[0] : undefined, values.results));
  const store = createStore(
    dir,
    values.index === undefined ? {} : { indexPath: resolve(io.cwd, values.index) },
  );
  try {
    if (sub === 'show') return await show(store, byPath?.id ?? args[0]!, io, values);
    const report = await store.index(values.rebuild ? { rebuild: true } : {});
    tellIndex(io, report, sub === 'index');
    if (sub === 'index') {
      if (values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
      return EXIT.ok;
    }
    if (sub === 'query') return await query(store, args[0]!, io, values);
    if (sub === 'export') return await exportRuns(store, filter, io, values);
    return await list(store, filter, io, values);
  } finally {
    store.close();
  }
}

function filterOf(v: Values): RunFilter {
  if (v.valid && v.invalid) throw usageError('--valid and --invalid exclude each other', 'give one of them');
  if (v.status !== undefined && !['ok', 'failed', 'interrupted'].includes(v.status))
    throw usageError(`--status ${v.status} is not a run status`, 'use ok, failed or interrupted');
  return {
    ...(v.study === undefined ? {} : { study: v.study }),
    ...(v.model === undefined ? {} : { model: v.model }),
    ...(v.engine === undefined ? {} : { engine: v.engine }),
    ...(v.status === undefined ? {} : { status: v.status }),
    ...(v.valid ? { valid: true } : v.invalid ? { valid: false } : {}),
    ...(v.where === undefined ? {} : { where: v.where.map(parseWhere) }),
  };
}

/** The results folder: argument, -r, the user config's results_dir, ./results; it must exist. */
async function resultsDir(io: CliIo, arg: string | undefined, option: string | undefined): Promise<string> {
  const dir = resultsRoot({
    option: arg ?? option,
    configValue: (await loadUserConfig(undefined, io.env)).config.results_dir,
    fromFile: false,
    fileDir: io.cwd,
    cwd: io.cwd,
  });
  const s = await stat(dir).catch(() => undefined);
  if (s === undefined || !s.isDirectory())
    throw usageError(
      `no results folder at ${dir}`,
      'name the folder studies were written to (llem results list <dir>, or -r <dir>; the default is ./results or results_dir of the user config)',
    );
  return dir;
}

function tellIndex(io: CliIo, r: IndexReport, always: boolean): void {
  if (always || !r.unchanged)
    io.err(
      `index: ${r.files} result files, ${r.read} read, ${r.removed} removed${r.rebuilt ? ` (rebuilt: ${r.rebuilt})` : r.unchanged ? ' (up to date)' : ''} in ${r.duration_s.toFixed(2)} s\n`,
    );
  for (const p of r.problems) io.err(`llem: warning: not indexed: ${p}\n`);
}

function cell(v: Cell | undefined, digits = 4): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(digits);
  return String(v);
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function list(store: ResultsStore, filter: RunFilter, io: CliIo, v: Values): Promise<number> {
  if (v.columns) {
    const cols = await store.columns();
    if (v.json) io.out(`${JSON.stringify(cols, null, 2)}\n`);
    else
      io.out(
        `${table(
          ['column', 'type'],
          cols.map((c) => [c.name, c.type]),
        )}\n`,
      );
    return EXIT.ok;
  }
  const rows = await store.rows(filter);
  if (v.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  const body = rows.map((r) => [
    String(r.run_dir),
    r.status === 'ok' ? (r.valid ? 'ok' : 'ok, NOT VALID') : cell(r.status),
    cell(r.energy_scope),
    cell(r.j_per_output_token),
    cell(r.output_tokens_per_s),
    cell(r.ttft_queued_p99_ms),
  ]);
  io.out(
    `${table(['run', 'status', 'scope', 'j_per_output_token', 'output_tokens_per_s', 'ttft_queued_p99_ms'], body)}\n`,
  );
  const valid = rows.filter((r) => r.valid).length;
  io.out(`${rows.length} runs (${valid} valid) in ${store.dir}\n`);
  return EXIT.ok;
}

async function query(store: ResultsStore, sql: string, io: CliIo, v: Values): Promise<number> {
  const rows = await store.query(sql);
  if (v.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  const head = rows.length > 0 ? Object.keys(rows[0]!) : [];
  io.out(
    `${table(
      head,
      rows.map((r) => head.map((h) => cell(r[h], 6))),
    )}\n(${rows.length} rows)\n`,
  );
  return EXIT.ok;
}

async function exportRuns(store: ResultsStore, filter: RunFilter, io: CliIo, v: Values): Promise<number> {
  if (v.format === undefined || !(FORMATS as readonly string[]).includes(v.format))
    throw usageError(
      v.format === undefined ? 'say which format to export' : `unknown export format '${v.format}'`,
      'add --format csv, --format parquet or --format json',
    );
  const format = v.format as ExportFormat;
  if (format === 'parquet' && v.output === undefined)
    throw usageError('Parquet is binary: name the file to write', 'add -o runs.parquet');
  if (v.output !== undefined) {
    const target = resolve(io.cwd, v.output);
    const r = await store.export(target, format, filter);
    io.err(`wrote ${r.rows} runs × ${r.columns.length} columns to ${target}\n`);
    return EXIT.ok;
  }
  // csv/json to stdout: written to a temp file beside the index first (DuckDB writes files).
  const { mkdtemp, readFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const tmp = await mkdtemp(join(tmpdir(), 'llem-export-'));
  try {
    const file = join(tmp, `runs.${format}`);
    await store.export(file, format, filter);
    io.out(await readFile(file, 'utf8'));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return EXIT.ok;
}

/** A run named by a path: its result.json and the results folder above it; undefined for a run id. */
async function runPath(io: CliIo, run: string): Promise<{ root: string; id: string } | undefined> {
  const asPath = resolve(io.cwd, run);
  const s = await stat(asPath).catch(() => undefined);
  if (s === undefined) return undefined;
  const file = s.isDirectory() ? pairPaths(asPath).result : asPath;
  const root = resultsRootOf(file);
  return { root, id: file.slice(root.length + 1) };
}

async function show(store: ResultsStore, id: string, io: CliIo, v: Values): Promise<number> {
  const { row: r, record } = await store.find(id);
  if (v.json) {
    io.out(`${JSON.stringify({ run: r, record }, null, 2)}\n`);
    return EXIT.ok;
  }
  // The study's swept factors; for a run outside a sweep, its engine section and load mode.
  const engine = String(r.engine ?? r.engine_name ?? '');
  const swept = String(r.swept_factors ?? '')
    .split(',')
    .filter((c) => c !== '');
  const factors = Object.entries(r)
    .filter(([k, val]) =>
      swept.length > 0
        ? swept.includes(k)
        : val !== null && (k.startsWith(`${engine}_`) || k === 'load_mode'),
    )
    .map(([k, val]) => `${k}=${cell(val)}`);
  io.out(
    `run ${r.run_dir}\n  study ${r.study_name} (${String(r.study_hash ?? '').slice(0, 8)}) · experiment ${cell(r.experiment_index)} · config ${String(r.config_hash ?? '').slice(0, 8)}\n  ${swept.length > 0 ? 'factors' : 'config'} ${factors.join(' ')}\n`,
  );
  io.out(renderSummary(record, pairPaths(join(store.dir, String(r.run_dir))).result));
  return EXIT.ok;
}
