// What a report is made of: the study's records and design, its environment and the runs'
// telemetry, already read from disk (so rendering stays pure and a notebook can build one itself).
import type { AnalyseOptions, Analysis } from '../analysis/analyse.js';
import type { ExperimentFactors } from '../analysis/factors.js';
import type { ResultRecord } from '../core/records.js';

/** One telemetry point of a run (averaged over a bucket when downsampled); `t_s` from the window start. */
export interface TimeseriesPoint {
  t_s: number;
  device: string;
  power_w: number | null;
  temperature_c: number | null;
  sm_clock_mhz: number | null;
}

/** One run's telemetry as the report draws it. */
export interface RunTimeseries {
  config_hash: string;
  label: string;
  cycle: number;
  /** Samples in the run's `timeseries.parquet` (before downsampling). */
  samples: number;
  points: TimeseriesPoint[];
}

/** One configuration of the study, as planned. */
export interface ReportExperiment extends ExperimentFactors {
  /** Position in the study (1-based). */
  index: number;
  /** Cycles planned for it. */
  cycles: number;
}

/** Everything `renderReport` needs. */
export interface ReportInput {
  study: {
    name: string;
    study_hash: string;
    /** When the study was planned (ISO 8601), if known. */
    created_at?: string | null;
    /** The study folder, shown in the report. */
    dir?: string | null;
    /** The study's execution settings (`plan.json`'s `execution`). */
    execution?: Record<string, unknown> | null;
  };
  experiments: ReportExperiment[];
  records: ResultRecord[];
  /** `environment.json` of the study, if any. */
  environment?: Record<string, unknown> | null;
  /**
   * Telemetry of the runs to draw (possibly a subset); `omitted` counts the runs not drawn;
   * `unreadable` lists files that could not be read, with the reason (shown in the report).
   */
  timeseries?: { runs: RunTimeseries[]; omitted: number; unreadable?: string[] } | null;
}

/** Options of `renderReport`. */
export interface RenderReportOptions
  extends Pick<AnalyseOptions, 'reference' | 'confidence' | 'resamples' | 'seed'> {
  /** Time stamp printed in the report (ISO 8601); default now. Fixed in tests for reproducible output. */
  generatedAt?: string;
}

/** The rendered report. */
export interface RenderedReport {
  /** `report.html`: one self-contained file (inline SVG, inline CSS, no scripts, no network). */
  html: string;
  /** `report.md`: the same answer as text and tables. */
  markdown: string;
  /** The analysis the report shows. */
  analysis: Analysis;
  /** Number of charts in the HTML. */
  charts: number;
}
