// The typed IPC protocol between the study runner and an experiment child process. Both sides
// validate what they receive at runtime (zod), so a malformed or foreign message is named as a
// protocol error instead of being half-read. The child reports its phase here: the runner never
// reads it back from run.log, which stays a log for people.
import { z } from 'zod';
import type { ResultRecord } from '../../core/records.js';
import type { ExperimentEvent, Phase } from '../../harness/events.js';
import type { RunJob } from './executor.js';

/** Parent → child: `prepare` (optional, outside measurement windows) warms the child for `job`; `start` runs the job. */
export type ParentMessage = { type: 'prepare'; job: RunJob } | { type: 'start'; job: RunJob };

/** Child → parent. */
export type ChildMessage =
  /** The child entered a phase of the experiment (sent before the phase's work starts). */
  | { type: 'phase'; phase: Phase; at_ms: number; detail?: string }
  /** `prepare` finished: the harness is loaded and the engine's runtime started. */
  | { type: 'ready'; prepare_s: number }
  | { type: 'event'; event: ExperimentEvent }
  | { type: 'result'; record: ResultRecord }
  /** An error thrown before a record could be written (config or data error, store failure). */
  | { type: 'error'; error: { code: string; message: string } };

/** The phases of `Phase`, for validation (the type is the source; this list must match it). */
const PHASES = [
  'preflight',
  'environment',
  'baseline',
  'load',
  'warmup',
  'thermal_floor',
  'window',
  'record',
  'done',
] as const satisfies readonly Phase[];

// Jobs and records are produced by llem itself on the other side; their envelopes are checked
// here, their bodies by the code that reads them (a record also goes through the store).
const job = z.object({
  config: z.looseObject({ engine: z.string() }),
  measure: z.looseObject({ runIndex: z.number(), cycle: z.number(), studyHash: z.string() }),
  pairDir: z.string(),
  configHash: z.string(),
  timeoutS: z.number(),
  env: z.record(z.string(), z.string().optional()),
});

const parentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('prepare'), job }),
  z.object({ type: z.literal('start'), job }),
]);

const childSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('phase'),
    phase: z.enum(PHASES),
    at_ms: z.number(),
    detail: z.string().optional(),
  }),
  z.object({ type: z.literal('ready'), prepare_s: z.number() }),
  z.object({ type: z.literal('event'), event: z.looseObject({ type: z.string() }) }),
  z.object({
    type: z.literal('result'),
    record: z.looseObject({ status: z.enum(['ok', 'failed', 'interrupted']), cycle: z.number() }),
  }),
  z.object({ type: z.literal('error'), error: z.object({ code: z.string(), message: z.string() }) }),
]);

/** A message that does not follow the protocol, and why. */
export interface ProtocolViolation {
  ok: false;
  /** What was wrong, in words (path: message). */
  reason: string;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');
}

/** Validates a message from a child. */
export function parseChildMessage(m: unknown): { ok: true; message: ChildMessage } | ProtocolViolation {
  const r = childSchema.safeParse(m);
  return r.success
    ? { ok: true, message: m as ChildMessage }
    : { ok: false, reason: `bad message from the experiment process: ${describe(r.error)}` };
}

/** Validates a message from the runner. */
export function parseParentMessage(m: unknown): { ok: true; message: ParentMessage } | ProtocolViolation {
  const r = parentSchema.safeParse(m);
  return r.success
    ? { ok: true, message: m as ParentMessage }
    : { ok: false, reason: `bad message from the study runner: ${describe(r.error)}` };
}

/**
 * Test hook: `LLEM_TEST_FAULT=abort@load#2,hang@window` makes experiment children `process.abort()`
 * (a native-style crash) or block forever (a hang) on entering a phase; `#n` limits the fault to
 * experiment index n. Parsed only by the child entry point; never set it outside tests.
 */
export interface Fault {
  kind: 'abort' | 'hang' | 'exit';
  phase: string;
  experiment?: number;
}

/** Parses `LLEM_TEST_FAULT`; malformed items are ignored. */
export function parseFaults(text: string | undefined): Fault[] {
  if (!text) return [];
  const out: Fault[] = [];
  for (const item of text.split(',')) {
    const m = /^\s*(abort|hang|exit)@([a-z_]+)(?:#(\d+))?\s*$/.exec(item);
    if (m)
      out.push({ kind: m[1] as Fault['kind'], phase: m[2]!, ...(m[3] ? { experiment: Number(m[3]) } : {}) });
  }
  return out;
}
