// Peak memory of `llem run <100,000-point study> --dry-run --json` (issue 8 item 7: it peaked at
// 1 GB, 2.2 GB through a pipe, when the whole JSON text was built before writing). The plan is now
// streamed in 64 KiB chunks that wait for stdout to drain. Measured side by side, alternating, with
// the text dry run of the same study (same expansion, plan and forecasts; a few KB of output), so
// the ratio is what the JSON output itself costs. The parent reads stdout through a pipe, as
// `| jq` would, and counts the bytes; each child reports its own peak RSS at exit (fd 3).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STUDY } from './study-expand.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const GOAL_BYTES = 500 * 2 ** 20;
const GOAL_RATIO = 1.25;

const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Runs the CLI once; resolves with its peak RSS, stdout bytes and wall time. */
function once(file, json, cwd) {
  const args = [
    '--import',
    join(root, 'bench/lib/peak-rss.js'),
    join(root, 'bin/llem.js'),
    'run',
    file,
    '--dry-run',
  ];
  if (json) args.push('--json');
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, XDG_CONFIG_HOME: cwd },
  });
  let bytes = 0;
  let report = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    bytes += d.length;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdio[3].on('data', (d) => {
    report += d;
  });
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`llem exited ${code}: ${stderr.slice(-2000)}`));
      resolve({ rss: JSON.parse(report).max_rss_bytes, bytes, s: (performance.now() - t0) / 1000 });
    });
  });
}

/** Runs the benchmark: `repeats` alternating pairs (JSON, text). */
export async function run({ log = () => {}, repeats = Number(process.env.LLEM_BENCH_REPEATS ?? 3) } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'llem-bench-dry-'));
  try {
    const file = join(dir, 'study-100k.json');
    await writeFile(file, JSON.stringify(STUDY));
    const sides = { json: [], text: [] };
    for (let r = 0; r < repeats; r++) {
      for (const json of r % 2 === 0 ? [true, false] : [false, true]) {
        const res = await once(file, json, dir);
        sides[json ? 'json' : 'text'].push(res);
        log(
          `dry-run ${json ? '--json' : 'text  '} ${r + 1}/${repeats}: peak RSS ${mib(res.rss)}, ${mib(res.bytes)} out, ${res.s.toFixed(1)} s`,
        );
      }
    }
    const stats = (xs) =>
      `median ${mib(median(xs))} (min ${mib(Math.min(...xs))}, max ${mib(Math.max(...xs))}, n=${xs.length})`;
    const jsonRss = sides.json.map((x) => x.rss);
    const textRss = sides.text.map((x) => x.rss);
    const ratio = median(jsonRss) / median(textRss);
    const peak = median(jsonRss);
    const met = peak < GOAL_BYTES && ratio <= GOAL_RATIO;
    const lines = [
      `--dry-run --json, 100,000 experiments × 3 cycles, stdout through a pipe (${mib(sides.json[0].bytes)} of JSON): peak RSS ${stats(jsonRss)}`,
      `--dry-run (text) of the same study, alternating with it: peak RSS ${stats(textRss)}`,
      `JSON ÷ text peak RSS: ${ratio.toFixed(2)}× · goal < ${mib(GOAL_BYTES)} and ≤ ${GOAL_RATIO}× the text dry run: ${met ? 'met' : `NOT met (${mib(peak)}, ${ratio.toFixed(2)}×)`}; before streaming: 1 GB (issue 8), 2.2 GB through a pipe`,
      `wall time: --json median ${median(sides.json.map((x) => x.s)).toFixed(1)} s, text ${median(sides.text.map((x) => x.s)).toFixed(1)} s`,
    ];
    return { name: 'Dry-run JSON of a 100,000-point study (streamed)', lines, ratio };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const r = await run({ log: (l) => console.error(`  … ${l}`) });
  console.log(`== ${r.name}`);
  for (const l of r.lines) console.log(`  ${l}`);
}
