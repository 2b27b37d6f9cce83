// Expanding and validating a 100,000-point sweep (issue 4: goal < 2 s): wall time (median of
// repeats), peak memory, and the per-point cost side by side with one `resolveConfig` call (the
// same schema and rules for a single experiment) measured in the same run.
import { availableParallelism, loadavg } from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { resolveConfig } from '../dist/config/load.js';
import { expandStudy } from '../dist/study/expand.js';

// A 10 × 10 × 25 × 40 = 100,000-point llama.cpp sweep; contexts below 512 tokens draw a rule
// warning, so the rule tables do real work on every point.
const range = (n, f = (i) => i) => Array.from({ length: n }, (_, i) => f(i + 1));
/** The 100,000-point study (shared with bench/dry-run-json.js). */
export const STUDY = {
  name: 'bench-100k',
  model: 'builtin:tiny',
  dataset: { n_prompts: 32 },
  max_output_tokens: 64,
  sweep: {
    'llamacpp.threads': range(10),
    'llamacpp.sequences': range(10),
    'llamacpp.batch_size': range(25, (i) => 32 * i),
    'llamacpp.context_size': range(40, (i) => 256 + 16 * i),
  },
};
const POINTS = 100_000;
const GOAL_S = 2;
const OPTIONS = { env: {}, userConfigPath: null };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** A `gc()` without `--expose-gc` on the command line, so heap figures exclude earlier garbage. */
function collector() {
  v8.setFlagsFromString('--expose_gc');
  return vm.runInNewContext('gc');
}

function resolveConfigMicros(calls) {
  const input = { model: 'builtin:tiny', dataset: { n_prompts: 32 }, llamacpp: { threads: 2, sequences: 4 } };
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) resolveConfig(input, OPTIONS);
  return ((performance.now() - t0) * 1000) / calls;
}

/** Runs the benchmark: one warm-up expansion, then `repeats` measured ones. */
export async function run({ log = () => {}, repeats = 5 } = {}) {
  const gc = collector();
  log('warm-up expansion (JIT, model-free: nothing is loaded)');
  await expandStudy({ ...STUDY, sweep: { ...STUDY.sweep, 'llamacpp.context_size': [512] } }, OPTIONS);
  resolveConfigMicros(500);

  gc();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  const times = [];
  let study;
  let peakRss = 0;
  let retained = 0;
  for (let r = 0; r < repeats; r++) {
    study = undefined;
    gc();
    const t0 = performance.now();
    study = await expandStudy(STUDY, OPTIONS);
    times.push((performance.now() - t0) / 1000);
    // maxRSS is the process's peak (KiB): the first measured run sets it, later ones rarely exceed it.
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024 - rss0);
    gc();
    retained = process.memoryUsage().heapUsed - heap0;
    log(`run ${r + 1}/${repeats}: ${times.at(-1).toFixed(2)} s`);
  }
  if (study.experiments.length + study.skipped.length !== POINTS) {
    throw new Error(
      `expected ${POINTS} points, got ${study.experiments.length} + ${study.skipped.length} skipped`,
    );
  }
  const refs = range(5).map(() => resolveConfigMicros(2000));
  const ref = median(refs);
  const t = median(times);
  const perPoint = (t * 1e6) / POINTS;
  const warnings = study.experiments.filter((e) => e.warnings.length > 0).length;
  const lines = [
    `expand + validate ${POINTS.toLocaleString('en')} points: median ${t.toFixed(2)} s (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}, n=${times.length}) · goal < ${GOAL_S} s: ${t < GOAL_S ? 'met' : `NOT met by ${(t - GOAL_S).toFixed(2)} s`} · load average ${loadavg()[0].toFixed(2)} (${availableParallelism()} CPUs)`,
    `per point ${perPoint.toFixed(1)} µs vs one resolveConfig call ${ref.toFixed(1)} µs (${(perPoint / ref).toFixed(2)}×; median of ${refs.length} × 2000 calls)`,
    `memory: peak RSS +${mib(peakRss)} (${(peakRss / 1e6).toFixed(0)} MB) over the start · goal < 200 MB: ${peakRss < 200e6 ? 'met' : `NOT met by ${((peakRss - 200e6) / 1e6).toFixed(0)} MB`} · expanded study retained on the heap ${mib(retained)} (${(retained / POINTS / 1024).toFixed(2)} KiB/experiment)`,
    `result: ${study.experiments.length} experiments, ${study.skipped.length} skipped, ${warnings} with rule warnings; study_hash ${study.study_hash.slice(0, 12)}`,
  ];
  return { name: 'Study expansion (100,000-point sweep)', lines, ratio: perPoint / ref };
}
