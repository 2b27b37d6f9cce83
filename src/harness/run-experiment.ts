import { join } from 'node:path';
import { experimentHash, experimentSlug, loneStudyHash } from '../config/identity.js';
import type { ExperimentConfig } from '../config/schema.js';
import { type Clock, systemClock } from '../core/clock.js';
import { ConfigError, LlemError } from '../core/errors.js';
import type { ResultRecord } from '../core/records.js';
import type { LlemWarning } from '../core/warning.js';
import { loadDataset } from '../datasets/load.js';
import { type SourceSelection, selectSources } from '../energy/auto.js';
import type { EnergySource } from '../energy/source.js';
import type { Engine, EngineContext, ModelInfo, Tokenizer } from '../engines/engine.js';
import { RESULTS_FILES, RUN_FILES } from '../store/layout.js';
import { baselineCacheKey, obtainBaseline } from './baseline.js';
import { captureEnvironment } from './environment.js';
import type { EventSink, Phase } from './events.js';
import { measureLoad } from './load-phase.js';
import { openRunLog, persistRun, prepareRunLocation, writeStudyFiles } from './persist.js';
import { assembleRecord, type RunFacts } from './record.js';
import { planWindow, scheduleSummary, toRequests } from './schedule.js';
import { warmPhase } from './warm-phase.js';
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
  // The engine's own checks (model file exists and parses…): a config error, before any baseline.
  const issues =
    (await engine.preflight?.(config, { clock, cacheDir: o.cacheDir, baseDir: o.baseDir, log: () => {} })) ??
    [];
  if (issues.length > 0) {
    throw new ConfigError(issues.map((i) => ({ ...o.locate?.(i.path), ...i })));
  }
  // With the config, so a CPU-only config never starts a GPU runtime (it would hold device memory).
  const engineProbe = await engine.probe(config);
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
    studyHash: o.studyHash ?? loneStudyHash(config),
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
    studyHash: o.studyHash ?? loneStudyHash(config),
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
    files: {
      dir: loc.paths.dir,
      result: RUN_FILES.result,
      timeseries: null,
      requests: null,
      log: RUN_FILES.log,
    },
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
        engineProbe.failureCode ?? 'ERR_ENGINE_UNAVAILABLE',
        `engine ${engine.name} is not available: ${engineProbe.reason ?? 'unknown reason'}`,
      );
    }
    if (selection instanceof Error) throw selection;
    const sources = selection.selected;
    const interval = config.measurement.energy.sample_interval_ms;
    const start = { sampleIntervalMs: interval, clock };

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

    // Idle power with the runtime and the weights resident and no work (SPEC §5): what the window's
    // energy is compared against. A reused model (shared isolation) is in the same state.
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
        cacheKey: baselineCacheKey(config, selection.chosen, environment.energy_devices),
        cacheFile: join(o.resultsDir, RESULTS_FILES.baselineCache),
        clock,
        ...(o.signal ? { signal: o.signal } : {}),
      });
      warnings.forEach(warn);
      facts.baseline = baseline;
      facts.timings.baseline_s = (clock.nowMs() - t0) / 1000;
    }

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
    const plan = planWindow(ds.prompts.slice(0, config.dataset.n_prompts), config);
    const windowRequests = plan.requests;
    const warmPool = toRequests(ds.prompts.slice(config.dataset.n_prompts), config, 1_000_000);

    const temperatureReported = facts.loadReadings
      ? facts.loadReadings.some((r) => r.samples.some((s) => s.temperatureC !== undefined))
      : (o.reuse?.temperatureReported ?? false);
    const warm = await warmPhase({
      engine,
      pool: warmPool.length > 0 ? warmPool : windowRequests,
      config,
      // The window's pattern without the duration fill: warmup has its own length rule.
      load: { ...plan.load, minDurationMs: 0 },
      temperatureReported,
      sources,
      start,
      clock,
      ...(o.signal ? { signal: o.signal } : {}),
      enter,
      onProgress: (done, total) => emit({ type: 'requests', phase: 'warmup', done, total }),
    });
    facts.warmup = warm.warmup;
    facts.thermalFloor = warm.thermalFloor;
    facts.timings.warmup_s = warm.warmupS;
    facts.timings.thermal_floor_s = warm.thermalFloorS;
    facts.warmToWindowS = warm.warmToWindowS;

    enter('window', windowDetail(plan));
    const window = await runWindow(
      engine,
      windowRequests,
      plan.load,
      sources,
      interval,
      clock,
      emit,
      o.signal,
    );
    window.schedule = scheduleSummary(plan, config, window.records);
    // Read again: some settings are only known once requests ran (how a server's tokens were counted).
    facts.engineSettings = engine.effectiveSettings?.() ?? facts.engineSettings;
    facts.timings.window_s = window.durationS;
    enter('record');
    const outcome = window.aborted
      ? { status: 'interrupted' as const, error: null }
      : { status: 'ok' as const };
    const record = assembleRecord(facts, window, outcome, clock);
    const saved = await finish(record, window.startMs, window);
    keep = o.reuse?.keepLoaded === true && saved.status === 'ok';
    return saved;
  } catch (error) {
    const aborted = o.signal?.aborted ?? false;
    const err = toRunError(error, current);
    log(`error in ${current}: ${err.code} ${err.message}`);
    const record = assembleRecord(
      facts,
      undefined,
      { status: aborted ? 'interrupted' : 'failed', error: err },
      clock,
    );
    return await finish(record);
  } finally {
    if (loaded && !keep) {
      // Logged to run.log, not thrown: the record is already written, but a model that did not
      // unload can hold memory (or a device) into the next experiment, and that must be traceable.
      await engine.unload().catch((e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        log(`warning: unloading the model failed: ${message}`);
      });
    }
  }
}

/** The window phase's detail line: requests, and the schedule when it is not a plain batch. */
function windowDetail(plan: ReturnType<typeof planWindow>): string {
  const parts = [`${plan.requests.length} requests`];
  if (plan.load.mode !== 'batch') parts.push(plan.load.mode);
  if (plan.fillS !== null) parts.push(`load kept up for ≥ ${plan.fillS} s`);
  return parts.join(', ');
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
