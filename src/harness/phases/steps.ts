import { join } from 'node:path';
import { LlemError } from '../../core/errors.js';
import { loadDataset } from '../../datasets/load.js';
import { RESULTS_FILES } from '../../store/layout.js';
import { baselineCacheKey, obtainBaseline } from '../baseline.js';
import { measureLoad } from '../load-phase.js';
import { planWindow, scheduleSummary, toRequests } from '../schedule.js';
import { warmPhase } from '../warm-phase.js';
import { runWindow } from '../window.js';
import { enter, type MeasureContext, required, warn } from './context.js';

/**
 * The measured phases of one experiment (SPEC §5), in order, each a named step over the shared
 * context. A step that throws ends the run: the harness records it as `failed` (or `interrupted`)
 * in the phase it was in.
 */

/** One named step of the measurement. */
export interface MeasureStep {
  name: string;
  run(ctx: MeasureContext): Promise<void>;
}

/** The engine can run here and an energy source was chosen; otherwise the run fails with why not. */
const ready: MeasureStep = {
  name: 'ready',
  async run(ctx) {
    const { engineProbe, selection } = ctx.preflight;
    if (!engineProbe.available) {
      throw new LlemError(
        engineProbe.failureCode ?? 'ERR_ENGINE_UNAVAILABLE',
        `engine ${ctx.engine.name} is not available: ${engineProbe.reason ?? 'unknown reason'}`,
      );
    }
    if (selection instanceof Error) throw selection;
    const { clock, o } = ctx;
    ctx.measuring = {
      sources: selection.selected,
      chosen: selection.chosen,
      start: { sampleIntervalMs: ctx.config.measurement.energy.sample_interval_ms, clock },
      engineCtx: {
        clock,
        cacheDir: o.cacheDir,
        baseDir: o.baseDir,
        log: ctx.log,
        ...(o.signal ? { signal: o.signal } : {}),
      },
    };
  },
};

/** Loads the model (timed, with its own energy), or takes the one shared isolation kept loaded. */
const load: MeasureStep = {
  name: 'load',
  async run(ctx) {
    const { config, facts, engine } = ctx;
    const m = required(ctx.measuring, 'energy sources');
    const reused = ctx.o.reuse?.model;
    if (reused) {
      enter(ctx, 'load', `${config.model} (reused from the previous experiment)`);
      ctx.loaded = true;
      facts.model = reused;
      facts.timings.load_s = 0;
    } else {
      enter(ctx, 'load', config.model);
      const outcome = await measureLoad(engine, config, m.engineCtx, m.sources, m.start);
      ctx.loaded = true;
      facts.model = outcome.model;
      facts.loadReadings = outcome.readings;
      facts.memoryBeforeLoad = outcome.rssBefore;
      facts.memoryAfterLoad = outcome.rssAfter;
      facts.timings.load_s = outcome.durationS;
    }
    facts.engineSettings = engine.effectiveSettings?.() ?? {};
    facts.engineMemory = engine.memory?.() ?? {};
  },
};

/**
 * Idle power with the runtime and the weights resident and no work (SPEC §5): what the window's
 * energy is compared against. A reused model (shared isolation) is in the same state.
 */
const baseline: MeasureStep = {
  name: 'baseline',
  async run(ctx) {
    const { config, clock, o } = ctx;
    const b = config.measurement.baseline;
    if (!b.enabled) return;
    const m = required(ctx.measuring, 'energy sources');
    enter(ctx, 'baseline', `${b.strategy}, ${b.duration_s} s`);
    const t0 = clock.nowMs();
    const { baseline: measured, warnings } = await obtainBaseline({
      config: b,
      sources: m.sources,
      start: m.start,
      cacheKey: baselineCacheKey(config, m.chosen, ctx.facts.environment.energy_devices),
      cacheFile: o.baselineCacheFile ?? join(o.resultsDir, RESULTS_FILES.baselineCache),
      clock,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    for (const w of warnings) warn(ctx, w);
    ctx.facts.baseline = measured;
    ctx.facts.timings.baseline_s = (clock.nowMs() - t0) / 1000;
  },
};

/** The prompts (now with the engine's tokenizer, for `synthetic`), the window's schedule and the warmup pool. */
const workload: MeasureStep = {
  name: 'workload',
  async run(ctx) {
    const { config, nTotal } = ctx;
    const ds =
      ctx.preflight.early ??
      (await loadDataset(config.dataset, nTotal, config.random_seed, {
        ...ctx.dataset,
        tokenizer: ctx.engine.tokenizer(),
      }));
    ctx.facts.dataset = { ...ds.provenance };
    if (ds.provenance.repeated) {
      warn(ctx, {
        code: 'DATASET_REPEATED',
        message: `the dataset has ${ds.provenance.total_available} prompts; ${nTotal} were needed, so prompts repeat`,
      });
    }
    ctx.workload = {
      plan: planWindow(ds.prompts.slice(0, config.dataset.n_prompts), config),
      warmPool: toRequests(ds.prompts.slice(config.dataset.n_prompts), config, 1_000_000),
    };
  },
};

/** Warmup and the thermal floor, at the window's concurrency (see `warmPhase`). */
const warm: MeasureStep = {
  name: 'warm',
  async run(ctx) {
    const { facts, o } = ctx;
    const m = required(ctx.measuring, 'energy sources');
    const { plan, warmPool } = required(ctx.workload, 'workload');
    const temperatureReported = facts.loadReadings
      ? facts.loadReadings.some((r) => r.samples.some((s) => s.temperatureC !== undefined))
      : (o.reuse?.temperatureReported ?? false);
    const outcome = await warmPhase({
      engine: ctx.engine,
      pool: warmPool.length > 0 ? warmPool : plan.requests,
      config: ctx.config,
      // The window's pattern without the duration fill: warmup has its own length rule.
      load: { ...plan.load, minDurationMs: 0 },
      temperatureReported,
      sources: m.sources,
      start: m.start,
      clock: ctx.clock,
      ...(o.signal ? { signal: o.signal } : {}),
      enter: (p, detail) => enter(ctx, p, detail),
      onProgress: (done, total) => ctx.emit({ type: 'requests', phase: 'warmup', done, total }),
    });
    facts.warmup = outcome.warmup;
    facts.thermalFloor = outcome.thermalFloor;
    facts.timings.warmup_s = outcome.warmupS;
    facts.timings.thermal_floor_s = outcome.thermalFloorS;
    facts.warmToWindowS = outcome.warmToWindowS;
  },
};

/** The measured window: energy counters at its edges, the sampler running, requests on their schedule. */
const window: MeasureStep = {
  name: 'window',
  async run(ctx) {
    const m = required(ctx.measuring, 'energy sources');
    const { plan } = required(ctx.workload, 'workload');
    enter(ctx, 'window', windowDetail(plan));
    const outcome = await runWindow(
      ctx.engine,
      plan.requests,
      plan.load,
      m.sources,
      m.start.sampleIntervalMs,
      ctx.clock,
      ctx.emit,
      ctx.o.signal,
    );
    outcome.schedule = scheduleSummary(plan, ctx.config, outcome.records);
    // Read again: some settings are only known once requests ran (how a server's tokens were counted).
    ctx.facts.engineSettings = ctx.engine.effectiveSettings?.() ?? ctx.facts.engineSettings ?? {};
    ctx.facts.timings.window_s = outcome.durationS;
    ctx.window = outcome;
  },
};

/** The window phase's detail line: requests, and the schedule when it is not a plain batch. */
function windowDetail(plan: ReturnType<typeof planWindow>): string {
  const parts = [`${plan.requests.length} requests`];
  if (plan.load.mode !== 'batch') parts.push(plan.load.mode);
  if (plan.fillS !== null) parts.push(`load kept up for ≥ ${plan.fillS} s`);
  return parts.join(', ');
}

/** The steps between preflight and the record, in SPEC §5 order (the baseline is taken after the load). */
export const MEASURE_STEPS: readonly MeasureStep[] = [ready, load, baseline, workload, warm, window];
