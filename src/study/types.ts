import type { ExperimentConfig } from '../config/schema.js';
import type { ResolvedExecution, SlurmSettings, STUDY_ORDERS } from '../config/study-schema.js';
import type { ConfigIssue } from '../core/errors.js';
import type { RunStatus } from '../core/records.js';
import type { LlemWarning } from '../core/warning.js';

/** Orders a study's (experiment, cycle) pairs can run in (SPEC §2.2). */
export type StudyOrder = (typeof STUDY_ORDERS)[number];

/**
 * The `execution:` block of a study, resolved (defaults applied); derived from the schema.
 * `slurm` is null or absent when not given.
 */
export type ExecutionConfig = Omit<ResolvedExecution, 'slurm'> & { slurm?: SlurmSettings | null };

/** One unique experiment of a study, after expansion, rules and normalisation. */
export interface StudyExperiment {
  /** 1-based position in the expanded (unique) list: sweep points first, then explicit entries. */
  index: number;
  config: ExperimentConfig;
  /** SHA-256 of the canonical JSON of `config` (without `results_dir`). */
  config_hash: string;
  /** Readable folder name part, e.g. `small-q4_0-seq4`. */
  slug: string;
  /** Which sweep axes / explicit entry produced it, for the report (dotted path → value). */
  factors: Record<string, unknown>;
  /** Other generated points that normalised to this same config (dormant fields), as factors. */
  equivalents: Record<string, unknown>[];
  /** Rule warnings for this experiment. */
  warnings: LlemWarning[];
}

/** A generated point that was not run, and why. */
export interface SkippedPoint {
  factors: Record<string, unknown>;
  reasons: ConfigIssue[];
}

/** A study after expansion: what `llem run --dry-run` shows and what the runner executes. */
export interface ExpandedStudy {
  name: string;
  /** SHA-256 of the canonical JSON of the unique experiment configs, in expansion order. */
  study_hash: string;
  experiments: StudyExperiment[];
  skipped: SkippedPoint[];
  execution: ExecutionConfig;
  /** Absolute path of the study file, when there was one. */
  file?: string;
  /** The study file's text, as given (copied to `study.yaml`). */
  input_text: string;
  /** The `base:` file the study builds on (its absolute path and text), when there is one. */
  base?: { file: string; text: string };
  warnings: LlemWarning[];
}

/** One (experiment, cycle) pair in run order. */
export interface PlannedRun {
  /** 0-based position in the run order. */
  position: number;
  /** `StudyExperiment.index`. */
  experiment: number;
  /** 1-based cycle. */
  cycle: number;
}

/** State of one planned run in `manifest.json`. */
export interface ManifestEntry extends PlannedRun {
  status: 'pending' | 'running' | RunStatus;
  /** Result folder relative to the study folder, once started. */
  dir: string | null;
  attempts: number;
  started_at: string | null;
  ended_at: string | null;
  error: string | null;
}
