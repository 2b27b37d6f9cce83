// The parts of a result record (SPEC §7), as zod schemas: the one definition of what `result.json`
// holds. Types are inferred from them (`records.ts`), and the published JSON Schema is generated
// from them (`llem schema --record`). Optional fields are exact (absent, never `undefined`).
import { z } from 'zod';
import {
  baselineRecordSchema,
  cpuShareRecordSchema,
  thermalFloorRecordSchema,
  timingsRecordSchema,
  warmupRecordSchema,
} from './record-phases.js';
import { warningSchema } from './warning.js';

export {
  baselineRecordSchema,
  baselineValidationSchema,
  cpuShareRecordSchema,
  thermalFloorRecordSchema,
  thermalPlateauSchema,
  timingsRecordSchema,
  warmupRecordSchema,
} from './record-phases.js';

const num = z.number();
const nullableNum = num.nullable();

/** The named terms of a figure's uncertainty (SPEC §4), about 95 % coverage each. */
export const uncertaintyRecordSchema = z
  .object({
    readout_j: num.describe(
      'Read-out/integration term: counter edges and update period, sampling, window edges, joules',
    ),
    readout_basis: z.string(),
    accuracy_j: num.describe("The source's calibration class applied to the figure, joules"),
    accuracy_fraction: num.describe(
      "accuracy_j ÷ energy (the class, or the floor's share where that is larger)",
    ),
    accuracy_basis: z.string(),
    combined_j: num.describe('√(readout² + accuracy²): the uncertainty of the absolute figure, joules'),
    comparative_j: num.describe(
      'For comparisons between runs on the same device (calibration cancels): the read-out term, joules',
    ),
  })
  .describe("The named terms of a figure's uncertainty; the figure's uncertainty_j is combined_j")
  .meta({ id: 'UncertaintyRecord' });

/** Energy of one device within one source reading. */
export const deviceEnergyRecordSchema = z
  .object({
    device: z.string(),
    scope: z.string(),
    method: z.string(),
    energy_j: num,
    uncertainty_j: num.describe('Combined 95 % uncertainty (uncertainty.combined_j), joules'),
    uncertainty: uncertaintyRecordSchema,
    mean_power_w: num,
    peak_power_w: num.describe('At least mean_power_w: a mean never exceeds the maximum it averages'),
    integrated_energy_j: num.exactOptional(),
    not_summed: z
      .string()
      .exactOptional()
      .describe("Set (with the reason) when this device is already inside another device's figure"),
    power_limit_w: num.exactOptional(),
    persistence_mode: z.boolean().exactOptional(),
  })
  .meta({ id: 'DeviceEnergyRecord' });

/** One energy source's figures for an interval (the window, or the model load). */
export const energySourceRecordSchema = z
  .object({
    source: z.string(),
    scope: z.string(),
    method: z.string(),
    energy_j: num,
    uncertainty_j: num.describe('Combined 95 % uncertainty (uncertainty.combined_j), joules'),
    uncertainty_basis: z.string().describe('How the read-out term was derived, in words'),
    uncertainty: uncertaintyRecordSchema,
    duration_s: num.describe('The interval the source measured (its own window edges), seconds'),
    mean_power_w: num,
    peak_power_w: num,
    samples: num,
    expected_samples: num,
    devices: z.array(deviceEnergyRecordSchema),
    notes: z.array(z.string()),
    other_processes: z
      .array(z.string())
      .exactOptional()
      .describe('Other processes seen on the measured devices, when the source can tell'),
    sampler_cpu_s: num.exactOptional().describe('CPU seconds the sampler thread used in the window'),
    cpu_share: cpuShareRecordSchema
      .exactOptional()
      .describe("Who used the CPU in the window: llem's process tree vs the whole machine (CPU sources)"),
    mode: z
      .string()
      .exactOptional()
      .describe("The source's configured mode when it has several (estimate: process, machine, codecarbon)"),
  })
  .meta({ id: 'EnergySourceRecord' });

/** Energy totals of one scope (never mixed across scopes). */
export const scopeEnergySchema = z
  .object({
    scope: z.string(),
    method: z.string(),
    energy_j: num.describe('Energy in the interval, joules'),
    adjusted_energy_j: nullableNum.describe(
      'Energy minus baseline power × duration_s, never below zero, joules',
    ),
    uncertainty_j: num.describe('Combined 95 % uncertainty of energy_j (uncertainty.combined_j), joules'),
    uncertainty: uncertaintyRecordSchema,
    adjusted_uncertainty: uncertaintyRecordSchema
      .nullable()
      .describe(
        'Terms of adjusted_energy_j: idle power uncertainty and idle drift × duration added to the read-out',
      ),
    baseline_power_w: nullableNum.describe('Idle power used for the adjustment, watts'),
    duration_s: num.describe(
      "The interval energy_j covers (the sources' own edges; the longest when several), seconds",
    ),
    mean_power_w: num.describe("Sum over sources of energy ÷ each source's own interval, watts"),
    peak_power_w: num.describe('At least mean_power_w'),
    sources: z.array(z.string()),
  })
  .meta({ id: 'ScopeEnergy' });

/** Latency distribution, milliseconds. */
export const latencyRecordSchema = z
  .object({
    n: num.describe('Number of values the distribution was computed from'),
    mean_ms: num,
    p50_ms: num.describe('Median, linear interpolation between closest ranks (numpy default)'),
    p90_ms: num,
    p95_ms: num,
    p99_ms: num,
    min_ms: num,
    max_ms: num,
  })
  .meta({ id: 'LatencyRecord' });

/** The arrival schedule of a window, planned against achieved (SPEC §3.3, §5). */
export const scheduleRecordSchema = z
  .object({
    mode: z.enum(['batch', 'concurrency', 'rate']),
    arrival: z.enum(['poisson', 'constant', 'gamma']).nullable().describe('rate mode: the arrival process'),
    burstiness: nullableNum.describe('gamma arrivals: the shape (inter-arrival CV = 1/√shape)'),
    concurrency: nullableNum.describe('Closed loops: requests kept outstanding (batch: all of them)'),
    requests_planned: num.describe('dataset.n_prompts'),
    requests_total: num.describe(
      'Requests in the window: planned ones plus those added to fill min_window_s',
    ),
    requests_added: num.describe('Requests added by the duration fill (cycling through the dataset)'),
    requests_sent: num.describe('Requests actually sent (an interrupted run sends fewer)'),
    fill_min_window_s: nullableNum.describe('The minimum window the schedule was filled to, seconds'),
    planned_rate_rps: nullableNum.describe('rate mode: load.rate_rps'),
    achieved_rate_rps: nullableNum.describe('Sends per second over the send span; null below 2 sends'),
    planned_interarrival_cv: nullableNum.describe('rate mode: the inter-arrival CV the process promises'),
    achieved_interarrival_cv: nullableNum.describe('CV of the gaps between actual sends; null below 3 sends'),
    send_error: latencyRecordSchema
      .nullable()
      .describe('Send-time error = actual send − scheduled send, ms; null when nothing was sent'),
  })
  .meta({ id: 'ScheduleRecord' });

/** Requests meeting the service-level objectives, and what they cost (SPEC §3.3). */
export const goodputRecordSchema = z
  .object({
    slo: z
      .object({ ttft_ms: nullableNum, itl_ms: nullableNum, e2e_ms: nullableNum })
      .describe('The objectives, ms; null where not set'),
    requests_total: num.describe('Requests in the window, failed ones included (they miss every objective)'),
    requests_meeting: num,
    share_meeting: num.describe('requests_meeting ÷ requests_total'),
    goodput_rps: num.describe('Requests meeting the objectives per second of window'),
    goodput_output_tokens_per_s: num.describe('Output tokens of those requests per second of window'),
    j_per_goodput_request: nullableNum.describe(
      'Window energy (headline scope) ÷ requests meeting the objectives, joules',
    ),
    adjusted_j_per_goodput_request: nullableNum.describe(
      'Adjusted window energy ÷ requests meeting the objectives, joules',
    ),
  })
  .meta({ id: 'GoodputRecord' });

/** A recorded validity check (SPEC §5). */
export const validityRecordSchema = z
  .object({
    id: z.string(),
    passed: z.boolean(),
    severity: z.enum(['error', 'warning', 'info']),
    detail: z.string(),
    value: num.exactOptional(),
    threshold: num.exactOptional(),
  })
  .meta({ id: 'ValidityRecord' });

/** The headline metrics of one run (SPEC §5). */
export const metricsRecordSchema = z
  .object({
    energy_scope: z
      .string()
      .nullable()
      .describe('Scope of the headline energy figures (gpu > node > cpu > estimate)'),
    energy_j: nullableNum,
    adjusted_energy_j: nullableNum,
    energy_uncertainty_j: nullableNum,
    adjusted_energy_uncertainty_j: nullableNum,
    j_per_output_token: nullableNum,
    j_per_output_token_uncertainty: nullableNum,
    adjusted_j_per_output_token: nullableNum,
    adjusted_j_per_output_token_uncertainty: nullableNum,
    j_per_request: nullableNum,
    wh_per_1000_requests: nullableNum,
    mean_power_w: nullableNum,
    peak_power_w: nullableNum,
    load_energy_j: nullableNum.describe(
      'Energy of the model load in the headline scope; every scope in energy.load_scopes, joules',
    ),
    output_tokens_per_s: num,
    total_tokens_per_s: num,
    requests_per_s: num,
    ttft_queued: latencyRecordSchema.nullable().describe('Time to first token from the scheduled send time'),
    ttft_service: latencyRecordSchema
      .nullable()
      .describe('Time to first token from the start of work on the request'),
    itl: latencyRecordSchema.nullable(),
    tpot: latencyRecordSchema.nullable(),
    e2e_queued: latencyRecordSchema.nullable().describe('End-to-end latency from the scheduled send time'),
    e2e_service: latencyRecordSchema.nullable().describe('End-to-end latency from the start of work'),
    schedule: scheduleRecordSchema.nullable(),
    goodput: goodputRecordSchema
      .nullable()
      .exactOptional()
      .describe('Requests meeting `slo` and their cost; null when no `slo` is set'),
    carbon_g: nullableNum.describe("Grams CO2e of the window's energy × PUE, when a grid intensity is set"),
    flops: z.record(z.string(), z.unknown()).nullable(),
    memory: z.record(z.string(), nullableNum),
    thermal: z.object({
      throttled: z.boolean(),
      throttle_duration_s: num,
      max_temperature_c: nullableNum,
    }),
  })
  .meta({ id: 'MetricsRecord' });

/** Why a run did not finish: the phase it was in, a stable code, and (runner-written) the reason and last log lines. */
export const runErrorSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    phase: z.string(),
    reason: z
      .enum([
        'crash',
        'timeout',
        'killed',
        'interrupted',
        'error',
        // A scheduler (Slurm) ended the task: cancelled, time limit, node failure, out of memory,
        // preempted, another failed state, or the task ended without writing a record.
        'cancelled',
        'time_limit',
        'node_failure',
        'out_of_memory',
        'preempted',
        'scheduler_failed',
        'no_record',
      ])
      .exactOptional()
      .describe(
        'Set when the runner (or, for the scheduler reasons, the Slurm executor), not the experiment, wrote the record',
      ),
    log_tail: z
      .array(z.string())
      .exactOptional()
      .describe("The last lines of the run's log (runner-written records)"),
  })
  .meta({ id: 'RunError' });

/** The energy block: window figures by source and scope, what was probed and chosen, and the model load's figures. */
export const energyBlockSchema = z
  .object({
    sources: z.array(energySourceRecordSchema),
    scopes: z.array(scopeEnergySchema),
    probes: z.array(z.object({ source: z.string(), available: z.boolean(), reason: z.string() })),
    chosen: z.array(z.string()),
    load: z.array(energySourceRecordSchema),
    load_scopes: z.array(scopeEnergySchema).describe('Load-phase energy per scope (no baseline adjustment)'),
  })
  .meta({ id: 'EnergyBlock' });

/** File names relative to the run folder, and the folder's absolute path when written. */
export const filesRecordSchema = z
  .object({
    dir: z.string(),
    result: z.string(),
    timeseries: z.string().nullable(),
    requests: z.string().nullable(),
    log: z.string(),
  })
  .meta({ id: 'FilesRecord' });

const object = z.record(z.string(), z.unknown());

/** Fields every record has, whatever its status. */
export const recordCommonShape = {
  schema_version: z.number().int().describe('Version of the result.json layout'),
  llem_version: z.string(),
  experiment_id: z.string().describe('The first 16 hex digits of config_hash'),
  name: z.string(),
  config_hash: z.string().regex(/^[0-9a-f]{64}$/),
  study_hash: z.string().regex(/^[0-9a-f]{64}$/),
  cycle: z.number().int().min(1),
  started_at: z.string(),
  ended_at: z.string(),
  config: object.describe('The full effective config'),
  engine: z
    .looseObject({ name: z.string() })
    .describe('Engine name, version, device, capabilities, settings'),
  model: object,
  dataset: object,
  environment: object,
  timings: timingsRecordSchema,
  tokens: z.object({ input: num, output: num, requests_ok: num, requests_failed: num }),
  energy: energyBlockSchema,
  baseline: baselineRecordSchema.nullable(),
  warmup: warmupRecordSchema.nullable(),
  thermal_floor: thermalFloorRecordSchema.nullable(),
  validity: z.object({
    valid: z.boolean(),
    errors: num,
    warnings: num,
    checks: z.array(validityRecordSchema),
  }),
  warnings: z.array(warningSchema),
  files: filesRecordSchema,
};
