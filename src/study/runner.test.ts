import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticStudy } from '../../test/helpers/synthetic-records.js';
import { experimentHash } from '../config/identity.js';
import { resolveConfig } from '../config/load.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { ResultRecord } from '../core/records.js';
import { studyDirName } from '../store/layout.js';
import { writeRecordFile } from '../store/record-file.js';
import type { StudyEvent } from './events.js';
import type { Executor, RunJob } from './executors/executor.js';
import { writeRunnerRecord } from './executors/failure.js';
import { planFile, writePlanFiles } from './folder.js';
import { executeStudy } from './runner.js';
import type { ExecutionConfig, ExpandedStudy } from './types.js';

const EXECUTION: ExecutionConfig = {
  n_cycles: 2,
  order: 'sequential',
  seed: null,
  experiment_gap_s: 60,
  cycle_gap_s: 300,
  cooldown: null,
  max_consecutive_failures: 10,
  experiment_timeout_s: 100,
  timeout_h: null,
  isolation: 'process',
  executor: 'local',
};

/** A clock whose sleeps take no real time. */

/** An `ok` record that matches the schema, for the fake executor to stamp with each pair's identity. */
const OK = syntheticStudy({ factors: { 'llamacpp.threads': [1] }, cycles: 1, seed: 1, jPerToken: () => 0.1 })
  .records[0]!;

function virtualClock(): Clock {
  let t = 0;
  return {
    nowMs: () => t,
    wallMs: () => 1_700_000_000_000 + t,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      t += ms;
    },
  };
}

async function setup(
  execution: Partial<ExecutionConfig> = {},
): Promise<{ dir: string; results: string; study: ExpandedStudy }> {
  const results = mkdtempSync(join(tmpdir(), 'llem-runner-'));
  const configs = [1, 2].map((n) => resolveConfig({ model: 'm.gguf', dataset: { n_prompts: n } }).config);
  const study: ExpandedStudy = {
    name: 'unit',
    study_hash: 'ab'.repeat(32),
    experiments: configs.map((config, i) => ({
      index: i + 1,
      config,
      config_hash: experimentHash(config),
      slug: `e${i + 1}`,
      factors: {},
      equivalents: [],
      warnings: [],
    })),
    skipped: [],
    execution: { ...EXECUTION, ...execution },
    input_text: '',
    warnings: [],
  };
  const runs = [1, 2]
    .flatMap((cycle) => [1, 2].map((experiment) => ({ experiment, cycle })))
    .map((r, position) => ({ position, ...r }));
  const dir = join(results, studyDirName(study.name, study.study_hash));
  await writePlanFiles(dir, planFile(study, runs, results), []);
  return { dir, results, study };
}

/** An executor that writes a record per job: `ok` unless `fail` says otherwise. */
function fakeExecutor(
  o: { fail?: (job: RunJob) => boolean; during?: (job: RunJob) => void | Promise<void> } = {},
) {
  const log: string[] = [];
  const executor: Executor = {
    isolation: 'process',
    prepare: (job) => log.push(`prepare ${job.measure.runIndex}/${job.measure.cycle}`),
    run: async (job, hooks) => {
      log.push(`run ${job.measure.runIndex}/${job.measure.cycle}`);
      await o.during?.(job);
      if (hooks.signal?.aborted) {
        return writeRunnerRecord(job, {
          status: 'interrupted',
          reason: 'interrupted',
          code: 'ERR_ABORTED',
          message: 'stop',
          phase: 'window',
          startedAt: '',
        });
      }
      if (o.fail?.(job)) {
        return writeRunnerRecord(job, {
          status: 'failed',
          reason: 'crash',
          code: 'ERR_ENGINE_CRASHED',
          message: 'boom',
          phase: 'load',
          startedAt: '',
        });
      }
      const record: ResultRecord = {
        ...OK,
        experiment_id: job.configHash.slice(0, 16),
        cycle: job.measure.cycle,
        study_hash: job.measure.studyHash,
        config_hash: job.configHash,
        timings: { ...OK.timings, window_s: 1 },
      };
      await writeRecordFile(join(job.pairDir, 'result.json'), record);
      return record;
    },
    close: async () => {},
  };
  return { executor, log };
}

function context(
  dir: string,
  results: string,
  executor: Executor,
  extra: Partial<Parameters<typeof executeStudy>[0]> = {},
) {
  const events: StudyEvent[] = [];
  return {
    events,
    ctx: {
      studyDir: dir,
      resultsDir: results,
      cacheDir: results,
      inputText: '',
      env: {},
      executor,
      clock: virtualClock(),
      locks: null,
      onEvent: (e: StudyEvent) => events.push(e),
      ...extra,
    },
  };
}

describe('executeStudy', () => {
  it('runs every pair in plan order with experiment and cycle gaps, preparing the next run during each gap', async () => {
    const { dir, results } = await setup();
    const { executor, log } = fakeExecutor();
    const { ctx, events } = context(dir, results, executor);
    const summary = await executeStudy(ctx);
    expect(summary.status).toBe('completed');
    expect(log).toEqual([
      'run 1/1',
      'prepare 2/1',
      'run 2/1',
      'prepare 1/2',
      'run 1/2',
      'prepare 2/2',
      'run 2/2',
    ]);
    const waits = events.flatMap((e) => (e.type === 'wait' ? [`${e.kind} ${e.seconds}`] : []));
    expect(waits).toEqual(['experiment_gap 60', 'cycle_gap 300', 'experiment_gap 60']);
    expect(summary.invocation.waits_s).toBe(420);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(
      manifest.entries.map((e: { status: string; attempts: number }) => `${e.status}:${e.attempts}`),
    ).toEqual(Array(4).fill('ok:1'));
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).counts.ok).toBe(4);
  });

  it('with no gaps, prepares the next run once the current window is over (phase record), never during it', async () => {
    const { dir, results } = await setup();
    const { executor, log } = fakeExecutor({});
    const run = executor.run.bind(executor);
    executor.run = async (job, hooks) => {
      hooks.onEvent?.({ type: 'phase', phase: 'window', atMs: 0 });
      log.push(`window ${job.measure.runIndex}/${job.measure.cycle} over`);
      hooks.onEvent?.({ type: 'phase', phase: 'record', atMs: 1 });
      return run(job, hooks);
    };
    const { ctx } = context(dir, results, executor, { gaps: { experiment_gap_s: 0, cycle_gap_s: 0 } });
    await executeStudy(ctx);
    expect(log).toEqual([
      'window 1/1 over',
      'prepare 2/1',
      'run 1/1',
      'window 2/1 over',
      'prepare 1/2',
      'run 2/1',
      'window 1/2 over',
      'prepare 2/2',
      'run 1/2',
      'window 2/2 over',
      'run 2/2',
    ]);
  });

  it('marks the running pair in the manifest before it starts', async () => {
    const { dir, results } = await setup({ experiment_gap_s: 0, cycle_gap_s: 0 });
    const seen: string[] = [];
    const { executor } = fakeExecutor({
      during: (job) => {
        const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
        seen.push(
          m.entries.map((e: { status: string }) => e.status[0]).join('') + ` ${job.measure.runIndex}`,
        );
      },
    });
    await executeStudy(context(dir, results, executor).ctx);
    expect(seen).toEqual(['rppp 1', 'orpp 2', 'oorp 1', 'ooor 2']);
  });

  it('resumes exactly the pairs without an ok record; failed ones are retried unless retryFailed is false', async () => {
    const { dir, results } = await setup({ experiment_gap_s: 0, cycle_gap_s: 0 });
    const first = fakeExecutor({ fail: (j) => j.measure.runIndex === 2 && j.measure.cycle === 1 });
    const s1 = await executeStudy(context(dir, results, first.executor).ctx);
    expect(s1.status).toBe('completed_with_failures');
    expect(s1.counts).toMatchObject({ ok: 3, failed: 1 });
    const keep = fakeExecutor();
    await executeStudy(context(dir, results, keep.executor, { retryFailed: false }).ctx);
    expect(keep.log).toEqual([]);
    const retry = fakeExecutor();
    const s3 = await executeStudy(context(dir, results, retry.executor).ctx);
    expect(retry.log).toEqual(['run 2/1']);
    expect(s3.status).toBe('completed');
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).entries[1].attempts).toBe(2);
  });

  it('ends a gap early once cool, and warns when no source reports a temperature', async () => {
    const { dir, results } = await setup({ cooldown: { within_c: 5 } });
    const temps = [50, 80, 52, 90, 70, 53];
    const cool = await executeStudy(
      context(dir, results, fakeExecutor().executor, { temperature: async () => temps.shift() ?? 50 }).ctx,
    );
    expect(cool.invocation.waits_s).toBeLessThan(420);
    const { dir: d2, results: r2 } = await setup({ cooldown: { within_c: 5 } });
    const { ctx, events } = context(d2, r2, fakeExecutor().executor);
    const hot = await executeStudy(ctx);
    expect(hot.invocation.waits_s).toBe(420);
    expect(events.some((e) => e.type === 'warning' && e.warning.code === 'COOLDOWN_SKIPPED')).toBe(true);
  });

  it('stops at the study timeout with status timed_out, leaving the rest pending', async () => {
    const { dir, results } = await setup({ experiment_gap_s: 0, cycle_gap_s: 0, timeout_h: 0.05 / 3600 });
    const { executor } = fakeExecutor({ during: () => systemClock.sleep(30) });
    const summary = await executeStudy({ ...context(dir, results, executor).ctx, clock: systemClock });
    expect(summary.status).toBe('timed_out');
    expect(summary.reason).toMatch(/execution.timeout_h/);
    expect(summary.counts.pending).toBeGreaterThan(0);
  });

  it('an interrupt stops before the next run and reports interrupted', async () => {
    const { dir, results } = await setup({ experiment_gap_s: 0, cycle_gap_s: 0 });
    const ac = new AbortController();
    const { executor, log } = fakeExecutor({ during: () => ac.abort(new Error('interrupted by SIGINT')) });
    const summary = await executeStudy({ ...context(dir, results, executor).ctx, signal: ac.signal });
    expect(log).toEqual(['run 1/1']);
    expect(summary.status).toBe('interrupted');
    expect(summary.reason).toBe('interrupted by SIGINT');
    expect(summary.counts).toMatchObject({ interrupted: 1, pending: 3 });
  });
});
