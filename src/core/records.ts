// The result record (SPEC §7): a union of states, `ok | failed | interrupted`, defined once as a
// zod schema. Types are inferred from it, one constructor per state builds every record (the
// harness's and the study runner's alike), and `recordJsonSchema()` publishes it.
import { z } from 'zod';
import { LlemError } from './errors.js';
import * as parts from './record-parts.js';

/** Version of the `result.json` layout; bumped on any incompatible change. */
export const RESULT_SCHEMA_VERSION = 1;

/** The `$id` of the record JSON Schema. */
export const RECORD_SCHEMA_ID = 'urn:llenergymeasure:schema:result';

/** A measured run: the window ran to its end. */
export const okRecordSchema = z.object({
  ...parts.recordCommonShape,
  status: z.literal('ok'),
  error: z.null(),
  metrics: parts.metricsRecordSchema,
});

/** A run that failed (in the experiment, or the runner saw its process crash, hang or die). */
export const failedRecordSchema = z.object({
  ...parts.recordCommonShape,
  status: z.literal('failed'),
  error: parts.runErrorSchema,
  metrics: parts.metricsRecordSchema
    .nullable()
    .describe(
      'Figures of a window that finished before the failure (a timeout after it, say); null otherwise',
    ),
});

/** A run stopped by an interrupt; metrics when the window had started (its figures are partial). */
export const interruptedRecordSchema = z.object({
  ...parts.recordCommonShape,
  status: z.literal('interrupted'),
  error: parts.runErrorSchema.nullable(),
  metrics: parts.metricsRecordSchema.nullable(),
});

/** Everything `result.json` holds for one (experiment, cycle): one of three states, told apart by `status`. */
export const resultRecordSchema = z.discriminatedUnion('status', [
  okRecordSchema,
  failedRecordSchema,
  interruptedRecordSchema,
]);

/** Everything `result.json` holds for one (experiment, cycle). */
export type ResultRecord = z.infer<typeof resultRecordSchema>;
/** A record of a run whose window ran to its end. */
export type OkRecord = z.infer<typeof okRecordSchema>;
/** A record of a failed run. */
export type FailedRecord = z.infer<typeof failedRecordSchema>;
/** A record of an interrupted run. */
export type InterruptedRecord = z.infer<typeof interruptedRecordSchema>;
/** Lifecycle of one measured (experiment, cycle) pair. */
export type RunStatus = ResultRecord['status'];
/** Why a run did not finish. */
export type RunError = z.infer<typeof parts.runErrorSchema>;
/** The named terms of a figure's uncertainty (SPEC §4); the figure's `uncertainty_j` is `combined_j`. */
export type UncertaintyRecord = z.infer<typeof parts.uncertaintyRecordSchema>;
/** Energy of one device within one source reading, as persisted. */
export type DeviceEnergyRecord = z.infer<typeof parts.deviceEnergyRecordSchema>;
/** One energy source's figures for an interval, as persisted. */
export type EnergySourceRecord = z.infer<typeof parts.energySourceRecordSchema>;
/** Who used the CPU over an interval; fractions are of all online CPU time (0–1). */
export type CpuShareRecord = z.infer<typeof parts.cpuShareRecordSchema>;
/** Energy totals of one scope (never mixed across scopes). */
export type ScopeEnergy = z.infer<typeof parts.scopeEnergySchema>;
/** Latency distribution, milliseconds. */
export type LatencyRecord = z.infer<typeof parts.latencyRecordSchema>;
/** The arrival schedule of a window, planned against achieved. */
export type ScheduleRecord = z.infer<typeof parts.scheduleRecordSchema>;
/** Requests meeting the service-level objectives, and what they cost. */
export type GoodputRecord = z.infer<typeof parts.goodputRecordSchema>;
/** A recorded validity check (SPEC §5). */
export type ValidityRecord = z.infer<typeof parts.validityRecordSchema>;
/** The headline metrics of one run (SPEC §5). */
export type MetricsRecord = z.infer<typeof parts.metricsRecordSchema>;
/** What the warmup phase did. */
export type WarmupRecord = z.infer<typeof parts.warmupRecordSchema>;
/** Whether device temperatures had levelled off by the end of the warm phase. */
export type ThermalPlateauRecord = z.infer<typeof parts.thermalPlateauSchema>;
/** What the thermal-floor phase did (and the plateau judged at its end). */
export type ThermalFloorRecord = z.infer<typeof parts.thermalFloorRecordSchema>;
/** Idle power per energy scope, as measured or reused for one run. */
export type BaselineRecord = z.infer<typeof parts.baselineRecordSchema>;
/** What a `validated` baseline's spot check found. */
export type BaselineValidationRecord = z.infer<typeof parts.baselineValidationSchema>;

type Common = z.infer<z.ZodObject<typeof parts.recordCommonShape>>;

/** Which run a record is about: the same for every state. */
export interface RecordIdentity {
  llemVersion: string;
  /** The effective config (copied into the record as JSON). */
  config: { model: string; name?: string | undefined };
  configHash: string;
  studyHash: string;
  cycle: number;
  startedAt: string;
  endedAt: string;
  files: Common['files'];
}

/** What a run measured (everything but identity, status, error and metrics). */
export type RecordBody = Omit<
  Common,
  | 'schema_version'
  | 'llem_version'
  | 'experiment_id'
  | 'name'
  | 'config_hash'
  | 'study_hash'
  | 'cycle'
  | 'started_at'
  | 'ended_at'
  | 'config'
  | 'files'
>;

/** The body of a run that measured nothing: the engine's name and empty figures. */
export function emptyBody(engine: RecordBody['engine']): RecordBody {
  return {
    engine,
    model: {},
    dataset: {},
    environment: {},
    timings: { baseline_s: null, load_s: null, warmup_s: null, thermal_floor_s: null, window_s: null },
    tokens: { input: 0, output: 0, requests_ok: 0, requests_failed: 0 },
    energy: { sources: [], scopes: [], probes: [], chosen: [], load: [], load_scopes: [] },
    baseline: null,
    warmup: null,
    thermal_floor: null,
    validity: { valid: false, errors: 0, warnings: 0, checks: [] },
    warnings: [],
  };
}

function assemble<S extends RunStatus, E, M>(
  id: RecordIdentity,
  status: S,
  error: E,
  body: RecordBody,
  metrics: M,
) {
  return {
    schema_version: RESULT_SCHEMA_VERSION,
    llem_version: id.llemVersion,
    experiment_id: id.configHash.slice(0, 16),
    name: id.config.name ?? id.config.model,
    config_hash: id.configHash,
    study_hash: id.studyHash,
    cycle: id.cycle,
    status,
    error,
    started_at: id.startedAt,
    ended_at: id.endedAt,
    config: JSON.parse(JSON.stringify(id.config)) as Record<string, unknown>,
    engine: body.engine,
    model: body.model,
    dataset: body.dataset,
    environment: body.environment,
    timings: body.timings,
    tokens: body.tokens,
    energy: body.energy,
    baseline: body.baseline,
    metrics,
    warmup: body.warmup,
    thermal_floor: body.thermal_floor,
    // Only a finished window can be valid.
    validity: status === 'ok' ? body.validity : { ...body.validity, valid: false },
    warnings: body.warnings,
    files: id.files,
  };
}

/** The record of a run whose window ran to its end. */
export function okRecord(id: RecordIdentity, body: RecordBody, metrics: MetricsRecord): OkRecord {
  return assemble(id, 'ok', null, body, metrics);
}

/** The record of a failed run (nothing measured, or what was measured before the failure). */
export function failedRecord(
  id: RecordIdentity,
  error: RunError,
  body: RecordBody,
  metrics: MetricsRecord | null = null,
): FailedRecord {
  return assemble(id, 'failed', error, body, metrics);
}

/** `record` turned `failed` with `error` (the runner's verdict on a record the experiment wrote): never valid. */
export function toFailed(record: ResultRecord, error: RunError): FailedRecord {
  return { ...record, status: 'failed', error, validity: { ...record.validity, valid: false } };
}

/** The record of an interrupted run; `metrics` when the window had started. */
export function interruptedRecord(
  id: RecordIdentity,
  error: RunError | null,
  body: RecordBody,
  metrics: MetricsRecord | null,
): InterruptedRecord {
  return assemble(id, 'interrupted', error, body, metrics);
}

/**
 * Checks a record against the schema; throws `ERR_INTERNAL` listing every issue (path and
 * message) when it does not conform: llem wrote something its own schema does not allow.
 */
export function validateRecord(record: unknown): ResultRecord {
  const parsed = resultRecordSchema.safeParse(record);
  // zod drops keys its objects do not name; the shipped JSON Schema forbids them, so they are issues here too.
  const issues = parsed.success
    ? unknownKeys(record, parsed.data, []).map((p) => `${p}: not in the record schema`)
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  if (parsed.success && issues.length === 0) return parsed.data;
  throw new LlemError(
    'ERR_INTERNAL',
    `the result record does not match its schema:\n  ${issues.join('\n  ')}`,
    {
      details: { issues },
    },
  );
}

/** Paths of keys in `input` that the parsed value (which keeps only known keys) does not have. */
function unknownKeys(input: unknown, parsed: unknown, path: string[]): string[] {
  if (typeof input !== 'object' || input === null || typeof parsed !== 'object' || parsed === null) return [];
  if (Array.isArray(input)) {
    if (!Array.isArray(parsed)) return [];
    return input.flatMap((x, i) => unknownKeys(x, parsed[i], [...path, String(i)]));
  }
  const known = parsed as Record<string, unknown>;
  const out: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if (!(k in known)) out.push([...path, k].join('.'));
    // Free-form maps (z.record) keep every key, so the walk finds nothing there.
    else out.push(...unknownKeys(v, known[k], [...path, k]));
  }
  return out;
}

/** JSON Schema (draft 2020-12) of `result.json`, generated from `resultRecordSchema`. */
export function recordJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(resultRecordSchema, { target: 'draft-2020-12', io: 'output' }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: RECORD_SCHEMA_ID,
    title: 'llem result record (result.json)',
    description:
      'One (experiment, cycle) of a study: status ok | failed | interrupted, identity and hashes, the effective config, environment, energy per source and scope with uncertainty, metrics, validity checks and warnings',
    ...rest,
  };
}
