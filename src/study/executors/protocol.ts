// The typed IPC protocol between the study runner and an experiment child process.
import type { ResultRecord } from '../../core/records.js';
import type { ExperimentEvent } from '../../harness/events.js';
import type { RunJob } from './executor.js';

/** Parent → child: `prepare` (optional, during a gap) loads the harness and warms the engine's runtime; `start` runs the job. */
export type ParentMessage =
  | { type: 'prepare'; engine: string; config: RunJob['config'] }
  | { type: 'start'; job: RunJob };

/** Child → parent. */
export type ChildMessage =
  | { type: 'event'; event: ExperimentEvent }
  | { type: 'result'; record: ResultRecord }
  /** An error thrown before a record could be written (config or data error, store failure). */
  | { type: 'error'; error: { code: string; message: string } };

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
