import type { ExperimentConfig } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import { LlemError } from '../../core/errors.js';
import type { LlemWarning } from '../../core/warning.js';
import type { DatasetContext } from '../../datasets/context.js';
import type { LoadedDataset } from '../../datasets/load.js';
import type { SourceSelection } from '../../energy/auto.js';
import type { EnergySource, EnergyStartOptions } from '../../energy/source.js';
import type {
  Engine,
  EngineContext,
  EngineProbe,
  InferenceRequest,
  ModelInfo,
} from '../../engines/engine.js';
import type { EventSink, Phase } from '../events.js';
import type { RunLocation } from '../persist.js';
import type { RunFacts } from '../record.js';
import type { WindowPlan } from '../schedule.js';
import type { WindowOutcome } from '../window.js';

/** What the harness needs from its caller: implementations are injected, never imported. */
export interface ExperimentDeps {
  /** A fresh engine for `config.engine`. */
  engine: Engine;
  /** Energy sources in `auto` order. */
  energySources: readonly EnergySource[];
}

/** Options for one measured experiment. */
export interface MeasureOptions {
  /** Results root (default `./results`). */
  resultsDir: string;
  /** Cache for generated models and downloaded datasets. */
  cacheDir: string;
  /** Directory relative paths in the config resolve against. */
  baseDir: string;
  /** Maps config paths to file positions, for data errors. */
  locate?: (path: (string | number)[]) => { file: string; line: number; column: number } | undefined;
  /** The config as the user wrote it (copied to `study.yaml`). */
  inputText?: string;
  /** Warnings from config loading, carried into the record. */
  warnings?: LlemWarning[];
  /** Study identity; a lone experiment is a study of one. */
  studyName?: string;
  studyHash?: string;
  runIndex?: number;
  cycle?: number;
  /** Readable part of the run folder name (default `experimentSlug(config)`). */
  runSlug?: string;
  /**
   * Shared isolation: `model` is already loaded in `deps.engine` with the same load-time settings
   * (the load phase is skipped, `temperatureReported` stands in for the load's telemetry, and the
   * record says `engine.model_reused: true`); with `keepLoaded`
   * the model stays loaded after an `ok` run (otherwise it is unloaded as usual).
   */
  reuse?: { model?: ModelInfo; temperatureReported?: boolean; keepLoaded: boolean };
  clock?: Clock;
  signal?: AbortSignal;
  onEvent?: EventSink;
  env?: Record<string, string | undefined>;
  /**
   * Write the study-level `study.yaml` and `environment.json` [true]; false for a run that must
   * write only its own run folder (a Slurm task beside others in a shared study folder).
   */
  studyFiles?: boolean;
  /** The baseline cache [`<resultsDir>/.baseline-cache.json`]; a Slurm task uses one per node and device set. */
  baselineCacheFile?: string;
}

/** What preflight found: nothing is written yet, and a config or data problem has already thrown. */
export interface Preflight {
  /** The dataset, when it could be read before the engine's tokenizer exists (not `synthetic`). */
  early: LoadedDataset | undefined;
  engineProbe: EngineProbe;
  /** The energy sources chosen, or why none could be (a run failure, recorded later). */
  selection: SourceSelection | Error;
}

/** The energy sources of a run that can measure, and how they sample. */
export interface Measuring {
  sources: EnergySource[];
  /** Names of the chosen sources (the baseline cache is keyed by them). */
  chosen: string[];
  start: EnergyStartOptions;
  engineCtx: EngineContext;
}

/** The requests of the window and of the warmup. */
export interface Workload {
  plan: WindowPlan;
  warmPool: InferenceRequest[];
}

/**
 * The state one measured experiment's phases share. Preflight and the run's folder are set up
 * before the phase steps run; each step reads what earlier steps left and adds its own part.
 */
export interface MeasureContext {
  readonly config: ExperimentConfig;
  readonly engine: Engine;
  readonly o: MeasureOptions;
  readonly clock: Clock;
  readonly emit: EventSink;
  readonly hash: string;
  /** Prompts needed: the window's plus the warmup's. */
  readonly nTotal: number;
  readonly dataset: DatasetContext;
  readonly preflight: Preflight;
  readonly loc: RunLocation;
  readonly log: (line: string) => void;
  /** The facts the record is built from, filled in phase by phase. */
  readonly facts: RunFacts;
  /** The phase running now (a failure is recorded in it). */
  current: Phase;
  /** The model is loaded (it must be unloaded unless kept). */
  loaded: boolean;
  /** Keep the model loaded after the run (shared isolation, `ok` runs only). */
  keep: boolean;
  measuring?: Measuring;
  workload?: Workload;
  window?: WindowOutcome;
}

/** Enters phase `p`: the event, the log line, and the phase a failure is recorded in. */
export function enter(ctx: MeasureContext, p: Phase, detail?: string): void {
  ctx.current = p;
  ctx.emit({ type: 'phase', phase: p, atMs: ctx.clock.nowMs(), ...(detail ? { detail } : {}) });
  ctx.log(`phase ${p}${detail ? `: ${detail}` : ''}`);
}

/** Records a warning in the result, the events and the log. */
export function warn(ctx: MeasureContext, w: LlemWarning): void {
  ctx.facts.warnings.push(w);
  ctx.emit({ type: 'warning', warning: w });
  ctx.log(`warning ${w.code}: ${w.message}`);
}

/** A part an earlier step sets; missing means the steps are out of order (a bug, not a run failure). */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new LlemError('ERR_INTERNAL', `measurement step out of order: no ${what} yet`);
  return value;
}
