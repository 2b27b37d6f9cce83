import { excludingChecks } from '../analysis/aggregate.js';
import type { ResultRecord, RunStatus } from '../core/records.js';
import type { LlemWarning } from '../core/warning.js';
import type { ExperimentEvent } from '../harness/events.js';

/** How a study invocation ended (also `manifest.json`'s `status` once it stops). */
export type StudyStatus =
  | 'running'
  | 'completed'
  | 'completed_with_failures'
  | 'interrupted'
  | 'breaker_tripped'
  | 'timed_out';

/** Identity of the (experiment, cycle) pair an event is about. */
export interface RunRef {
  /** 0-based position in the plan. */
  position: number;
  /** `StudyExperiment.index`. */
  experiment: number;
  /** 1-based cycle. */
  cycle: number;
  /** The experiment's readable name. */
  slug: string;
  /** 1-based number of this run among the runs this invocation executes. */
  ordinal: number;
  /** Runs this invocation executes. */
  of: number;
}

/** Why the runner is pausing. */
export type WaitKind = 'experiment_gap' | 'cycle_gap' | 'breaker_cooldown';

/** Progress events of a study; `type` discriminates. */
export type StudyEvent =
  | {
      type: 'study_start';
      dir: string;
      name: string;
      studyHash: string;
      planned: number;
      done: number;
      todo: number;
      resumed: boolean;
    }
  | {
      type: 'submitted';
      /** The job array's id (Slurm executor). */
      jobId: string;
      tasks: number;
      /** What each task asked for, e.g. `gpu:2`; null for no generic resource. */
      gres: string | null;
      /** The batch script, relative to the study folder. */
      script: string;
    }
  | {
      type: 'adopted';
      /** Tasks of earlier submissions still queued or running, watched instead of resubmitted. */
      tasks: number;
    }
  | {
      /** Sent when the wait starts, then about once a second while it lasts. */
      type: 'lock_wait';
      lock: string;
      holderPid: number;
      /** Who holds the lock: pid, host (null from older versions), study folder, ISO time it was taken. */
      holder: { pid: number; host: string | null; study: string; since: string };
      /** Seconds waited so far. */
      waitedS: number;
    }
  | { type: 'lock_acquired'; locks: string[] }
  | { type: 'run_start'; run: RunRef; attempt: number; dir: string }
  | { type: 'experiment'; run: RunRef; event: ExperimentEvent }
  | {
      type: 'run_end';
      run: RunRef;
      status: RunStatus;
      /** Seconds from start to record. */
      durationS: number;
      error: { code: string; message: string; phase: string } | null;
      /** False for an `ok` run with a failed error-severity validity check (left out of the aggregates); null when not `ok`. */
      valid: boolean | null;
      /** `id: detail` of each failed error-severity check of an `ok` run. */
      invalid: string[];
      /** Headline figures of an `ok` run. */
      jPerOutputToken: number | null;
      outputTokensPerS: number | null;
      modelReused: boolean;
    }
  | { type: 'wait'; kind: WaitKind; seconds: number; cooldown: 'none' | 'skipped' | 'waiting' }
  | { type: 'wait_end'; kind: WaitKind; waitedS: number; endedBy: 'elapsed' | 'cool' | 'aborted' }
  | { type: 'breaker'; consecutiveFailures: number; action: 'probe' | 'trip' }
  | { type: 'warning'; warning: LlemWarning }
  | { type: 'study_end'; status: StudyStatus; reason: string | null; counts: StudyCounts };

/** How many planned pairs are in each state. */
export interface StudyCounts {
  planned: number;
  ok: number;
  failed: number;
  interrupted: number;
  /** Never run, or left `running` by a killed parent. */
  pending: number;
}

/** Receives study progress events; must not throw. */
export type StudyEventSink = (event: StudyEvent) => void;

/** The `run_end` event for a finished run's record. */
export function runEndEvent(run: RunRef, r: ResultRecord, durationS: number): StudyEvent {
  return {
    type: 'run_end',
    run,
    status: r.status,
    durationS,
    error: r.error ? { code: r.error.code, message: r.error.message, phase: r.error.phase } : null,
    valid: r.status === 'ok' ? excludingChecks(r).length === 0 : null,
    invalid: r.status === 'ok' ? excludingChecks(r).map((c) => `${c.id}: ${c.detail}`) : [],
    jPerOutputToken: r.metrics?.j_per_output_token ?? null,
    outputTokensPerS: r.metrics?.output_tokens_per_s ?? null,
    modelReused: r.engine.model_reused === true,
  };
}
