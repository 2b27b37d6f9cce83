import type { ResultRecord } from '../core/records.js';
import type { LlemWarning } from '../core/warning.js';

/** Phases of one experiment, in order (SPEC §5). */
export type Phase =
  | 'preflight'
  | 'environment'
  | 'baseline'
  | 'load'
  | 'warmup'
  | 'thermal_floor'
  | 'window'
  | 'record'
  | 'done';

/** Progress events emitted while an experiment runs; `type` discriminates. */
export type ExperimentEvent =
  | { type: 'phase'; phase: Phase; detail?: string; atMs: number }
  | { type: 'requests'; phase: 'warmup' | 'window'; done: number; total: number }
  | { type: 'power'; watts: number; source: string }
  | { type: 'warning'; warning: LlemWarning }
  | { type: 'log'; line: string }
  | { type: 'result'; record: ResultRecord };

/** Receives progress events; must not throw. */
export type EventSink = (event: ExperimentEvent) => void;
