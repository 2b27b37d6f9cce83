import { z } from 'zod';
import {
  llamacppSchema,
  openaiSchema,
  tensorrtSchema,
  transformersSchema,
  vllmSchema,
} from './engine-sections.js';

/**
 * The single source of truth for experiment configuration (SPEC §2.1).
 * Types, defaults, `llem schema` and the config reference in README are all derived from here.
 * Every object is strict: unknown keys are errors. Nested objects use `prefault({})` so that
 * their own defaults apply when the section is omitted.
 */

/** Engines llem knows; only `llamacpp` runs in this release, the others validate already. */
export const ENGINES = ['llamacpp', 'transformers', 'vllm', 'tensorrt', 'openai'] as const;
/** An engine name. */
export type EngineName = (typeof ENGINES)[number];

/** Energy sources, in the order `auto` tries them. */
export const ENERGY_SOURCES = ['nvml', 'rapl', 'amdgpu', 'command', 'estimate'] as const;
/** An energy source name. */
export type EnergySourceName = (typeof ENERGY_SOURCES)[number];

const posInt = () => z.number().int().positive();
const nonNegInt = () => z.number().int().nonnegative();

/** The workload dataset section. */
export const datasetSchema = z
  .strictObject({
    source: z
      .string()
      .min(1)
      .default('builtin')
      .describe(
        '`builtin`, `aienergyscore`, `synthetic`, or a path to a `.jsonl` file (relative to the config file)',
      ),
    n_prompts: posInt().default(100).describe('Number of prompts measured in the window'),
    order: z
      .enum(['interleaved', 'grouped', 'shuffled'])
      .default('interleaved')
      .describe('Prompt order: round-robin by source field, grouped by source, or seeded shuffle'),
    input_tokens: posInt().optional().describe('synthetic only: exact prompt length in tokens'),
    output_tokens: posInt().optional().describe('synthetic only: exact output length in tokens'),
  })
  .describe('Workload dataset');

/** Sampling parameters. */
export const samplingSchema = z
  .strictObject({
    preset: z
      .enum(['deterministic', 'standard', 'creative', 'factual'])
      .optional()
      .describe(
        'deterministic = temperature 0; standard = 1.0/top_p 0.95; creative = 0.8/0.9/rep 1.1; factual = 0.3',
      ),
    temperature: z.number().min(0).max(5).optional().describe('Sampling temperature (0 = greedy)'),
    top_k: nonNegInt().optional().describe('Top-k cut-off (0 = off)'),
    top_p: z.number().gt(0).max(1).optional().describe('Nucleus sampling mass'),
    min_p: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Minimum token probability relative to the top token'),
    repetition_penalty: z.number().positive().max(10).optional().describe('Repetition penalty (1 = off)'),
  })
  .describe('Sampling parameters; explicit values win over the preset');

/** How requests are issued (batch, closed loop, open loop). */
export const loadSchema = z
  .strictObject({
    mode: z
      .enum(['batch', 'concurrency', 'rate'])
      .default('batch')
      .describe('batch = all prompts offered at once; concurrency = closed loop; rate = open loop'),
    concurrency: posInt().optional().describe('concurrency mode: requests in flight'),
    rate_rps: z.number().positive().optional().describe('rate mode: mean arrival rate, requests/s'),
    arrival: z
      .enum(['poisson', 'constant', 'gamma'])
      .default('poisson')
      .describe('rate mode: arrival process'),
    burstiness: z.number().positive().default(1).describe('gamma arrivals: shape (1 = Poisson, <1 burstier)'),
    fill_min_window: z
      .boolean()
      .default(true)
      .describe(
        'Keep the load going, cycling through the dataset, until the window lasts measurement.energy.min_window_s',
      ),
  })
  .describe('How requests are issued');

/** Service-level objectives (SPEC §3.3): a request meets them when every given limit holds. */
export const sloSchema = z
  .strictObject({
    ttft_ms: z
      .number()
      .positive()
      .optional()
      .describe('Time to first token limit, from the scheduled send, ms'),
    itl_ms: z
      .number()
      .positive()
      .optional()
      .describe("Inter-token latency limit: the request's mean gap between tokens after the first, ms"),
    e2e_ms: z
      .number()
      .positive()
      .optional()
      .describe('End-to-end latency limit, from the scheduled send, ms'),
  })
  .describe(
    'Service-level objectives: share of requests meeting them, goodput and energy per goodput request',
  );

/** Warmup and thermal floor before the window. */
export const warmupSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Run warmup requests before the window'),
    n_warmup: nonNegInt().default(5).describe('Fixed number of warmup requests (when convergence is off)'),
    thermal_floor_s: z
      .number()
      .min(0)
      .max(3600)
      .default(60)
      .describe('Minimum seconds from load to window start; below 30 is recorded as a validity warning'),
    convergence: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe('Warm up until the CV of per-output-token latency falls below cv_threshold'),
        cv_threshold: z.number().gt(0).max(1).default(0.05).describe('Coefficient of variation to reach'),
        window: z.number().int().min(2).default(3).describe('Requests in the rolling CV window'),
        min_prompts: posInt().default(5).describe('Warmup requests before convergence is tested'),
        max_prompts: posInt().default(20).describe('Cap on warmup requests'),
      })
      .prefault({})
      .describe('Adaptive warmup: stop when per-output-token latency is stable (at the window concurrency)'),
  })
  .prefault({})
  .describe('Warmup before the measurement window');

/** Idle power baseline. */
export const baselineSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Measure idle power and subtract it'),
    duration_s: z.number().min(5).max(120).default(30).describe('Baseline measurement length, seconds'),
    strategy: z.enum(['fresh', 'cached', 'validated']).default('cached').describe('Baseline reuse strategy'),
    cache_ttl_s: z.number().positive().default(3600).describe('cached: seconds a baseline stays valid'),
    validation_interval: posInt().default(5).describe('validated: spot-check every N experiments'),
    drift_threshold: z
      .number()
      .gt(0)
      .max(1)
      .default(0.1)
      .describe('validated: relative drift that forces a re-measure'),
  })
  .prefault({})
  .describe('Idle power baseline, subtracted from the window energy');

/** Energy sources and telemetry sampling. */
export const energySchema = z
  .strictObject({
    sources: z
      .union([z.literal('auto'), z.array(z.enum(ENERGY_SOURCES)).min(1)])
      .default('auto')
      .describe('`auto` or a list of source names'),
    devices: z
      .union([z.literal('visible'), z.array(nonNegInt()).min(1)])
      .default('visible')
      .describe('`visible` or GPU indices'),
    sample_interval_ms: z
      .number()
      .int()
      .min(10)
      .max(10_000)
      .default(100)
      .describe('Telemetry polling interval, ms'),
    min_window_s: z.number().min(0).default(10).describe('A shorter window is a validity failure'),
    cpu_tdp_w: z
      .number()
      .positive()
      .optional()
      .describe('estimate: CPU package TDP in watts (default: table by CPU model)'),
    dram_w_per_gib: z
      .number()
      .min(0)
      .default(0.375)
      .describe('estimate: DRAM power per GiB of installed memory, watts'),
    estimate_mode: z
      .enum(['process', 'machine', 'codecarbon'])
      .default('process')
      .describe(
        "estimate: whose CPU use drives the estimate: `process` (llem's process tree), `machine` (every process), `codecarbon` (CodeCarbon 3.x constants, whole machine)",
      ),
    cpu_contention_threshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.1)
      .describe(
        'Share of all CPU time (0–1) other processes may use during the baseline or window before the cpu_contention check fails; 1 disables it',
      ),
    command: z
      .array(z.string())
      .min(1)
      .optional()
      .describe('command source: argv of a program that prints watts each interval'),
    command_accuracy_pct: z
      .number()
      .positive()
      .max(100)
      .optional()
      .describe(
        "command source: the meter's accuracy class, ± percent of reading (from its datasheet; unset: ±10 % assumed and said in the record)",
      ),
  })
  .prefault({})
  .describe('Energy sources and sampling');

/** The measurement protocol (warmup, baseline, energy). */
export const measurementSchema = z
  .strictObject({
    warmup: warmupSchema,
    baseline: baselineSchema,
    energy: energySchema,
  })
  .prefault({})
  .describe('Measurement protocol');

/** Carbon accounting (grid intensity, PUE). */
export const carbonSchema = z
  .strictObject({
    grid_intensity_g_per_kwh: z
      .number()
      .min(0)
      .nullable()
      .default(null)
      .describe('Grid carbon intensity, gCO2e/kWh (env LLEM_CARBON_INTENSITY); null = not reported'),
    pue: z.number().min(1).max(5).default(1).describe('Data-centre PUE multiplier (env LLEM_DATACENTER_PUE)'),
  })
  .prefault({})
  .describe('Carbon accounting');

export { llamacppSchema, openaiSchema, tensorrtSchema, transformersSchema, vllmSchema };

/** Fields shared by every experiment (everything but the engine sections). */
const experimentShape = {
  model: z
    .string()
    .min(1)
    .describe(
      'GGUF path, `hf:<org>/<repo>/<file>.gguf`, a Hugging Face id, a served model name, or `builtin:tiny`',
    ),
  engine: z.enum(ENGINES).default('llamacpp').describe('Inference engine'),
  name: z.string().min(1).optional().describe('Experiment name (default: derived from the model and engine)'),
  dataset: datasetSchema.prefault({}),
  max_input_tokens: posInt()
    .default(256)
    .describe('Prompts are truncated to this many tokens by the engine tokenizer'),
  max_output_tokens: posInt().default(256).describe('Output token limit per request'),
  fixed_output_length: z
    .boolean()
    .default(false)
    .describe('Generate exactly max_output_tokens, ignoring end-of-sequence'),
  random_seed: z.number().int().default(42).describe('Seed for sampling, dataset order and arrivals'),
  sampling: samplingSchema.prefault({}),
  load: loadSchema.prefault({}),
  slo: sloSchema.optional(),
  measurement: measurementSchema,
  carbon: carbonSchema,
  results_dir: z.string().optional().describe('Where results are written (default ./results)'),
  llamacpp: llamacppSchema.optional(),
  transformers: transformersSchema.optional(),
  vllm: vllmSchema.optional(),
  tensorrt: tensorrtSchema.optional(),
  openai: openaiSchema.optional(),
} as const;

/** The engine sections, keyed by engine name. */
export const ENGINE_SECTIONS = [
  'llamacpp',
  'transformers',
  'vllm',
  'tensorrt',
  'openai',
] as const satisfies readonly EngineName[];

/** One experiment, before cross-field rules (see `rules/`). */
export const experimentSchema = z.strictObject(experimentShape).describe('One llem experiment');

/** A resolved experiment: every default applied. */
export type ExperimentConfig = z.output<typeof experimentSchema>;
/** An experiment as written by a user: defaults optional. */
export type ExperimentInput = z.input<typeof experimentSchema>;
