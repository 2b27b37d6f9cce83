// `isolation: shared`: experiments run in the runner's process, and a loaded model is kept for the
// next experiment when its load-time settings match (the record then says
// `engine.model_reused: true`). Faster for sweeps over workload or measurement settings; a
// native crash takes the study down and a hang can only be abandoned, not killed.
import type { ExperimentConfig } from '../../config/schema.js';
import { canonicalJson } from '../../core/hash.js';
import { type ResultRecord, toFailed } from '../../core/records.js';
import type { EnergySource } from '../../energy/source.js';
import type { Engine, ModelInfo } from '../../engines/engine.js';
import { measureExperiment } from '../../harness/measure.js';
import { pairPaths } from '../../store/layout.js';
import { writeRecordFile } from '../../store/record-file.js';
import type { Executor, RunHooks, RunJob } from './executor.js';
import { logTail, writeRunnerRecord } from './failure.js';

/** Implementations the shared executor needs (injected: the study layer never imports them). */
export interface SharedExecutorDeps {
  createEngine(name: ExperimentConfig['engine']): Promise<Engine>;
  createEnergySources(energy: ExperimentConfig['measurement']['energy']): Promise<EnergySource[]>;
}

/** Options of `createSharedExecutor`. */
export interface SharedExecutorOptions {
  /** How long an aborted (timed-out) experiment may take to return before it is abandoned, ms [30 000]. */
  abandonAfterMs?: number;
}

/**
 * The part of a config that a loaded model depends on: everything except what the harness uses
 * per run (dataset, load pattern, measurement, carbon, name, results folder). Engines read their
 * section and the generation settings (token limits, sampling, seed) when they load, so those are
 * part of the key; two experiments reuse one model only when these are identical.
 */
export function loadKey(config: ExperimentConfig): string {
  const { dataset: _d, load: _l, measurement: _m, carbon: _c, name: _n, results_dir: _r, ...rest } = config;
  return canonicalJson(rest);
}

/** Creates the in-process executor. */
export function createSharedExecutor(
  deps: SharedExecutorDeps,
  options: SharedExecutorOptions = {},
): Executor {
  let engine: Engine | undefined;
  let loaded: { key: string; model: ModelInfo; temperatureReported: boolean } | undefined;
  let stuck: string | undefined;

  const dropModel = async () => {
    if (loaded && engine) await engine.unload().catch(() => undefined);
    loaded = undefined;
  };

  const run = async (job: RunJob, hooks: RunHooks): Promise<ResultRecord> => {
    const startedAt = new Date().toISOString();
    if (stuck !== undefined) {
      return writeRunnerRecord(job, {
        status: 'failed',
        reason: 'error',
        code: 'ERR_ENGINE_FAILED',
        message: stuck,
        phase: 'preflight',
        startedAt,
      });
    }
    const key = loadKey(job.config);
    if (loaded && loaded.key !== key) await dropModel();
    if (engine === undefined || engine.name !== job.config.engine) {
      await dropModel();
      engine = await deps.createEngine(job.config.engine);
    }
    const energySources = await deps.createEnergySources(job.config.measurement.energy);
    const controller = new AbortController();
    let timedOut = false;
    const onStop = () => controller.abort(hooks.signal?.reason);
    hooks.signal?.addEventListener('abort', onStop, { once: true });
    if (hooks.signal?.aborted) onStop();
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(Object.assign(new Error('experiment timeout'), { name: 'AbortError' }));
    }, job.timeoutS * 1000);
    let phase = 'preflight';
    const measured = measureExperiment(
      job.config,
      { engine, energySources },
      {
        ...job.measure,
        env: job.env,
        signal: controller.signal,
        reuse: {
          keepLoaded: true,
          ...(loaded ? { model: loaded.model, temperatureReported: loaded.temperatureReported } : {}),
        },
        onEvent: (e) => {
          if (e.type === 'phase') phase = e.phase;
          if (e.type !== 'result') hooks.onEvent?.(e);
        },
      },
    );
    const reused = loaded;
    loaded = undefined;
    const giveUp = abandoned(controller.signal, hooks.killSignal, options.abandonAfterMs ?? 30_000);
    try {
      const record = await Promise.race([measured, giveUp.promise]);
      if (record === 'abandoned') {
        stuck = `an earlier experiment did not stop in-process after ${timedOut ? 'its timeout' : 'an interrupt'} (isolation: shared); use isolation: process to contain hangs`;
        return writeRunnerRecord(job, {
          status: timedOut ? 'failed' : 'interrupted',
          reason: timedOut ? 'timeout' : 'killed',
          code: timedOut ? 'ERR_TIMEOUT' : 'ERR_ABORTED',
          message: timedOut
            ? `no result after ${job.timeoutS} s (execution.experiment_timeout_s) in phase ${phase}`
            : `abandoned in phase ${phase}`,
          phase,
          startedAt,
        });
      }
      if (record.status === 'ok') {
        const temperatureReported =
          reused?.temperatureReported ?? (record.metrics?.thermal.max_temperature_c ?? null) !== null;
        loaded = { key, model: (reused?.model ?? record.model) as unknown as ModelInfo, temperatureReported };
      }
      if (timedOut && record.status !== 'ok') return await markTimedOut(job, record, phase);
      return record;
    } catch (error) {
      // Thrown before anything was written (a config or data error found at run time).
      const e = error as { code?: unknown; message?: unknown };
      return writeRunnerRecord(job, {
        status: controller.signal.aborted && !timedOut ? 'interrupted' : 'failed',
        reason: timedOut ? 'timeout' : 'error',
        code: typeof e.code === 'string' ? e.code : 'ERR_INTERNAL',
        message: String(e.message ?? error),
        phase,
        startedAt,
      });
    } finally {
      giveUp.done();
      clearTimeout(timer);
      hooks.signal?.removeEventListener('abort', onStop);
    }
  };

  return {
    isolation: 'shared',
    run,
    close: async () => {
      await dropModel();
    },
  };
}

/** Resolves `abandoned` when a kill is requested, or some time after an abort the experiment ignores; `done` detaches it. */
function abandoned(
  signal: AbortSignal,
  kill: AbortSignal | undefined,
  afterMs: number,
): { promise: Promise<'abandoned'>; done(): void } {
  let timer: NodeJS.Timeout | undefined;
  let resolveIt: (v: 'abandoned') => void = () => {};
  const promise = new Promise<'abandoned'>((resolve) => {
    resolveIt = resolve;
  });
  const later = () => {
    timer = setTimeout(() => resolveIt('abandoned'), afterMs).unref();
  };
  const now = () => resolveIt('abandoned');
  if (signal.aborted) later();
  else signal.addEventListener('abort', later, { once: true });
  if (kill?.aborted) now();
  else kill?.addEventListener('abort', now, { once: true });
  return {
    promise,
    done: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', later);
      kill?.removeEventListener('abort', now);
    },
  };
}

/** Rewrites an experiment's own record as `failed` with reason `timeout`. */
async function markTimedOut(job: RunJob, record: ResultRecord, phase: string): Promise<ResultRecord> {
  const updated = toFailed(record, {
    code: 'ERR_TIMEOUT',
    message: `no result after ${job.timeoutS} s (execution.experiment_timeout_s) in phase ${phase}`,
    phase,
    reason: 'timeout',
    log_tail: await logTail(job.pairDir),
  });
  await writeRecordFile(pairPaths(job.pairDir).result, updated);
  return updated;
}
