// The parts of a result record (SPEC §7) about the run's phases, as zod schemas: phase timings,
// warmup, the thermal floor and the idle baseline, and the CPU-share block the baseline and the
// energy sources both carry. Split from `record-parts.ts`, which re-exports them.
import { z } from 'zod';

const num = z.number();
const nullableNum = num.nullable();

/** Who used the CPU over an interval; fractions are of all online CPU time (0–1). */
export const cpuShareRecordSchema = z
  .object({
    own_fraction: num.describe("llem's process tree (this process and every descendant)"),
    machine_fraction: num.describe('Busy time of the whole machine (steal excluded)'),
    other_fraction: num.describe('machine − own, at least 0: other processes and the kernel'),
    own_cpu_s: num,
    machine_cpu_s: num,
    capacity_cpu_s: num.describe('Online CPUs × elapsed time, CPU seconds'),
    online_cpus: num,
    processes: num.describe("Processes in llem's tree at the end of the interval"),
  })
  .meta({ id: 'CpuShareRecord' });

/** Seconds each phase took; null when it did not run. */
export const timingsRecordSchema = z
  .object({
    baseline_s: nullableNum,
    load_s: nullableNum,
    warmup_s: nullableNum,
    thermal_floor_s: nullableNum,
    window_s: nullableNum,
  })
  .meta({ id: 'TimingsRecord' });

/** What the warmup phase did. */
export const warmupRecordSchema = z
  .object({
    mode: z.enum(['disabled', 'fixed', 'convergence']),
    requests: num.describe(
      'Requests that finished (requests cut short when convergence was reached are not counted)',
    ),
    concurrency: num.describe('Requests kept in flight, as in the window'),
    duration_s: num,
    converged: z.boolean().nullable(),
    final_cv: nullableNum.describe('Rolling CV of per_token_latencies_ms at the end'),
    metric: z.literal('per_output_token_latency_ms').describe('What convergence is judged on'),
    per_token_latencies_ms: z.array(num).describe('Per-request time per output token, in completion order'),
  })
  .meta({ id: 'WarmupRecord' });

/** Whether device temperatures had levelled off by the end of the warm phase. */
export const thermalPlateauSchema = z
  .object({
    reached: z
      .boolean()
      .nullable()
      .describe('Every device rose ≤ threshold_c over the span; null: not judged'),
    span_s: num.describe('Seconds of warm-phase samples judged'),
    rise_c: nullableNum.describe(
      "Largest rise over devices: mean of the span's last third − its first third, °C",
    ),
    threshold_c: num,
    device: z.string().nullable().describe('The device with the largest rise'),
    end_temperature_c: nullableNum,
    detail: z.string(),
  })
  .meta({ id: 'ThermalPlateau' });

/** What the thermal-floor phase did. */
export const thermalFloorRecordSchema = z
  .object({
    configured_s: num,
    applied: z.boolean(),
    extra_s: num.describe('Seconds of extra load run to reach the floor'),
    concurrency: num.describe("Requests kept in flight while holding the floor (the window's concurrency)"),
    requests: num.describe('Requests that finished while holding the floor'),
    reason: z.string(),
    plateau: thermalPlateauSchema.nullable().exactOptional(),
  })
  .meta({ id: 'ThermalFloorRecord' });

const byScope = z.record(z.string(), num);

/** What a `validated` baseline's spot check found. */
export const baselineValidationSchema = z
  .object({
    outcome: z
      .enum(['kept', 'remeasured'])
      .describe('kept: the cached idle power held; remeasured: it drifted'),
    spot_duration_s: num,
    spot_power_w: byScope,
    cached_power_w: byScope,
    drift: num.describe('Largest relative difference over scopes, |spot − cached| / cached'),
    drift_threshold: num,
    validation_interval: num,
  })
  .meta({ id: 'BaselineValidation' });

/** Idle power per energy scope, measured with the engine runtime up and no work. */
export const baselineRecordSchema = z
  .object({
    strategy: z.enum(['fresh', 'cached', 'validated']),
    power_w: byScope.describe('Idle watts by scope'),
    power_uncertainty_w: byScope.describe('Read-out uncertainty of the idle power by scope, watts'),
    power_drift_w: byScope.describe(
      'How far idle power moved within the baseline by scope (|second half − first half|), watts; absent: not measurable',
    ),
    source_power_w: byScope.describe("Idle watts of each source's own reading, keyed source:scope"),
    cpu_share: cpuShareRecordSchema.nullable().describe('Who used the CPU while idle power was measured'),
    duration_s: num,
    measured_at: z.string().describe('Wall time the measurement was taken, ISO 8601'),
    from_cache: z.boolean(),
    cache_key: z.string(),
    age_s: num.describe('Seconds since the measurement, at use'),
    cache_ttl_s: num,
    action: z.string().describe('What happened and why, in words'),
    uses_since_validation: nullableNum,
    validation: baselineValidationSchema.nullable(),
  })
  .meta({ id: 'BaselineRecord' });
