// Indexing 10,000 result files into the results store (issue 9: goal < 10 s) and its peak memory.
// The files are copies of one real record (a tiny-model run made here by the built CLI) with the
// config and metrics varied, laid out as studies are. Each index runs in a fresh child process,
// so its peak RSS is its own: a full index (no llem.duckdb), a re-index with nothing changed,
// and a re-index after 1 % of the files changed.
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/llem.js');
const FILES = 10_000;
const STUDIES = 10;
const CYCLES = 4;
const GOAL_S = 10;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const stats = (xs) =>
  `median ${median(xs).toFixed(2)} s (min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)}, n=${xs.length})`;

/** One real record: a single tiny-model run through the built CLI. */
export function realRecord(work) {
  const env = { ...process.env, XDG_CONFIG_HOME: join(work, 'xdg'), LLEM_CACHE_DIR: join(work, 'cache') };
  env.LLEM_LOCK_DIR ??= join(work, 'locks');
  const r = spawnSync(
    process.execPath,
    [
      BIN,
      'run',
      '--model',
      'builtin:tiny',
      '-n',
      '3',
      '--max-output-tokens',
      '8',
      '--quiet',
      '-o',
      join(work, 'seed'),
      '--set',
      'measurement.warmup.n_warmup=1',
      '--set',
      'measurement.warmup.thermal_floor_s=0',
      '--set',
      'measurement.baseline.enabled=false',
      '--set',
      'measurement.energy.min_window_s=0',
      '--set',
      'measurement.energy.cpu_contention_threshold=1',
      '--set',
      'llamacpp.threads=1',
    ],
    { env, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`llem run failed (${r.status}): ${r.stderr}`);
  const find = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? find(join(dir, e.name)) : e.name === 'result.json' ? [join(dir, e.name)] : [],
    );
  return JSON.parse(readFileSync(find(join(work, 'seed'))[0], 'utf8'));
}

/** Writes FILES records: STUDIES studies × (FILES / STUDIES / CYCLES) configurations × CYCLES. */
export function writeRecords(dir, seed) {
  const perStudy = FILES / STUDIES / CYCLES;
  let n = 0;
  for (let s = 0; s < STUDIES; s++) {
    const hash = `${s.toString(16).padStart(2, '0')}${'ab'.repeat(31)}`;
    const studyDir = join(dir, `sweep-${s}-${hash.slice(0, 8)}`);
    mkdirSync(studyDir, { recursive: true });
    writeFileSync(join(studyDir, 'plan.json'), JSON.stringify({ name: `sweep-${s}` }));
    for (let e = 1; e <= perStudy; e++) {
      const threads = 1 + (e % 8);
      const sequences = 1 + (Math.floor(e / 8) % 16);
      const config = structuredClone(seed.config);
      config.llamacpp = { ...config.llamacpp, threads, sequences, batch_size: 64 * (1 + (e % 4)) };
      const configHash = `${s.toString(16).padStart(2, '0')}${e.toString(16).padStart(6, '0')}${'cd'.repeat(28)}`;
      for (let c = 1; c <= CYCLES; c++) {
        const noise = 1 + 0.05 * Math.sin(n++);
        const m = seed.metrics;
        const record = {
          ...seed,
          study_hash: hash,
          config_hash: configHash,
          experiment_id: configHash.slice(0, 16),
          cycle: c,
          config,
          metrics: {
            ...m,
            j_per_output_token: (m.j_per_output_token * noise) / threads,
            energy_j: (m.energy_j * noise) / threads,
            output_tokens_per_s: m.output_tokens_per_s * sequences * noise,
          },
        };
        const runDir = join(
          studyDir,
          'runs',
          `${String(e).padStart(4, '0')}-t${threads}-s${sequences}-${configHash.slice(0, 8)}`,
          `cycle-${c}`,
        );
        mkdirSync(runDir, { recursive: true });
        writeFileSync(join(runDir, 'result.json'), JSON.stringify(record, null, 2));
      }
    }
  }
  return n;
}

/** Indexes `dir` in a fresh child process: the IndexReport plus the child's peak RSS. */
function indexInChild(dir) {
  const store = join(ROOT, 'dist/store/results-store.js');
  const script = `import { createStore } from ${JSON.stringify(store)};
const s = createStore(${JSON.stringify(dir)});
const r = await s.index();
s.close();
console.log(JSON.stringify({ ...r, problems: r.problems.length, max_rss: process.resourceUsage().maxRSS * 1024 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`index failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

/** Runs the benchmark. */
export async function run({ log = () => {}, repeats = 3 } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'llem-bench-store-'));
  try {
    log('one real record from a tiny-model run (the shape every copy takes)');
    const seed = realRecord(work);
    const dir = join(work, 'results');
    const t0 = performance.now();
    const written = writeRecords(dir, seed);
    const bytes = JSON.stringify(seed, null, 2).length;
    log(
      `wrote ${written} result files (~${(bytes / 1024).toFixed(0)} KiB each) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const full = [];
    for (let i = 0; i < repeats; i++) {
      rmSync(join(dir, 'llem.duckdb'), { force: true });
      full.push(indexInChild(dir));
      log(`full index ${i + 1}/${repeats}: ${full.at(-1).duration_s.toFixed(2)} s, ${full.at(-1).rows} rows`);
    }
    const again = [];
    for (let i = 0; i < repeats; i++) again.push(indexInChild(dir));
    // 1 % of the files touched: only those are read again, the table is rebuilt.
    const future = new Date(Date.now() + 60_000);
    const studyDir = readdirSync(dir).find((d) => d.startsWith('sweep-0-'));
    const runs = readdirSync(join(dir, studyDir, 'runs')).slice(0, FILES / 100 / CYCLES);
    for (const r of runs)
      for (let c = 1; c <= CYCLES; c++)
        utimesSync(join(dir, studyDir, 'runs', r, `cycle-${c}`, 'result.json'), future, future);
    const partial = indexInChild(dir);
    if (full.some((f) => f.rows !== FILES) || again.some((a) => !a.unchanged) || partial.read !== FILES / 100)
      throw new Error(`unexpected index reports: ${JSON.stringify({ full, again, partial })}`);
    const t = median(full.map((f) => f.duration_s));
    const lines = [
      `index ${FILES.toLocaleString('en')} result files (no index yet): ${stats(full.map((f) => f.duration_s))} · goal < ${GOAL_S} s: ${t < GOAL_S ? 'met' : 'NOT met'} · peak RSS ${mib(Math.max(...full.map((f) => f.max_rss)))}`,
      `re-index, nothing changed: ${stats(again.map((f) => f.duration_s))} · peak RSS ${mib(Math.max(...again.map((f) => f.max_rss)))}`,
      `re-index, 1 % changed (${partial.read} files read): ${partial.duration_s.toFixed(2)} s · peak RSS ${mib(partial.max_rss)}`,
      `(each index in a fresh Node process; its time includes opening DuckDB; files ~${(bytes / 1024).toFixed(0)} KiB, ${STUDIES} studies × ${FILES / STUDIES / CYCLES} configurations × ${CYCLES} cycles)`,
    ];
    return { name: 'Results store index (10,000 result files)', lines, ratio: t / GOAL_S };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await run({ log: (l) => console.log(`  … ${l}`) });
  console.log(`\n== ${r.name}`);
  for (const l of r.lines) console.log(`  ${l}`);
}
