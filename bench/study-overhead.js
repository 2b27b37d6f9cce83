// Study orchestration overhead: a 20-run tiny-model study (2 × 2 configurations × 5 cycles) run
// with `isolation: process` and with `isolation: shared`, each with 1 s gaps and with `--no-gaps`,
// side by side in one process. With gaps, process isolation starts the next child during the gap;
// with `--no-gaps` nothing hides that start, so the pair shows what the gap hides.
// Overhead = wall time outside the measurement phases the records time (baseline, load, warmup,
// thermal floor, window) and outside configured waits, as a fraction of wall time (goal ≤ 2 %).
// Also reported: the time outside each harness run (started_at → ended_at), i.e. what the runner
// itself adds (process start, IPC, manifest writes), and the fixed cost per run in seconds, from
// which the fraction for longer experiments follows.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runStudy } from '../dist/api/run-study.js';

const N_PROMPTS = Number(process.env.LLEM_BENCH_STUDY_PROMPTS ?? 24);
const OUTPUT_TOKENS = 128;
const CYCLES = 5;
/** A short configured gap: excluded from the overhead, as the user chose to wait; process isolation starts the next child in it. */
const GAP_S = Number(process.env.LLEM_BENCH_STUDY_GAP_S ?? 1);

function study(isolation, noGaps = false) {
  return {
    name: `overhead-${isolation}${noGaps ? '-no-gaps' : ''}`,
    model: 'builtin:tiny',
    max_output_tokens: OUTPUT_TOKENS,
    fixed_output_length: true,
    measurement: {
      warmup: { n_warmup: 2, thermal_floor_s: 0 },
      baseline: { enabled: false },
      energy: { min_window_s: 0, sample_interval_ms: 100 },
    },
    llamacpp: { threads: 1 },
    sweep: { 'llamacpp.sequences': [1, 2], 'dataset.n_prompts': [N_PROMPTS, N_PROMPTS + 8] },
    execution: {
      n_cycles: CYCLES,
      order: 'sequential',
      isolation,
      experiment_gap_s: GAP_S,
      cycle_gap_s: GAP_S,
    },
  };
}

async function records(studyDir) {
  const out = [];
  const runs = join(studyDir, 'runs');
  for (const run of await readdir(runs)) {
    for (const cycle of await readdir(join(runs, run))) {
      if (!cycle.startsWith('cycle-')) continue;
      out.push(JSON.parse(await readFile(join(runs, run, cycle, 'result.json'), 'utf8')));
    }
  }
  return out;
}

const PHASES = ['baseline_s', 'load_s', 'warmup_s', 'thermal_floor_s', 'window_s'];
const pct = (x) => `${(100 * x).toFixed(2)} %`;

async function measure(isolation, noGaps, dir, log) {
  const t0 = performance.now();
  const summary = await runStudy(study(isolation, noGaps), {
    resultsDir: dir,
    cacheDir: join(dir, 'cache'),
    lockDir: null,
    cwd: dir,
    noGaps,
  });
  const wallS = (performance.now() - t0) / 1000;
  if (summary.counts.ok !== 20)
    throw new Error(
      `${isolation}${noGaps ? ' --no-gaps' : ''}: ${summary.counts.ok}/20 runs ok: ${JSON.stringify(summary.failures)}`,
    );
  const rs = await records(summary.dir);
  const phasesS = rs.reduce((a, r) => a + PHASES.reduce((b, k) => b + (r.timings[k] ?? 0), 0), 0);
  const harnessS = rs.reduce((a, r) => a + (Date.parse(r.ended_at) - Date.parse(r.started_at)) / 1000, 0);
  const windowS = rs.reduce((a, r) => a + r.timings.window_s, 0);
  const waitsS = summary.invocation.waits_s;
  const reused = rs.filter((r) => r.engine.model_reused === true).length;
  const outside = wallS - waitsS - phasesS;
  const res = {
    isolation,
    label: `${isolation}${noGaps ? ', --no-gaps' : `, ${GAP_S} s gaps`}`,
    wallS,
    waitsS,
    phasesS,
    windowS,
    reused,
    fraction: outside / wallS,
    runnerFraction: (wallS - waitsS - harnessS) / wallS,
    perRunS: outside / rs.length,
  };
  log(
    `study-overhead: ${res.label}: wall ${wallS.toFixed(1)} s, phases ${phasesS.toFixed(1)} s, overhead ${pct(res.fraction)}`,
  );
  return res;
}

/** Runs both isolations with gaps and with --no-gaps; returns `{ name, lines, ratio }` (ratio = overhead fraction of process isolation with gaps). */
export async function run({ log = () => {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'llem-bench-study-'));
  try {
    // One untimed run of the smallest experiment generates the tiny model into the cache.
    log('study-overhead: preparing the tiny model');
    await runStudy(
      {
        ...study('shared'),
        name: 'warm',
        sweep: { 'dataset.n_prompts': [2] },
        execution: { n_cycles: 1, isolation: 'shared' },
      },
      { resultsDir: dir, cacheDir: join(dir, 'cache'), lockDir: null, cwd: dir },
    );
    const results = [];
    // `LLEM_BENCH_ISOLATIONS=process` measures process isolation alone (a shorter run).
    const isolations = (process.env.LLEM_BENCH_ISOLATIONS ?? 'process,shared').split(',');
    for (const isolation of isolations)
      for (const noGaps of [false, true]) results.push(await measure(isolation, noGaps, dir, log));
    const lines = [
      `20 runs (sequences 1|2 × ${N_PROMPTS}|${N_PROMPTS + 8} prompts × ${OUTPUT_TOKENS} tokens, ${CYCLES} cycles, sequential), tiny model, 1 thread; each isolation with ${GAP_S} s gaps and with --no-gaps; the first run of each starts cold (no gap before it)`,
    ];
    for (const r of results) {
      const at = (windowS) => r.perRunS / (windowS + r.perRunS + (r.phasesS - r.windowS) / 20);
      lines.push(
        `${r.label.padEnd(20)}: wall ${r.wallS.toFixed(1)} s, measurement phases ${r.phasesS.toFixed(1)} s (windows ${r.windowS.toFixed(1)} s), waits ${r.waitsS.toFixed(1)} s` +
          `${r.reused ? `, model reused in ${r.reused}/20 runs` : ''}`,
        `${''.padEnd(22)}overhead outside phases and waits: ${pct(r.fraction)} (${r.perRunS.toFixed(3)} s per run; goal ≤ 2 %); outside the harness runs: ${pct(r.runnerFraction)}`,
        `${''.padEnd(22)}same fixed cost with a 10 s window (min_window_s default): ${pct(at(10))}; with a 60 s window: ${pct(at(60))}`,
      );
    }
    for (const isolation of isolations) {
      const [gaps, none] = results.filter((r) => r.isolation === isolation);
      lines.push(
        `${isolation}: --no-gaps vs ${GAP_S} s gaps, side by side: ${none.perRunS.toFixed(3)} vs ${gaps.perRunS.toFixed(3)} s fixed cost per run, overhead ${pct(none.fraction)} vs ${pct(gaps.fraction)}${isolation === 'process' ? ' (with gaps, the next child starts during the gap; --no-gaps shows its start unhidden)' : ''}`,
      );
    }
    // Issue 8 item 7's goal: process isolation with --no-gaps, at a 10 s window.
    const goalCase = results.find((r) => r.isolation === 'process' && r.label.includes('--no-gaps'));
    const at10 = goalCase.perRunS / (10 + goalCase.perRunS + (goalCase.phasesS - goalCase.windowS) / 20);
    lines.push(
      `goal (issue 8): process isolation with --no-gaps ≤ 2 % at a 10 s window: ${at10 <= 0.02 ? 'met' : `NOT met by ${(100 * (at10 - 0.02)).toFixed(2)} points`} (${pct(at10)}; ${goalCase.perRunS.toFixed(3)} s per run outside the measurement phases, which includes the harness's own preflight, environment and record phases; the next child starts once the previous window is over, never during one)`,
    );
    return { name: 'study-overhead', lines, ratio: results[0].fraction };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run({ log: (line) => console.error(line) });
  console.log(result.lines.join('\n'));
}
