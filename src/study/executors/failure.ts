// Records the runner writes itself when the experiment could not: the child crashed, hung past
// `experiment_timeout_s`, was killed by a second interrupt, or threw before writing anything.
import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  emptyBody,
  failedRecord,
  interruptedRecord,
  type RecordIdentity,
  type ResultRecord,
  type RunError,
  type RunStatus,
} from '../../core/records.js';
import { pairPaths, RUN_FILES } from '../../store/layout.js';
import { readRecordFile, writeRecordFile } from '../../store/record-file.js';
import { llemVersion } from '../../version.js';
import type { RunJob } from './executor.js';

/** Log lines kept in a runner-written record. */
const LOG_TAIL_LINES = 12;

/** Why the runner, not the experiment, wrote the record. */
export type FailureReason = NonNullable<RunError['reason']>;

/** The error of a runner-written record: the usual fields plus the reason and the last log lines. */
export type RunnerError = Required<RunError>;

/** The last lines of the pair's `run.log` (empty when there is none). */
export async function logTail(pairDir: string, n = LOG_TAIL_LINES): Promise<string[]> {
  const text = await readFile(pairPaths(pairDir).log, 'utf8').catch(() => '');
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
  appendFileSync(pairPaths(pairDir).log, lines.map((l) => `${stamp} ${l}\n`).join(''));
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
  const path = pairPaths(job.pairDir).result;
  const existing = await readRecordFile(path);
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
  const id: RecordIdentity = {
    llemVersion: llemVersion(),
    config: job.config,
    configHash: job.configHash,
    studyHash: job.measure.studyHash,
    cycle: job.measure.cycle,
    startedAt: o.startedAt,
    endedAt: new Date().toISOString(),
    files: {
      dir: job.pairDir,
      result: RUN_FILES.result,
      timeseries: null,
      requests: null,
      log: RUN_FILES.log,
    },
  };
  const body = emptyBody({ name: job.config.engine });
  const record =
    o.status === 'failed' ? failedRecord(id, error, body) : interruptedRecord(id, error, body, null);
  await writeRecordFile(path, record);
  return record;
}
