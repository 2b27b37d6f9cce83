// Records the runner writes itself when the experiment could not: the child crashed, hung past
// `experiment_timeout_s`, was killed by a second interrupt, or threw before writing anything.
import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RESULT_SCHEMA_VERSION, type ResultRecord, type RunStatus } from '../../core/records.js';
import { writeJsonAtomic } from '../../store/atomic.js';
import { llemVersion } from '../../version.js';
import { readRecord } from '../folder.js';
import type { RunJob } from './executor.js';

/** Log lines kept in a runner-written record. */
const LOG_TAIL_LINES = 12;

/** Why the runner, not the experiment, wrote the record. */
export type FailureReason = 'crash' | 'timeout' | 'killed' | 'interrupted' | 'error';

/** The error of a runner-written record: the usual fields plus the reason and the last log lines. */
export interface RunnerError {
  code: string;
  message: string;
  phase: string;
  reason: FailureReason;
  log_tail: string[];
}

/** The last lines of the pair's `run.log` (empty when there is none). */
export async function logTail(pairDir: string, n = LOG_TAIL_LINES): Promise<string[]> {
  const text = await readFile(join(pairDir, 'run.log'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n);
}

/** Appends lines to the pair's `run.log` (synchronously, so they survive a crash of the runner). */
export function appendLog(pairDir: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  mkdirSync(pairDir, { recursive: true });
  const stamp = new Date().toISOString();
  appendFileSync(join(pairDir, 'run.log'), lines.map((l) => `${stamp} ${l}\n`).join(''));
}

/**
 * Writes a `failed` or `interrupted` record into the pair's folder, atomically, unless the
 * experiment already wrote one there (then that record wins and is returned).
 */
export async function writeRunnerRecord(
  job: RunJob,
  o: {
    status: Exclude<RunStatus, 'ok'>;
    reason: FailureReason;
    code: string;
    message: string;
    phase: string;
    startedAt: string;
    extraLog?: string[];
  },
): Promise<ResultRecord> {
  const path = join(job.pairDir, 'result.json');
  const existing = await readRecord(path);
  if (existing && existing.cycle === job.measure.cycle && existing.study_hash === job.measure.studyHash)
    return existing;
  appendLog(job.pairDir, [`runner: ${o.status} (${o.reason}) in phase ${o.phase}: ${o.message}`]);
  const tail = [...(await logTail(job.pairDir)), ...(o.extraLog ?? []).slice(-LOG_TAIL_LINES)].slice(
    -LOG_TAIL_LINES,
  );
  const error: RunnerError = {
    code: o.code,
    message: o.message,
    phase: o.phase,
    reason: o.reason,
    log_tail: tail,
  };
  const c = job.config;
  const record: ResultRecord = {
    schema_version: RESULT_SCHEMA_VERSION,
    llem_version: llemVersion(),
    experiment_id: job.configHash.slice(0, 16),
    name: c.name ?? c.model,
    config_hash: job.configHash,
    study_hash: job.measure.studyHash,
    cycle: job.measure.cycle,
    status: o.status,
    error,
    started_at: o.startedAt,
    ended_at: new Date().toISOString(),
    config: JSON.parse(JSON.stringify(c)) as Record<string, unknown>,
    engine: { name: c.engine },
    model: {},
    dataset: {},
    environment: {},
    timings: { baseline_s: null, load_s: null, warmup_s: null, thermal_floor_s: null, window_s: null },
    tokens: { input: 0, output: 0, requests_ok: 0, requests_failed: 0 },
    energy: { sources: [], scopes: [], probes: [], chosen: [], load: [], load_scopes: [] },
    baseline: null,
    metrics: null,
    warmup: null,
    thermal_floor: null,
    validity: { valid: false, errors: 0, warnings: 0, checks: [] },
    warnings: [],
    files: { dir: job.pairDir, result: 'result.json', timeseries: null, requests: null, log: 'run.log' },
  };
  await writeJsonAtomic(path, record);
  return record;
}
