import { experimentHash, experimentSlug, loneStudyHash } from '../config/identity.js';
import type { ExperimentConfig } from '../config/schema.js';
import { systemClock } from '../core/clock.js';
import { ConfigError, LlemError } from '../core/errors.js';
import type { ResultRecord } from '../core/records.js';
import type { DatasetContext } from '../datasets/context.js';
import type { ModelInfo, Tokenizer } from '../engines/engine.js';
import { RUN_FILES } from '../store/layout.js';
import { captureEnvironment } from './environment.js';
import type { EventSink, Phase } from './events.js';
import { openRunLog, persistRun, prepareRunLocation, writeStudyFiles } from './persist.js';
import {
  type ExperimentDeps,
  enter,
  type MeasureContext,
  type MeasureOptions,
  required,
} from './phases/context.js';
import { preflight } from './phases/preflight.js';
import { MEASURE_STEPS } from './phases/steps.js';
import { assembleRecord } from './record.js';

export type { ExperimentDeps, MeasureOptions } from './phases/context.js';

function warmupCount(config: ExperimentConfig): number {
  const w = config.measurement.warmup;
  if (!w.enabled) return 0;
  return w.convergence.enabled ? w.convergence.max_prompts : w.n_warmup;
}

/**
 * Measures one experiment (SPEC §5): preflight → environment → the measurement steps
 * (`MEASURE_STEPS`: ready → load → baseline → workload → warmup and thermal floor → window) →
 * record. Config and data errors throw `ConfigError` before anything is written; every later
 * failure becomes a `failed` (or, on abort, `interrupted`) record that is written like any other.
 */
export async function measureExperiment(
  config: ExperimentConfig,
  deps: ExperimentDeps,
  o: MeasureOptions,
): Promise<ResultRecord> {
  const ctx = await openRun(config, deps, o);
  try {
    for (const step of MEASURE_STEPS) await step.run(ctx);
    const window = required(ctx.window, 'window');
    enter(ctx, 'record');
    const outcome = window.aborted
      ? { status: 'interrupted' as const, error: null }
      : { status: 'ok' as const };
    const saved = await finish(ctx, assembleRecord(ctx.facts, window, outcome, ctx.clock));
    ctx.keep = o.reuse?.keepLoaded === true && saved.status === 'ok';
    return saved;
  } catch (error) {
    const aborted = o.signal?.aborted ?? false;
    const err = toRunError(error, ctx.current);
    ctx.log(`error in ${ctx.current}: ${err.code} ${err.message}`);
    delete ctx.window;
    return await finish(
      ctx,
      assembleRecord(
        ctx.facts,
        undefined,
        { status: aborted ? 'interrupted' : 'failed', error: err },
        ctx.clock,
      ),
    );
  } finally {
    await release(ctx);
  }
}

/**
 * Preflight (throws for config and data errors, nothing written), then the environment snapshot,
 * the run's folder and log, and the facts the record starts from.
 */
async function openRun(
  config: ExperimentConfig,
  deps: ExperimentDeps,
  o: MeasureOptions,
): Promise<MeasureContext> {
  const clock = o.clock ?? systemClock;
  const emit: EventSink = o.onEvent ?? (() => {});
  const phase = (p: Phase) => emit({ type: 'phase', phase: p, atMs: clock.nowMs() });
  const startedAt = new Date(clock.wallMs()).toISOString();
  const hash = experimentHash(config);
  const nTotal = config.dataset.n_prompts + warmupCount(config);
  const dataset: DatasetContext = {
    baseDir: o.baseDir,
    cacheDir: o.cacheDir,
    ...(o.locate ? { locate: o.locate } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.env ? { env: o.env } : {}),
  };

  phase('preflight');
  const pre = await preflight(config, deps, o, dataset, nTotal, clock);

  phase('environment');
  const { engine } = deps;
  const probes = pre.selection instanceof Error ? [] : pre.selection.probes;
  const environment = captureEnvironment(engine.name, pre.engineProbe, probes, o.env);
  const studyHash = o.studyHash ?? loneStudyHash(config);
  const loc = await prepareRunLocation({
    resultsDir: o.resultsDir,
    studyName: o.studyName ?? experimentSlug(config),
    studyHash,
    runIndex: o.runIndex ?? 1,
    runSlug: o.runSlug ?? experimentSlug(config),
    configHash: hash,
    ...(o.cycle === undefined ? {} : { cycle: o.cycle }),
  });
  if (o.studyFiles !== false)
    await writeStudyFiles(loc.studyDir, o.inputText ?? `${JSON.stringify(config, null, 2)}\n`, environment);
  const log = openRunLog(loc.paths.log);
  log(`llem run ${hash.slice(0, 8)} cycle ${loc.cycle}: ${config.engine} ${config.model}`);
  return {
    config,
    engine,
    o,
    clock,
    emit,
    hash,
    nTotal,
    dataset,
    preflight: pre,
    loc,
    log,
    facts: {
      config,
      configHash: hash,
      studyHash,
      cycle: loc.cycle,
      startedAt,
      environment,
      engineName: engine.name,
      engineProbe: pre.engineProbe,
      capabilities: engine.capabilities,
      warnings: [...(o.warnings ?? [])],
      probes,
      chosen: pre.selection instanceof Error ? [] : pre.selection.chosen,
      dataset: pre.early ? { ...pre.early.provenance } : null,
      timings: {},
      files: {
        dir: loc.paths.dir,
        result: RUN_FILES.result,
        timeseries: null,
        requests: null,
        log: RUN_FILES.log,
      },
    },
    current: 'preflight',
    loaded: false,
    keep: false,
  };
}

/** Writes the record and the window's Parquet files, and tells the log and the listeners. */
async function finish(ctx: MeasureContext, record: ResultRecord): Promise<ResultRecord> {
  if (ctx.o.reuse) record.engine.model_reused = ctx.o.reuse.model !== undefined;
  const w = ctx.window;
  const saved = await persistRun(
    ctx.loc,
    record,
    w?.records ?? null,
    w?.readings ?? null,
    w?.startMs ?? 0,
    w?.startWallMs,
  );
  ctx.log(`status ${saved.status}`);
  ctx.emit({ type: 'result', record: saved });
  return saved;
}

/** Unloads the model unless shared isolation keeps it for the next experiment. */
async function release(ctx: MeasureContext): Promise<void> {
  if (!ctx.loaded || ctx.keep) return;
  // Logged to run.log, not thrown: the record is already written, but a model that did not
  // unload can hold memory (or a device) into the next experiment, and that must be traceable.
  await ctx.engine.unload().catch((e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    ctx.log(`warning: unloading the model failed: ${message}`);
  });
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
