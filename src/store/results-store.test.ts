import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failRun, syntheticStudy } from '../../test/helpers/synthetic-records.js';
import { ConfigError } from '../core/errors.js';
import { parseWhere } from './filter.js';
import { createStore, type ResultsStore } from './results-store.js';

const open: ResultsStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** A results folder with one 2×2 study (2 cycles, one failed run) and one single run. */
function resultsFolder(): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'llem-store-'));
  const { records, experiments } = syntheticStudy({
    factors: { 'llamacpp.sequences': [1, 2], 'llamacpp.threads': [1, 2] },
    cycles: 2,
    seed: 7,
    jPerToken: (l) => 0.1 * Number(l['llamacpp.threads']),
  });
  const files: string[] = [];
  const studyDir = join(dir, 'grid-ffffffff');
  mkdirSync(studyDir, { recursive: true });
  writeFileSync(
    join(studyDir, 'plan.json'),
    JSON.stringify({
      name: 'grid',
      experiments: experiments.map((e) => ({ config_hash: e.config_hash, factors: e.factors })),
    }),
  );
  records.forEach((r, i) => {
    const e = experiments.findIndex((x) => x.config_hash === r.config_hash) + 1;
    const cycleDir = join(
      studyDir,
      'runs',
      `000${e}-${experiments[e - 1]!.slug}-${r.config_hash.slice(0, 8)}`,
      `cycle-${r.cycle}`,
    );
    mkdirSync(cycleDir, { recursive: true });
    const f = join(cycleDir, 'result.json');
    writeFileSync(f, JSON.stringify(i === 0 ? failRun(r) : r));
    files.push(f);
  });
  const single = join(dir, 'tiny-llamacpp-aaaaaaaa', 'runs', '0001-tiny-llamacpp-bbbbbbbb', 'cycle-1');
  mkdirSync(single, { recursive: true });
  writeFileSync(join(single, 'result.json'), JSON.stringify({ ...records[1], study_hash: 'a'.repeat(64) }));
  // superseded attempts are not runs
  mkdirSync(join(studyDir, 'runs', '.superseded'), { recursive: true });
  writeFileSync(join(studyDir, 'runs', '.superseded', 'result.json'), '{}');
  return { dir, files };
}

function store(dir: string): ResultsStore {
  const s = createStore(dir);
  open.push(s);
  return s;
}

describe('createStore (real DuckDB)', () => {
  it('indexes every result.json into one row per run; filters; SQL GROUP BY; a second index reads nothing', async () => {
    const { dir } = resultsFolder();
    const s = store(dir);
    const first = await s.index();
    expect(first).toMatchObject({ files: 9, rows: 9, read: 9, unchanged: false, problems: [] });
    const rows = await s.rows();
    expect(rows).toHaveLength(9);
    expect(new Set(rows.map((r) => r.study_name))).toEqual(new Set(['grid', 'tiny-llamacpp']));
    expect(rows.find((r) => r.study_name === 'grid')?.swept_factors).toBe(
      'llamacpp_sequences,llamacpp_threads',
    );
    expect(rows.find((r) => r.study_name === 'tiny-llamacpp')?.swept_factors).toBe('');
    expect(await s.rows({ study: 'grid', status: 'ok' })).toHaveLength(7);
    expect(await s.rows({ study: 'tiny-llamacpp' })).toHaveLength(1);
    expect(await s.rows({ valid: false })).toHaveLength(1);
    const two = await s.rows({ study: 'grid', where: [parseWhere('llamacpp.threads=2')] });
    expect(two.map((r) => r.llamacpp_threads)).toEqual([2, 2, 2, 2]);
    const grouped = await s.query(
      'SELECT llamacpp_threads, count(*) AS n, avg(j_per_output_token) AS jpt FROM runs WHERE valid GROUP BY 1 ORDER BY 1',
    );
    expect(grouped.map((g) => g.llamacpp_threads)).toEqual([1, 2]);
    expect(grouped.map((g) => g.n)).toEqual([4, 4]); // 3 valid grid + the single run, 4 valid
    expect(grouped[1]!.jpt as number).toBeGreaterThan(grouped[0]!.jpt as number);
    s.close();
    const again = await store(dir).index();
    expect(again).toMatchObject({ files: 9, rows: 9, read: 0, unchanged: true });
  });

  it('re-reads only changed files, drops removed ones, rebuilds on request; a bad file is a reported problem', async () => {
    const { dir, files } = resultsFolder();
    const s = store(dir);
    await s.index();
    const future = new Date(Date.now() + 60_000);
    utimesSync(files[3]!, future, future);
    rmSync(files[4]!);
    writeFileSync(files[5]!, '{ torn');
    const r = await s.index();
    expect(r).toMatchObject({ files: 8, rows: 7, read: 2, removed: 1, unchanged: false, rebuilt: null });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/result\.json.*not valid JSON/);
    expect((await s.rows()).length).toBe(7);
    const again = await s.index();
    expect(again).toMatchObject({ unchanged: true, rows: 7 });
    expect(again.problems).toHaveLength(1);
    const rebuilt = await s.index({ rebuild: true });
    expect(rebuilt).toMatchObject({ read: 8, rebuilt: 'asked for (--rebuild)', rows: 7 });
  });

  it('an added config field adds a column in place; a value that changes a column type rewrites the table', async () => {
    const { dir, files } = resultsFolder();
    const s = store(dir);
    await s.index();
    const r = JSON.parse(readFileSync(files[1]!, 'utf8'));
    r.config.llamacpp.flash_attention = true;
    writeFileSync(files[1]!, JSON.stringify(r));
    utimesSync(files[1]!, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    expect(await s.index()).toMatchObject({ read: 1, rows: 9 });
    const cols = new Map((await s.columns()).map((c) => [c.name, c.type]));
    expect(cols.get('llamacpp_flash_attention')).toBe('BOOLEAN');
    expect((await s.rows({ where: [parseWhere('llamacpp.flash_attention=true')] })).length).toBe(1);
    expect(await s.rows()).toHaveLength(9);
    r.config.llamacpp.threads = 'many';
    writeFileSync(files[1]!, JSON.stringify(r));
    utimesSync(files[1]!, new Date(Date.now() + 120_000), new Date(Date.now() + 120_000));
    expect(await s.index()).toMatchObject({ read: 1, rows: 9 });
    expect((await s.columns()).find((c) => c.name === 'llamacpp_threads')?.type).toBe('VARCHAR');
    expect(await s.rows({ where: [parseWhere('llamacpp.threads=many')] })).toHaveLength(1);
    expect(await s.rows()).toHaveLength(9);
  });

  it('exports parquet, csv and json that DuckDB reads back with the same rows and columns', async () => {
    const { dir } = resultsFolder();
    const s = store(dir);
    const out = mkdtempSync(join(tmpdir(), 'llem-export-'));
    const pq = await s.export(join(out, 'runs.parquet'), 'parquet', { status: 'ok' });
    expect(pq.rows).toBe(8);
    expect(pq.columns).toContain('j_per_output_token');
    for (const format of ['csv', 'json'] as const)
      await s.export(join(out, `runs.${format}`), format, { status: 'ok' });
    for (const [file, reader] of [
      ['runs.parquet', 'read_parquet'],
      ['runs.csv', 'read_csv'],
      ['runs.json', 'read_json'],
    ]) {
      const back = await s.query(
        `SELECT count(*) AS n, count(DISTINCT run_dir) AS runs, avg(llamacpp_threads) AS t FROM ${reader}('${join(out, file!)}')`,
      );
      expect(back[0], file).toEqual({ n: 8, runs: 8, t: 1.5 });
    }
  });

  it('finds one run by a unique part of its folder; usage errors for none or several', async () => {
    const { dir } = resultsFolder();
    const s = store(dir);
    const { row, record } = await s.find(
      'tiny-llamacpp-aaaaaaaa/runs/0001-tiny-llamacpp-bbbbbbbb/cycle-1/result.json',
    );
    expect(row.study_name).toBe('tiny-llamacpp');
    expect(record.study_hash).toBe('a'.repeat(64));
    await expect(s.find('cycle-1')).rejects.toThrow(ConfigError);
    await expect(s.find('nope')).rejects.toThrow(/no run 'nope'/);
    await expect(s.query('SELECT nope FROM runs')).rejects.toThrow(ConfigError);
  });

  it('a default index that does not open is rebuilt from the files; a named one is never deleted', async () => {
    const { dir } = resultsFolder();
    writeFileSync(join(dir, 'llem.duckdb'), 'not a database');
    expect(await store(dir).index()).toMatchObject({ rows: 9, read: 9 });
    const other = join(dir, 'precious.db');
    writeFileSync(other, 'not a database');
    await expect(createStore(dir, { indexPath: other }).index()).rejects.toMatchObject({
      code: 'ERR_STORE_IO',
    });
    expect(readFileSync(other, 'utf8')).toBe('not a database');
  });

  it('an unreadable folder is ERR_STORE_IO', async () => {
    await expect(store('/nonexistent/llem-results').index()).rejects.toMatchObject({ code: 'ERR_STORE_IO' });
  });
});
