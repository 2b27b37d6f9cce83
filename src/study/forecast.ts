import type { MemoryEstimate } from '../engines/engine.js';
import type { DurationEstimate } from '../harness/duration-estimate.js';
import type { ExpandedStudy, PlannedRun } from './types.js';

/** Duration and memory forecasts of a whole study (pure: per-experiment forecasts × the run plan + gaps). */

/** One experiment's forecast. */
export interface ExperimentEstimate {
  /** `StudyExperiment.index`. */
  index: number;
  /** Weights + KV cache + overhead for its batch and context; null when the engine cannot tell before loading. */
  memory: MemoryEstimate | null;
  /** One run of it (baseline counted in full). */
  duration: DurationEstimate;
  /** Why an estimate is missing or rough (`no forecast for engine X`, a model that could not be read). */
  note?: string;
}

/** The forecast of a whole study, seconds. */
export interface StudyEstimate {
  experiments: ExperimentEstimate[];
  /** All planned runs, baseline counted as the strategy implies. */
  runs_s: number;
  /** Pauses: `experiment_gap_s` between runs of a cycle, `cycle_gap_s` between cycles. */
  gaps_s: number;
  experiment_gaps: number;
  cycle_gaps: number;
  /** The part of `runs_s` that is thermal-floor waits (skipped where no source reports a temperature). */
  thermal_floor_s: number;
  total_s: number;
  assumptions: string[];
}

/** Sums per-experiment forecasts over the planned runs (runs × cycles, baselines as their strategy implies) and the gaps. */
export function forecastStudy(
  study: ExpandedStudy,
  runs: readonly PlannedRun[],
  experiments: ExperimentEstimate[],
): StudyEstimate {
  const byIndex = new Map(experiments.map((e) => [e.index, e]));
  const byConfig = new Map(study.experiments.map((e) => [e.index, e.config]));
  let runsS = 0;
  let floorS = 0;
  let baselineDone = false;
  let experimentGaps = 0;
  let cycleGaps = 0;
  let previous: PlannedRun | undefined;
  for (const run of runs) {
    const d = byIndex.get(run.experiment)!.duration;
    const baseline = byConfig.get(run.experiment)!.measurement.baseline;
    // A cached or validated baseline is measured once and reused; a fresh one runs every time.
    const withBaseline = baseline.strategy === 'fresh' || !baselineDone;
    runsS += d.total_s - (withBaseline ? 0 : d.baseline_s);
    floorS += d.thermal_floor_max_s;
    if (baseline.enabled) baselineDone = true;
    if (previous !== undefined) {
      if (previous.cycle !== run.cycle) cycleGaps++;
      else experimentGaps++;
    }
    previous = run;
  }
  const gapsS = experimentGaps * study.execution.experiment_gap_s + cycleGaps * study.execution.cycle_gap_s;
  const assumptions = [
    ...new Set(experiments.flatMap((e) => e.duration.assumptions)),
    'a cached or validated baseline is counted once for the study; a fresh one for every run',
  ];
  if (study.execution.cooldown !== null && study.execution.cooldown !== undefined) {
    assumptions.push('gaps counted in full; a cool-down can end them early');
  }
  return {
    experiments,
    runs_s: runsS,
    gaps_s: gapsS,
    experiment_gaps: experimentGaps,
    cycle_gaps: cycleGaps,
    thermal_floor_s: floorS,
    total_s: runsS + gapsS,
    assumptions,
  };
}
