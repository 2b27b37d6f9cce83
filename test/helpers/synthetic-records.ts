// Synthetic result records with a known truth, for the analysis tests: a full factorial of the
// given factors × cycles, each run an `ok`, valid record whose J/output token, throughput and
// latencies come from planted functions of the factor levels times Gaussian relative noise.
import type { ExperimentFactors } from '../../src/analysis/factors.js';
import { createRng } from '../../src/core/random.js';
import type { LatencyRecord, ResultRecord } from '../../src/core/records.js';

/** Factor levels of one configuration. */
export type Levels = Record<string, number | string>;

/** What to generate. */
export interface SyntheticDesign {
  /** Factor (dotted config path) → its levels. */
  factors: Record<string, (number | string)[]>;
  cycles: number;
  seed: number | string;
  /** Noise-free J/output token of a configuration. */
  jPerToken: (l: Levels) => number;
  /** Noise-free output tokens/s; default 100. */
  tokensPerS?: (l: Levels) => number;
  /** Relative standard deviation of the noise on every metric; default 0.03. */
  noiseCv?: number;
  /** Energy scope; default `gpu`. */
  scope?: string;
}

/** Records of every (configuration, cycle) and the plan's experiments (config hash + factors). */
export interface SyntheticStudy {
  records: ResultRecord[];
  experiments: (ExperimentFactors & { levels: Levels })[];
}

function crossing(factors: Record<string, (number | string)[]>): Levels[] {
  let out: Levels[] = [{}];
  for (const [name, levels] of Object.entries(factors)) {
    out = out.flatMap((partial) => levels.map((v) => ({ ...partial, [name]: v })));
  }
  return out;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = obj;
  for (const k of keys.slice(0, -1)) {
    at[k] ??= {};
    at = at[k] as Record<string, unknown>;
  }
  at[keys[keys.length - 1]!] = value;
}

function latency(p50: number): LatencyRecord {
  return {
    n: 16,
    mean_ms: p50 * 1.05,
    p50_ms: p50,
    p90_ms: p50 * 1.3,
    p95_ms: p50 * 1.4,
    p99_ms: p50 * 1.6,
    min_ms: p50 * 0.8,
    max_ms: p50 * 1.7,
  };
}

/** Generates a synthetic study (full factorial, every run ok and valid). */
export function syntheticStudy(design: SyntheticDesign): SyntheticStudy {
  const rng = createRng(`synthetic:${design.seed}`);
  const noise = design.noiseCv ?? 0.03;
  const scope = design.scope ?? 'gpu';
  const jitter = () => 1 + noise * rng.normal();
  const experiments = crossing(design.factors).map((levels, i) => ({
    config_hash: `${i.toString(16).padStart(4, '0')}${'c0ffee'.repeat(10)}`.slice(0, 64),
    factors: { ...levels },
    slug: Object.entries(levels)
      .map(([k, v]) => `${k.split('.').pop()}${v}`)
      .join('-'),
    levels,
  }));
  const records: ResultRecord[] = [];
  for (const e of experiments) {
    const config: Record<string, unknown> = { model: 'builtin:tiny', engine: 'llamacpp', n: 16 };
    for (const [k, v] of Object.entries(e.levels)) setPath(config, k, v);
    for (let cycle = 1; cycle <= design.cycles; cycle++) {
      const jpt = design.jPerToken(e.levels) * jitter();
      const tps = (design.tokensPerS?.(e.levels) ?? 100) * jitter();
      const outputTokens = 2048;
      const windowS = outputTokens / tps;
      const energyJ = jpt * outputTokens;
      records.push(
        record({ config, hash: e.config_hash, slug: e.slug, cycle, jpt, tps, windowS, energyJ, scope }),
      );
    }
  }
  return { records, experiments };
}

interface RunFigures {
  config: Record<string, unknown>;
  hash: string;
  slug: string;
  cycle: number;
  jpt: number;
  tps: number;
  windowS: number;
  energyJ: number;
  scope: string;
}

function record(f: RunFigures): ResultRecord {
  const powerW = f.energyJ / f.windowS;
  const outputTokens = Math.round(f.tps * f.windowS);
  return {
    schema_version: 1,
    llem_version: '0.1.0',
    experiment_id: f.hash.slice(0, 16),
    name: f.slug,
    config_hash: f.hash,
    study_hash: 'f'.repeat(64),
    cycle: f.cycle,
    status: 'ok',
    error: null,
    started_at: '2026-01-01T00:00:00.000Z',
    ended_at: '2026-01-01T00:00:30.000Z',
    config: structuredClone(f.config),
    engine: { name: 'llamacpp', version: '3.21.1', device: 'cpu' },
    model: {},
    dataset: {},
    environment: {},
    timings: { baseline_s: 2, load_s: 0.4, warmup_s: 1, thermal_floor_s: 0, window_s: f.windowS },
    tokens: { input: 4096, output: outputTokens, requests_ok: 16, requests_failed: 0 },
    energy: { sources: [], scopes: [], probes: [], chosen: ['nvml'], load: [], load_scopes: [] },
    baseline: null,
    metrics: {
      energy_scope: f.scope,
      energy_j: f.energyJ,
      adjusted_energy_j: f.energyJ * 0.8,
      energy_uncertainty_j: f.energyJ * 0.05,
      adjusted_energy_uncertainty_j: f.energyJ * 0.06,
      j_per_output_token_uncertainty: f.jpt * 0.05,
      adjusted_j_per_output_token_uncertainty: f.jpt * 0.06,
      j_per_output_token: f.jpt,
      adjusted_j_per_output_token: f.jpt * 0.8,
      j_per_request: f.energyJ / 16,
      wh_per_1000_requests: (f.energyJ / 16 / 3600) * 1000,
      mean_power_w: powerW,
      peak_power_w: powerW * 1.2,
      load_energy_j: 10,
      output_tokens_per_s: f.tps,
      total_tokens_per_s: f.tps * 3,
      requests_per_s: 16 / f.windowS,
      ttft_queued: latency(2000 / f.tps),
      ttft_service: latency(2000 / f.tps),
      itl: latency(1000 / f.tps),
      tpot: latency(1000 / f.tps),
      e2e_queued: latency(128_000 / f.tps),
      e2e_service: latency(128_000 / f.tps),
      schedule: null,
      carbon_g: null,
      flops: null,
      memory: {},
      thermal: { throttled: false, throttle_duration_s: 0, max_temperature_c: 60 },
    },
    warmup: null,
    thermal_floor: null,
    validity: {
      valid: true,
      errors: 0,
      warnings: 0,
      checks: [{ id: 'min_window', passed: true, severity: 'error', detail: 'window long enough' }],
    },
    warnings: [],
    files: { dir: '', result: 'result.json', timeseries: null, requests: null, log: 'run.log' },
  };
}

/** Marks a record failed (as the runner writes a crashed run). */
export function failRun(r: ResultRecord): ResultRecord {
  return {
    ...r,
    status: 'failed',
    error: { code: 'ERR_ENGINE_FAILED', message: 'worker exited with signal SIGKILL', phase: 'window' },
    metrics: null,
    validity: { valid: false, errors: 0, warnings: 0, checks: [] },
  };
}

/** Marks a record invalid: an error-severity check failed (window too short). */
export function invalidate(r: ResultRecord): ResultRecord {
  return {
    ...r,
    validity: {
      valid: false,
      errors: 1,
      warnings: 0,
      checks: [
        { id: 'min_window', passed: false, severity: 'error', detail: 'window 2.1 s < min_window_s 10 s' },
      ],
    },
  };
}
