import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli.js';
import { quickYaml } from '../helpers/study.js';

// A tiny 2-configuration × 2-cycle study run through the built CLI, then the results store over
// its folder: export read back by DuckDB, query with GROUP BY, filters, show, usage errors.
const STUDY = `name: grid
${quickYaml()}sweep:
  llamacpp.sequences: [1, 2]
`;

const dir = tempDir();
const env = cliEnv({ LLEM_LOCK_DIR: tempDir('llem-locks-') });
const llem = (...args: string[]) => runCli(args, { cwd: dir, env });

async function readBack(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

const EXPECTED_COLUMNS = [
  'run_dir',
  'study_name',
  'study_hash',
  'config_hash',
  'experiment_id',
  'cycle',
  'status',
  'valid',
  'failed_checks',
  'energy_scope',
  'energy_j',
  'adjusted_energy_j',
  'j_per_output_token',
  'output_tokens_per_s',
  'ttft_queued_p99_ms',
  'llamacpp_sequences',
  'llamacpp_threads',
  'model',
  'engine',
];

describe('llem results (built CLI, tiny-model study)', () => {
  beforeAll(async () => {
    writeFileSync(join(dir, 'study.yaml'), STUDY);
    const r = await llem('run', 'study.yaml', '--no-gaps', '--cycles', '2', '--quiet', '-o', 'results');
    expect(r.code, r.stderr).toBe(0);
  }, 240_000);

  it('export --format parquet is read back by DuckDB with the expected columns and one row per run', async () => {
    const r = await llem('results', 'export', '--format', 'parquet', '-o', 'runs.parquet');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote 4 runs × \d+ columns/);
    const file = join(dir, 'runs.parquet');
    const rows = await readBack(`SELECT * FROM read_parquet('${file}') ORDER BY run_dir`);
    expect(rows).toHaveLength(4);
    for (const c of EXPECTED_COLUMNS) expect(Object.keys(rows[0]!), c).toContain(c);
    expect(rows.map((x) => x.llamacpp_sequences)).toEqual(['1', '1', '2', '2']); // BIGINT → strings in JSON
    expect(new Set(rows.map((x) => x.study_name))).toEqual(new Set(['grid']));
    expect(new Set(rows.map((x) => x.swept_factors))).toEqual(new Set(['llamacpp_sequences']));
    const types = await readBack(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    const typeOf = (c: string) => types.find((t) => t.column_name === c)?.column_type;
    expect(typeOf('j_per_output_token')).toBe('DOUBLE');
    expect(typeOf('valid')).toBe('BOOLEAN');
    expect(typeOf('llamacpp_sequences')).toBe('BIGINT');
  }, 120_000);

  it('export --format csv (stdout) and json (-o) hold the same rows', async () => {
    const csv = await llem('results', 'export', '--format', 'csv', '--study', 'grid');
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const c of EXPECTED_COLUMNS) expect(lines[0]!.split(','), c).toContain(c);
    const json = await llem(
      'results',
      'export',
      '--format',
      'json',
      '-o',
      'runs.json',
      '--where',
      'llamacpp.sequences=2',
    );
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(readFileSync(join(dir, 'runs.json'), 'utf8')) as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(rows.every((x) => x.llamacpp_sequences === 2 && typeof x.j_per_output_token === 'number')).toBe(
      true,
    );
  }, 120_000);

  it('query answers a GROUP BY; list filters; show prints one run', async () => {
    const q = await llem(
      'results',
      'query',
      'SELECT llamacpp_sequences, count(*) AS n, avg(j_per_output_token) AS jpt FROM runs GROUP BY 1 ORDER BY 1',
      '--json',
    );
    expect(q.code, q.stderr).toBe(0);
    const groups = JSON.parse(q.stdout) as { llamacpp_sequences: number; n: number; jpt: number }[];
    expect(groups.map((g) => [g.llamacpp_sequences, g.n])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(groups.every((g) => g.jpt > 0)).toBe(true);
    const list = await llem(
      'results',
      'list',
      'results',
      '--status',
      'ok',
      '--where',
      'llamacpp.sequences>1',
      '--json',
    );
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as { run_dir: string }[];
    expect(rows).toHaveLength(2);
    const show = await llem('results', 'show', rows[0]!.run_dir);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(`run ${rows[0]!.run_dir}`);
    expect(show.stdout).toMatch(/per token .* J\/output token/);
    const byPath = await llem('results', 'show', join('results', rows[0]!.run_dir, 'result.json'), '--json');
    expect(byPath.code, byPath.stderr).toBe(0);
    expect(JSON.parse(byPath.stdout).run.run_dir).toBe(rows[0]!.run_dir);
  }, 120_000);

  it('usage errors exit 2 with a fix and write nothing; an index that cannot be written is ERR_STORE_IO', async () => {
    const noFormat = await llem('results', 'export', '-o', 'x.csv');
    expect(noFormat.code).toBe(2);
    expect(noFormat.stderr).toMatch(/fix: add --format csv/);
    const badColumn = await llem(
      'results',
      'export',
      '--format',
      'csv',
      '-o',
      'bad.csv',
      '--where',
      'llamacpp.sequence=2',
    );
    expect(badColumn.code).toBe(2);
    expect(badColumn.stderr).toMatch(/did you mean llamacpp_sequences/);
    expect(existsSync(join(dir, 'bad.csv'))).toBe(false);
    const badSql = await llem('results', 'query', 'SELECT nope FROM runs');
    expect(badSql.code).toBe(2);
    expect(badSql.stderr).toMatch(/the query failed/);
    const noDir = await llem('results', 'list', 'missing');
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toMatch(/no results folder at .*missing/);
    const io = await llem('results', 'list', '--index', '/proc/llem.duckdb');
    expect(io.code).toBe(1);
    expect(io.stderr).toMatch(/ERR_STORE_IO/);
  }, 120_000);
});
