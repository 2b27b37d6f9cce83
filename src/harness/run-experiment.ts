import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ExperimentConfig } from '../config/schema.js';
import { type Clock, systemClock } from '../core/clock.js';
import { ConfigError, LlemError } from '../core/errors.js';
import { configHash } from '../core/hash.js';
import type { ResultRecord } from '../core/records.js';
import type { LlemWarning } from '../core/warning.js';
import { loadDataset } from '../datasets/load.js';
import type { Prompt } from '../datasets/prompt.js';
import { type SourceSelection, selectSources } from '../energy/auto.js';
import type { EnergySource } from '../energy/source.js';
import type { Engine, EngineContext, InferenceRequest, ModelInfo, Tokenizer } from '../engines/engine.js';
import { obtainBaseline } from './baseline.js';
import { captureEnvironment } from './environment.js';
import type { EventSink, Phase } from './events.js';
import { measureLoad } from './load-phase.js';
import { openRunLog, persistRun, prepareRunLocation, writeStudyFiles } from './persist.js';
import { assembleRecord, type RunFacts } from './record.js';
import { holdThermalFloor, runWarmup } from './warmup.js';
import { runWindow } from './window.js';

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
}

/** The experiment's identity: `config_hash` ignores where results go. */
export function experimentHash(config: ExperimentConfig): string {
  const { results_dir: _ignored, ...rest } = config;
  return configHash(rest);
}

/** A readable name for the run folder: the model's file stem and the engine. */
export function experimentSlug(config: ExperimentConfig): string {
  if (config.name) return config.name;
  const stem =
    config.model
      .replace(/^(builtin|hf):/, '')
      .split('/')
      .pop() ?? config.model;
  return `${stem.replace(/\.gguf$/i, '')}-${config.engine}`;
}

function toRequests(
  prompts: readonly Prompt[],
  config: ExperimentConfig,
  idBase: number,
): InferenceRequest[] {
  return prompts.map((p, i) => ({
    id: idBase + i,
    prompt: p.text ?? (p.messages ?? []).map((m) => `${m.role}: ${m.content}`).join('\n'),
    maxOutputTokens: config.fixed_output_length
      ? config.max_output_tokens
      : Math.min(p.maxOutputTokens ?? config.max_output_tokens, config.max_output_tokens),
    scheduledOffsetMs: 0,
    sourceLabel: p.source,
    ...(p.tokens ? { tokens: p.tokens } : {}),
  }));
}

function warmupCount(config: ExperimentConfig): number {
  const w = config.measurement.warmup;
  if (!w.enabled) return 0;
  return w.convergence.enabled ? w.convergence.max_prompts : w.n_warmup;
}

/**
 * Measures one experiment (SPEC §5): preflight → environment → baseline → load → warmup →
 * thermal floor → window → metrics → validity → record. Config and data errors throw
 * `ConfigError` before anything is written; every later failure becomes a `failed` (or, on abort,
 * `interrupted`) record that is written like any other.
 */
export async function measureExperiment(
  config: ExperimentConfig,
  deps: ExperimentDeps,
  o: MeasureOptions,
): Promise<ResultRecord> {
  const clock = o.clock ?? systemClock;
  const emit: EventSink = o.onEvent ?? (() => {});
  const phase = (p: Phase, detail?: string) =>
    emit({ type: 'phase', phase: p, atMs: clock.nowMs(), ...(detail ? { detail } : {}) });
  const { engine } = deps;
  const startedAt = new Date(clock.wallMs()).toISOString();
  const hash = experimentHash(config);
  const nTotal = config.dataset.n_prompts + warmupCount(config);
  const dsCtx = {
    baseDir: o.baseDir,
    cacheDir: o.cacheDir,
    ...(o.locate ? { locate: o.locate } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.env ? { env: o.env } : {}),
  };

  // Preflight: data problems are config errors and must surface before any folder is made.
  phase('preflight');
  const needsTokenizer = config.dataset.source === 'synthetic';
  const early = needsTokenizer
    ? undefined
    : await loadDataset(config.dataset, nTotal, config.random_seed, dsCtx);
  const engineProbe = await engine.probe();
  // A missing energy source is a run failure (recorded), not a config error: keep it for later.
  const selection: SourceSelection | Error = await selectSources(
    deps.energySources,
    config.measurement.energy.sources,
  ).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));

  phase('environment');
  const probes = selection instanceof Error ? [] : selection.probes;
  const environment = captureEnvironment(engine.name, engineProbe, probes, o.env);
  const loc = await prepareRunLocation({
    resultsDir: o.resultsDir,
    studyName: o.studyName ?? experimentSlug(config),
    studyHash: o.studyHash ?? configHash([JSON.parse(JSON.stringify(config))]),
    runIndex: o.runIndex ?? 1,
    runSlug: o.runSlug ?? experimentSlug(config),
    configHash: hash,
    ...(o.cycle === undefined ? {} : { cycle: o.cycle }),
  });
  await writeStudyFiles(loc.studyDir, o.inputText ?? `${JSON.stringify(config, null, 2)}\n`, environment);
  const log = openRunLog(loc.paths.log);
  log(`llem run ${hash.slice(0, 8)} cycle ${loc.cycle}: ${config.engine} ${config.model}`);

  const facts: RunFacts = {
    config,
    configHash: hash,
    studyHash: o.studyHash ?? configHash([JSON.parse(JSON.stringify(config))]),
    cycle: loc.cycle,
    startedAt,
    environment,
    engineName: engine.name,
    engineProbe,
    capabilities: engine.capabilities,
    warnings: [...(o.warnings ?? [])],
    probes,
    chosen: selection instanceof Error ? [] : selection.chosen,
    dataset: early ? { ...early.provenance } : null,
    timings: {},
    files: { dir: loc.paths.dir, result: 'result.json', timeseries: null, requests: null, log: 'run.log' },
  };
  const warn = (w: LlemWarning) => {
    facts.warnings.push(w);
    emit({ type: 'warning', warning: w });
    log(`warning ${w.code}: ${w.message}`);
  };
  let current: Phase = 'preflight';
  const enter = (p: Phase, detail?: string) => {
    current = p;
    phase(p, detail);
    log(`phase ${p}${detail ? `: ${detail}` : ''}`);
  };
  const finish = async (
    record: ResultRecord,
    windowStart = 0,
    window?: Awaited<ReturnType<typeof runWindow>>,
  ) => {
    if (o.reuse) record.engine.model_reused = o.reuse.model !== undefined;
    const saved = await persistRun(
      loc,
      record,
      window?.records ?? null,
      window?.readings ?? null,
      windowStart,
      window?.startWallMs,
    );
    log(`status ${saved.status}`);
    emit({ type: 'result', record: saved });
    return saved;
  };

  let loaded = false;
  let keep = false;
  try {
    if (!engineProbe.available) {
      throw new LlemError(
        'ERR_ENGINE_UNAVAILABLE',
        `engine ${engine.name} is not available: ${engineProbe.reason ?? 'unknown reason'}`,
      );
    }
    if (selection instanceof Error) throw selection;
    const sources = selection.selected;
    const interval = config.measurement.energy.sample_interval_ms;
    const start = { sampleIntervalMs: interval, clock };

    if (config.measurement.baseline.enabled) {
      enter(
        'baseline',
        `${config.measurement.baseline.strategy}, ${config.measurement.baseline.duration_s} s`,
      );
      const t0 = clock.nowMs();
      const { baseline, warnings } = await obtainBaseline({
        config: config.measurement.baseline,
        sources,
        start,
        cacheKey: [
          hostname(),
          config.engine,
          ...selection.chosen,
          ...environment.energy_devices.map((d) => d.id),
        ].join('|'),
        cacheFile: join(o.resultsDir, '.baseline-cache.json'),
        clock,
        ...(o.signal ? { signal: o.signal } : {}),
      });
      warnings.forEach(warn);
      facts.baseline = baseline;
      facts.timings.baseline_s = (clock.nowMs() - t0) / 1000;
    }

    const ctx: EngineContext = {
      clock,
      cacheDir: o.cacheDir,
      baseDir: o.baseDir,
      log,
      ...(o.signal ? { signal: o.signal } : {}),
    };
    if (o.reuse?.model) {
      enter('load', `${config.model} (reused from the previous experiment)`);
      loaded = true;
      facts.model = o.reuse.model;
      facts.timings.load_s = 0;
    } else {
      enter('load', config.model);
      const load = await measureLoad(engine, config, ctx, sources, start);
      loaded = true;
      facts.model = load.model;
      facts.loadReadings = load.readings;
      facts.memoryBeforeLoad = load.rssBefore;
      facts.memoryAfterLoad = load.rssAfter;
      facts.timings.load_s = load.durationS;
    }
    facts.engineSettings = engine.effectiveSettings?.() ?? {};
    facts.engineMemory = engine.memory?.() ?? {};

    const ds =
      early ??
      (await loadDataset(config.dataset, nTotal, config.random_seed, {
        ...dsCtx,
        tokenizer: engine.tokenizer(),
      }));
    facts.dataset = { ...ds.provenance };
    if (ds.provenance.repeated) {
      warn({
        code: 'DATASET_REPEATED',
        message: `the dataset has ${ds.provenance.total_available} prompts; ${nTotal} were needed, so prompts repeat`,
      });
    }
    const windowRequests = toRequests(ds.prompts.slice(0, config.dataset.n_prompts), config, 0);
    const warmPool = toRequests(ds.prompts.slice(config.dataset.n_prompts), config, 1_000_000);

    enter('warmup');
    const warmStart = clock.nowMs();
    facts.warmup = await runWarmup(
      engine,
      warmPool.length > 0 ? warmPool : windowRequests,
      config.measurement.warmup,
      clock,
      o.signal,
      (done, total) => emit({ type: 'requests', phase: 'warmup', done, total }),
    );
    facts.timings.warmup_s = facts.warmup.duration_s;

    const temperatureReported = facts.loadReadings
      ? facts.loadReadings.some((r) => r.samples.some((s) => s.temperatureC !== undefined))
      : (o.reuse?.temperatureReported ?? false);
    enter('thermal_floor');
    const tf0 = clock.nowMs();
    facts.thermalFloor = await holdThermalFloor(
      engine,
      warmPool.length > 0 ? warmPool : windowRequests,
      config.measurement.warmup.thermal_floor_s,
      warmStart,
      // With warmup disabled the user asked for a cold start: no extra load either.
      config.measurement.warmup.enabled ? temperatureReported : 'warmup disabled',
      clock,
      o.signal,
    );
    facts.timings.thermal_floor_s = (clock.nowMs() - tf0) / 1000;
    facts.warmToWindowS = config.measurement.warmup.enabled ? (clock.nowMs() - warmStart) / 1000 : null;

    enter('window', `${windowRequests.length} requests`);
    const window = await runWindow(
      engine,
      windowRequests,
      loadSpec(config),
      sources,
      interval,
      clock,
      emit,
      o.signal,
    );
    facts.timings.window_s = window.durationS;
    enter('record');
    const record = assembleRecord(facts, window, window.aborted ? 'interrupted' : 'ok', null, clock);
    const saved = await finish(record, window.startMs, window);
    keep = o.reuse?.keepLoaded === true && saved.status === 'ok';
    return saved;
  } catch (error) {
    const aborted = o.signal?.aborted ?? false;
    const err = toRunError(error, current);
    log(`error in ${current}: ${err.code} ${err.message}`);
    const record = assembleRecord(facts, undefined, aborted ? 'interrupted' : 'failed', err, clock);
    return await finish(record);
  } finally {
    if (loaded && !keep) await engine.unload().catch(() => {});
  }
}

function loadSpec(config: ExperimentConfig): {
  mode: 'batch' | 'concurrency' | 'rate';
  concurrency?: number;
} {
  const l = config.load;
  return l.mode === 'concurrency' && l.concurrency !== undefined
    ? { mode: 'concurrency', concurrency: l.concurrency }
    : { mode: l.mode };
}

function toRunError(error: unknown, phase: Phase): { code: string; message: string; phase: string } {
  if (error instanceof ConfigError) return { code: error.code, message: error.message, phase };
  if (error instanceof LlemError) return { code: error.code, message: error.message, phase };
  if (error instanceof Error && error.name === 'AbortError')
    return { code: 'ERR_ABORTED', message: 'interrupted', phase };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'ERR_ENGINE_FAILED', message, phase };
}

export type { ModelInfo, Tokenizer };
