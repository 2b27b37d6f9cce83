// Rendering the report of a 500-configuration × 3-cycle study (issue 9: goal < 5 s): wall time of
// `renderReport` (analysis with 1000 bootstrap resamples, every chart to SVG, HTML and Markdown)
// over in-memory synthetic records, min/median/max of repeats, and the process's peak RSS.
import { renderReport } from '../dist/report/render.js';

const GOAL_S = 5;
const CYCLES = 3;
// 5 × 5 × 4 × 5 = 500 configurations.
const FACTORS = {
  'llamacpp.threads': [1, 2, 4, 8, 16],
  'llamacpp.sequences': [1, 2, 4, 8, 16],
  'llamacpp.batch_size': [64, 128, 256, 512],
  'llamacpp.context_size': [512, 1024, 2048, 4096, 8192],
};

/** A seeded uniform generator (mulberry32), so every run renders the same study. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function crossing(factors) {
  let out = [{}];
  for (const [name, levels] of Object.entries(factors))
    out = out.flatMap((p) => levels.map((v) => ({ ...p, [name]: v })));
  return out;
}

const latency = (p50) => ({
  n: 32,
  mean_ms: p50,
  p50_ms: p50,
  p90_ms: p50 * 1.3,
  p95_ms: p50 * 1.4,
  p99_ms: p50 * 1.6,
  min_ms: p50 * 0.8,
  max_ms: p50 * 2,
});

/** The study: J/token falls with threads and rises with context; throughput the other way; 3 % noise. */
export function syntheticInput() {
  const rand = rng(9);
  const noise = () => 1 + 0.03 * (rand() + rand() + rand() - 1.5);
  const experiments = crossing(FACTORS).map((factors, i) => ({
    index: i + 1,
    config_hash: `${i.toString(16).padStart(6, '0')}${'ab'.repeat(29)}`,
    slug: `t${factors['llamacpp.threads']}-s${factors['llamacpp.sequences']}-b${factors['llamacpp.batch_size']}-c${factors['llamacpp.context_size']}`,
    factors,
    cycles: CYCLES,
  }));
  const records = [];
  for (const e of experiments) {
    const f = e.factors;
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const jpt =
        (0.05 / Math.sqrt(f['llamacpp.threads'])) * (1 + f['llamacpp.context_size'] / 16384) * noise();
      const tps = 100 * Math.sqrt(f['llamacpp.threads'] * f['llamacpp.sequences']) * noise();
      const windowS = 2048 / tps;
      const energyJ = jpt * 2048;
      const config = {
        model: 'builtin:tiny',
        llamacpp: {
          threads: f['llamacpp.threads'],
          sequences: f['llamacpp.sequences'],
          batch_size: f['llamacpp.batch_size'],
          context_size: f['llamacpp.context_size'],
        },
      };
      records.push({
        schema_version: 1,
        llem_version: 'bench',
        experiment_id: e.config_hash.slice(0, 16),
        name: e.slug,
        config_hash: e.config_hash,
        study_hash: 'b'.repeat(64),
        cycle,
        status: 'ok',
        error: null,
        started_at: '',
        ended_at: '',
        config,
        engine: {},
        model: {},
        dataset: {},
        environment: {},
        timings: { window_s: windowS },
        tokens: { input: 4096, output: 2048, requests_ok: 32, requests_failed: 0 },
        energy: { sources: [], scopes: [], probes: [], chosen: ['nvml'], load: [], load_scopes: [] },
        baseline: null,
        metrics: {
          energy_scope: 'gpu',
          energy_j: energyJ,
          adjusted_energy_j: null,
          energy_uncertainty_j: null,
          adjusted_energy_uncertainty_j: null,
          j_per_output_token: jpt,
          j_per_output_token_uncertainty: null,
          adjusted_j_per_output_token: null,
          adjusted_j_per_output_token_uncertainty: null,
          j_per_request: energyJ / 32,
          wh_per_1000_requests: null,
          mean_power_w: energyJ / windowS,
          peak_power_w: (energyJ / windowS) * 1.2,
          load_energy_j: null,
          output_tokens_per_s: tps,
          total_tokens_per_s: tps * 3,
          requests_per_s: 32 / windowS,
          ttft_queued: latency(2000 / tps),
          ttft_service: latency(2000 / tps),
          itl: latency(1000 / tps),
          tpot: latency(1000 / tps),
          e2e_queued: latency(64000 / tps),
          e2e_service: latency(64000 / tps),
          schedule: null,
          carbon_g: null,
          flops: null,
          memory: {},
          thermal: { throttled: false, throttle_duration_s: 0, max_temperature_c: null },
        },
        warmup: null,
        thermal_floor: null,
        validity: {
          valid: true,
          errors: 0,
          warnings: 0,
          checks: [{ id: 'window_length', passed: true, severity: 'error', detail: 'ok' }],
        },
        warnings: [],
        files: { dir: '', result: 'result.json', timeseries: null, requests: null, log: 'run.log' },
      });
    }
  }
  // Telemetry of 12 runs, 200 points per device after downsampling (what `loadReportInput` keeps).
  const runs = experiments.slice(0, 12).map((e) => ({
    config_hash: e.config_hash,
    label: e.slug,
    cycle: 1,
    samples: 6000,
    points: Array.from({ length: 200 }, (_, i) => ({
      t_s: i * 0.3,
      device: 'gpu0',
      power_w: 250 + 20 * rand(),
      temperature_c: 55 + i / 20,
      sm_clock_mhz: 1980 - 30 * rand(),
    })),
  }));
  return {
    study: {
      name: 'bench-500',
      study_hash: 'b'.repeat(64),
      execution: { n_cycles: CYCLES, order: 'interleaved' },
    },
    experiments,
    records,
    environment: { host: 'bench' },
    timeseries: { runs, omitted: records.length - runs.length },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs the benchmark: one warm-up render (loads Vega), then `repeats` measured ones. */
export async function run({ log = () => {}, repeats = 3 } = {}) {
  const input = syntheticInput();
  log(`warm-up render of ${input.experiments.length} configurations × ${CYCLES} cycles`);
  const rssBefore = process.memoryUsage().rss;
  const first = performance.now();
  const warm = await renderReport(input, { generatedAt: 'bench' });
  const firstS = (performance.now() - first) / 1000;
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await renderReport(input, { generatedAt: 'bench' });
    times.push((performance.now() - t0) / 1000);
    log(`render ${i + 1}/${repeats}: ${times[i].toFixed(2)} s`);
  }
  const peakMib = process.resourceUsage().maxRSS / 1024;
  const med = median(times);
  return {
    name: 'report render (500 configurations × 3 cycles)',
    lines: [
      `render: min ${Math.min(...times).toFixed(2)} s, median ${med.toFixed(2)} s, max ${Math.max(...times).toFixed(2)} s over ${repeats} renders (goal < ${GOAL_S} s: ${med < GOAL_S ? 'met' : 'NOT met'}); first render, loading Vega: ${firstS.toFixed(2)} s`,
      `output: ${warm.charts} charts, report.html ${(warm.html.length / 2 ** 20).toFixed(1)} MiB, report.md ${(warm.markdown.length / 1024).toFixed(0)} KiB`,
      `peak RSS of the process: ${peakMib.toFixed(0)} MiB (${(rssBefore / 2 ** 20).toFixed(0)} MiB before the first render)`,
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run({ log: (l) => console.log(`  … ${l}`) });
  console.log(`\n== ${r.name}`);
  for (const l of r.lines) console.log(`  ${l}`);
}
