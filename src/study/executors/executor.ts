import type { ExperimentConfig } from '../../config/schema.js';
import type { ResultRecord } from '../../core/records.js';
import type { LlemWarning } from '../../core/warning.js';
import type { ExperimentEvent } from '../../harness/events.js';

/** Everything needed to measure one (experiment, cycle) pair, in any process (JSON-safe). */
export interface RunJob {
  config: ExperimentConfig;
  /** Identity and places, passed to `measureExperiment`. */
  measure: {
    resultsDir: string;
    cacheDir: string;
    baseDir: string;
    inputText: string;
    warnings: LlemWarning[];
    studyName: string;
    studyHash: string;
    runIndex: number;
    runSlug: string;
    cycle: number;
    /** False: write only the run folder, not the study's `study.yaml`/`environment.json` [true]. */
    studyFiles?: boolean;
    /** Baseline cache file [`<resultsDir>/.baseline-cache.json`]. */
    baselineCacheFile?: string;
  };
  /** The pair's folder (absolute), where the record goes even when the run dies. */
  pairDir: string;
  /** Config hash of the experiment (for records written by the runner). */
  configHash: string;
  /** `execution.experiment_timeout_s`: the run fails with reason `timeout` after this many seconds. */
  timeoutS: number;
  /** Environment of the run. */
  env: Record<string, string | undefined>;
}

/** Callbacks and stop signals for one run. */
export interface RunHooks {
  /** Stop cleanly: the run ends with an `interrupted` record. */
  signal?: AbortSignal;
  /** Stop now: kill the run's process group (process isolation); the runner writes the `interrupted` record. */
  killSignal?: AbortSignal;
  /** The experiment's progress events. */
  onEvent?: (event: ExperimentEvent) => void;
  /** The id of the process running the experiment, once started. */
  onPid?: (pid: number) => void;
}

/** Runs pairs one at a time; interchangeable implementations for `isolation: process | shared`. */
export interface Executor {
  readonly isolation: 'process' | 'shared';
  /**
   * Measures one pair and resolves with its persisted record (`ok`, `failed` or `interrupted`);
   * crashes, hangs and errors become `failed` records written in the pair's folder, never throws
   * for a failed run.
   */
  run(job: RunJob, hooks: RunHooks): Promise<ResultRecord>;
  /** Gets ready for `job` while the runner waits out a gap (e.g. starts its process); `run(job)` uses it. */
  prepare?(job: RunJob): void;
  /** Releases what the executor holds (a loaded model). */
  close(): Promise<void>;
}
