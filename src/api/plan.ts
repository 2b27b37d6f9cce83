import { dirname } from 'node:path';
import { experimentHash, experimentSlug } from '../config/identity.js';
import type { LoadedConfig } from '../config/load.js';
import type { ExperimentConfig } from '../config/schema.js';
import { systemClock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import type { LlemWarning } from '../core/warning.js';
import { loadDataset } from '../datasets/load.js';
import type { Engine, EngineContext, MemoryEstimate, ModelInfo } from '../engines/engine.js';
import { type DurationEstimate, estimateDuration } from '../harness/duration-estimate.js';
import { defaultCacheDir } from '../models/resolve.js';
import { createEngine, engineImplemented } from '../registry.js';
import { type ExpandStudyOptions, expandStudy } from '../study/expand.js';
import { type ExperimentEstimate, forecastStudy, type StudyEstimate } from '../study/forecast.js';
import { cyclesForBalance } from '../study/latin-square.js';
import { planRuns, studySeed } from '../study/plan.js';
import type {
  ExecutionConfig,
  ExpandedStudy,
  PlannedRun,
  SkippedPoint,
  StudyExperiment,
} from '../study/types.js';
import { forecastTemperature, type TemperatureForecast } from './temperature-forecast.js';

/**
 * Dry runs for library users and the CLI's `--dry-run` (SPEC §9): validate, expand, plan, and
 * forecast memory and duration without measuring anything. The engine-specific parts come from
 * `Engine.forecast`; an engine without one gets "no forecast for engine X", never another
 * engine's assumptions.
 */

/** Options of `estimateRun`, `planExperiment` and `planStudy`. */
export interface ForecastOptions {
  /** Cache of generated models and downloads; default `LLEM_CACHE_DIR` or `~/.cache/llem`. */
  cacheDir?: string;
  /** Folder relative model and dataset paths resolve against; default the study file's folder, else the working directory. */
  baseDir?: string;
  /** Environment (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Forecast with this engine instead of the built-in one named by `config.engine` (a custom engine). */
  engine?: Engine;
}

/** One configuration's forecast. */
export interface RunEstimate {
  /** Weights + KV cache + overhead, bytes; null when the engine cannot tell before loading. */
  memory: MemoryEstimate | null;
  /** One run, seconds per phase (baseline counted in full). */
  duration: DurationEstimate;
  /** Why a figure is missing or rough (`no forecast for engine X`, a model that could not be read). */
  notes: string[];
  /** How an out-of-process engine's worker would be started (argv, never a shell string), when it has one. */
  worker_argv?: string[];
}

/** The plan of one experiment, as `llem run --dry-run --json` prints it. */
export interface ExperimentPlan {
  runs: { index: number; name: string; config_hash: string; cycles: number }[];
  skipped: { reason: string }[];
  memory_estimate: MemoryEstimate | null;
  duration_estimate: DurationEstimate;
  /** Config warnings and the forecast's (`SHORT_WINDOW`). */
  warnings: LlemWarning[];
  /** Present when a figure is missing or rough. */
  notes?: string[];
  /** The argv that starts the engine's worker (Python engines, with their container runtime). */
  worker_argv?: string[];
  config: ExperimentConfig;
}

/** The plan of a study, as `llem run <study> --dry-run --json` prints it. */
export interface StudyPlan {
  study: { name: string; file: string | null; study_hash: string; seed: number };
  execution: ExecutionConfig;
  experiments: (StudyExperiment & {
    memory_estimate: MemoryEstimate | null;
    duration_estimate: DurationEstimate;
  })[];
  skipped: SkippedPoint[];
  runs: PlannedRun[];
  duration_estimate: Omit<StudyEstimate, 'experiments'>;
  /** Study-level config warnings (per-experiment ones are on each experiment). */
  warnings: LlemWarning[];
  /** Why forecasts are missing or rough, each once. */
  notes: string[];
  /** With `order: latin_square`: the cycle count that balances position and carryover (the plan balances fully at multiples of it). */
  balance_cycles: number | null;
}

/** Options of `planStudy`. */
export interface PlanStudyOptions extends ForecastOptions, ExpandStudyOptions {
  /** The run order to forecast; default `planRuns(study)`. */
  runs?: readonly PlannedRun[];
}

/** Creates each engine once and reads each (engine, model) once, so a large sweep inspects each model one time. */
class Forecaster {
  readonly #engines = new Map<string, Engine>();
  readonly #models = new Map<string, ModelInfo | string>();
  readonly #cacheDir: string;
  readonly #baseDir: string;
  readonly #given: Engine | undefined;
  readonly #env: Record<string, string | undefined>;
  readonly #temperature = new Map<string, TemperatureForecast | undefined>();

  constructor(o: ForecastOptions) {
    this.#env = o.env ?? process.env;
    this.#cacheDir = o.cacheDir ?? defaultCacheDir(o.env ?? process.env);
    this.#baseDir = o.baseDir ?? process.cwd();
    this.#given = o.engine;
  }

  /** Whether the run's energy sources report a temperature here (probed once per energy section). */
  async temperature(config: ExperimentConfig): Promise<TemperatureForecast | undefined> {
    const key = JSON.stringify(config.measurement.energy);
    if (!this.#temperature.has(key))
      this.#temperature.set(key, await forecastTemperature(config.measurement.energy, this.#env));
    return this.#temperature.get(key);
  }

  context(): EngineContext {
    return { clock: systemClock, cacheDir: this.#cacheDir, baseDir: this.#baseDir, log: () => {} };
  }

  async engine(config: ExperimentConfig): Promise<Engine | undefined> {
    if (this.#given !== undefined) return this.#given;
    if (!engineImplemented(config.engine)) return undefined;
    let engine = this.#engines.get(config.engine);
    if (engine === undefined) {
      engine = await createEngine(config.engine, this.#env);
      this.#engines.set(config.engine, engine);
    }
    return engine;
  }

  async #model(engine: Engine, config: ExperimentConfig): Promise<ModelInfo | string> {
    const key = `${config.engine}\u0000${config.model}`;
    let found = this.#models.get(key);
    if (found === undefined) {
      try {
        found =
          (await engine.inspect?.(config, this.context())) ??
          'the engine cannot read the model before loading it';
      } catch (e) {
        found = `model not inspected: ${(e as Error).message}`;
      }
      this.#models.set(key, found);
    }
    return found;
  }

  async estimate(config: ExperimentConfig): Promise<RunEstimate> {
    const engine = await this.engine(config);
    if (engine === undefined) {
      return {
        memory: null,
        duration: estimateDuration(config, null),
        notes: [`engine ${config.engine} validates but is not implemented in this release`],
      };
    }
    const found = await this.#model(engine, config);
    const model = typeof found === 'string' ? undefined : found;
    const notes = typeof found === 'string' ? [found] : [];
    const forecast = engine.forecast?.(config, model) ?? null;
    if (forecast === null) notes.push(`no forecast for engine ${config.engine}`);
    const argv = await engine.launchPlan?.(config, this.context());
    const temperature = await this.temperature(config);
    return {
      memory: forecast?.memory ?? null,
      duration: estimateDuration(config, forecast, temperature ? { temperature } : {}),
      notes,
      ...(argv ? { worker_argv: argv } : {}),
    };
  }
}

/**
 * Forecasts one configuration without loading anything: memory for its batch and context, and
 * the duration of one run per phase. Never throws for a model it cannot read (a note says why).
 */
export async function estimateRun(
  config: ExperimentConfig,
  options: ForecastOptions = {},
): Promise<RunEstimate> {
  return new Forecaster(options).estimate(config);
}

/**
 * The dry run of one loaded experiment: the same input checks as a real run's preflight (a JSONL
 * dataset must exist and parse; the engine's own checks, such as the model file), then the plan
 * and its forecast. Throws `ConfigError` for what the run would refuse; writes nothing.
 */
export async function planExperiment(
  loaded: LoadedConfig,
  options: ForecastOptions = {},
): Promise<ExperimentPlan> {
  const config = loaded.config;
  const env = options.env ?? process.env;
  const forecaster = new Forecaster({ ...options, baseDir: options.baseDir ?? loaded.baseDir });
  // `aienergyscore` is not downloaded for a dry run, and `synthetic` needs the loaded tokenizer.
  if (config.dataset.source !== 'synthetic' && config.dataset.source !== 'aienergyscore') {
    await loadDataset(config.dataset, config.dataset.n_prompts, config.random_seed, {
      baseDir: loaded.baseDir,
      cacheDir: forecaster.context().cacheDir,
      locate: (path) => loaded.locate(path),
      env,
    });
  }
  const engine = await forecaster.engine(config);
  const issues = (await engine?.preflight?.(config, forecaster.context())) ?? [];
  if (issues.length > 0) throw new ConfigError(issues.map((i) => ({ ...loaded.locate(i.path), ...i })));
  const estimate = await forecaster.estimate(config);
  return {
    runs: [{ index: 1, name: experimentSlug(config), config_hash: experimentHash(config), cycles: 1 }],
    skipped: [],
    memory_estimate: estimate.memory,
    duration_estimate: estimate.duration,
    warnings: [...loaded.warnings, ...estimate.duration.warnings],
    ...(estimate.notes.length > 0 ? { notes: estimate.notes } : {}),
    ...(estimate.worker_argv ? { worker_argv: estimate.worker_argv } : {}),
    config,
  };
}

/**
 * The dry run of a study (a file, a study object, or an already expanded study): its experiments
 * with their forecasts, skipped points and why, the run order, and the duration of the whole plan
 * (runs × cycles, baselines as their strategy implies, gaps). Throws `ConfigError` for an invalid
 * study; measures and writes nothing.
 */
export async function planStudy(
  input: ExpandedStudy | string | object,
  options: PlanStudyOptions = {},
): Promise<StudyPlan> {
  const study = isExpanded(input) ? input : await expandStudy(input, options);
  const runs = options.runs ?? planRuns(study);
  const baseDir = options.baseDir ?? (study.file === undefined ? options.cwd : dirname(study.file));
  const forecaster = new Forecaster({ ...options, ...(baseDir === undefined ? {} : { baseDir }) });
  const estimates: ExperimentEstimate[] = [];
  const notes = new Set<string>();
  // Forecasts of a large sweep repeat the same notes and assumptions word for word: keep one copy
  // of each text (100,000 experiments otherwise hold ~100 MB of equal strings).
  const texts = new Map<string, string>();
  const intern = (list: string[] | undefined) => {
    for (let i = 0; list !== undefined && i < list.length; i++) {
      const kept = texts.get(list[i]!);
      if (kept === undefined) texts.set(list[i]!, list[i]!);
      else list[i] = kept;
    }
  };
  for (const e of study.experiments) {
    const x = await forecaster.estimate(e.config);
    intern(x.memory?.notes);
    intern(x.duration.assumptions);
    for (const n of x.notes) notes.add(n);
    if (x.worker_argv) notes.add(`${e.config.engine} worker starts as: ${x.worker_argv.join(' ')}`);
    estimates.push({
      index: e.index,
      memory: x.memory,
      duration: x.duration,
      ...(x.notes.length > 0 ? { note: x.notes.join('; ') } : {}),
    });
  }
  const { experiments: _perExperiment, ...total } = forecastStudy(study, runs, estimates);
  return {
    study: {
      name: study.name,
      file: study.file ?? null,
      study_hash: study.study_hash,
      seed: studySeed(study),
    },
    execution: study.execution,
    experiments: study.experiments.map((e, i) => ({
      ...e,
      memory_estimate: estimates[i]!.memory,
      duration_estimate: estimates[i]!.duration,
    })),
    skipped: study.skipped,
    runs: [...runs],
    duration_estimate: total,
    warnings: study.warnings,
    notes: [...notes],
    balance_cycles:
      study.execution.order === 'latin_square' ? cyclesForBalance(study.experiments.length) : null,
  };
}

function isExpanded(input: unknown): input is ExpandedStudy {
  return typeof input === 'object' && input !== null && 'study_hash' in input && 'experiments' in input;
}

export { type ExpandStudyOptions, expandStudy } from '../study/expand.js';
export { planRuns } from '../study/plan.js';
