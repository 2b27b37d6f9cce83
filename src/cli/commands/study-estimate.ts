import { dirname } from 'node:path';
import type { ExperimentConfig } from '../../config/schema.js';
import { systemClock } from '../../core/clock.js';
import type { Engine, ModelInfo } from '../../engines/engine.js';
import { type DurationEstimate, estimateDuration } from '../../harness/duration-estimate.js';
import { estimateMemory, type MemoryEstimate } from '../../harness/memory-estimate.js';
import { defaultCacheDir } from '../../models/resolve.js';
import { createEngine, engineImplemented } from '../../registry.js';
import type { ExpandedStudy, PlannedRun } from '../../study/types.js';
import type { CliIo } from '../io.js';

/** Duration and memory forecasts for a study's `--dry-run` (per experiment, and for the whole plan). */

/** One experiment's forecast. */
export interface ExperimentEstimate {
  /** `StudyExperiment.index`. */
  index: number;
  /** Weights + KV cache + overhead for its batch and context; null when the model cannot be inspected. */
  memory: MemoryEstimate | null;
  /** One run of it (baseline counted in full). */
  duration: DurationEstimate;
  /** Why an estimate is missing or rough. */
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

/** Reads each distinct model once per engine (`engine.inspect`, as `--dry-run` does for one experiment). */
async function modelInfos(study: ExpandedStudy, io: CliIo): Promise<Map<string, ModelInfo | string>> {
  const cacheDir = defaultCacheDir(io.env);
  const baseDir = study.file === undefined ? io.cwd : dirname(study.file);
  const engines = new Map<string, Engine>();
  const out = new Map<string, ModelInfo | string>();
  for (const { config } of study.experiments) {
    const key = `${config.engine}\u0000${config.model}`;
    if (out.has(key)) continue;
    if (!engineImplemented(config.engine)) {
      out.set(key, `engine ${config.engine} validates but is not implemented in this release`);
      continue;
    }
    let engine = engines.get(config.engine);
    if (engine === undefined) {
      engine = await createEngine(config.engine);
      engines.set(config.engine, engine);
    }
    try {
      const info = await engine.inspect?.(config, { clock: systemClock, cacheDir, baseDir, log: () => {} });
      out.set(key, info ?? 'the engine cannot read the model before loading it');
    } catch (e) {
      out.set(key, `model not inspected: ${(e as Error).message}`);
    }
  }
  return out;
}

function memoryOf(config: ExperimentConfig, model: ModelInfo): MemoryEstimate {
  const l = config.llamacpp;
  return estimateMemory(model, {
    sequences: l?.sequences ?? 1,
    contextSize: l?.context_size ?? config.max_input_tokens + config.max_output_tokens + 8,
    kvCacheType: l?.kv_cache_type ?? 'f16',
    ...((l?.ubatch_size ?? l?.batch_size) ? { ubatchSize: (l?.ubatch_size ?? l?.batch_size)! } : {}),
    ...(l?.flash_attention === undefined ? {} : { flashAttention: l.flash_attention }),
  });
}

/** Forecasts every experiment (memory, one run) and the whole plan (runs × cycles + gaps). */
export async function estimateStudy(
  study: ExpandedStudy,
  runs: readonly PlannedRun[],
  io: CliIo,
): Promise<StudyEstimate> {
  const models = await modelInfos(study, io);
  // Forecasts of a large sweep repeat the same notes and assumptions word for word: keep one copy
  // of each text (100,000 experiments otherwise hold ~100 MB of equal strings).
  const texts = new Map<string, string>();
  const intern = (list: string[]) => {
    for (let i = 0; i < list.length; i++) {
      const t = list[i]!;
      const kept = texts.get(t);
      if (kept === undefined) texts.set(t, t);
      else list[i] = kept;
    }
  };
  const experiments = study.experiments.map((e): ExperimentEstimate => {
    const found = models.get(`${e.config.engine}\u0000${e.config.model}`);
    const model = typeof found === 'object' ? found : undefined;
    const onGpu = e.config.llamacpp?.gpu_layers !== undefined && e.config.llamacpp.gpu_layers !== 0;
    const estimate: ExperimentEstimate = {
      index: e.index,
      memory: model === undefined ? null : memoryOf(e.config, model),
      duration: estimateDuration(e.config, model, onGpu),
    };
    if (estimate.memory !== null) intern(estimate.memory.notes);
    intern(estimate.duration.assumptions);
    if (typeof found === 'string') estimate.note = found;
    return estimate;
  });
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
