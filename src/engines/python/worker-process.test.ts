import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { experimentSchema } from '../../config/schema.js';
import { systemClock } from '../../core/clock.js';
import { LlemError } from '../../core/errors.js';
import type { InferenceRequest } from '../engine.js';
import { PythonEngine } from './engine.js';
import { parseWorkerLine } from './protocol.js';

// A real Python stand-in (test/fixtures/python/fake-worker.py), used as the interpreter, plays
// each misbehaviour; the engine must turn every one into a typed error, never a hang.
const FAKE = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'python', 'fake-worker.py');
const config = experimentSchema.parse({ model: '/tmp', engine: 'transformers', max_output_tokens: 4 });
const ctx = { clock: systemClock, cacheDir: '/tmp', baseDir: '/tmp', log: () => {} };
const requests: InferenceRequest[] = [0, 1, 2].map((id) => ({
  id,
  prompt: 'hi',
  maxOutputTokens: 4,
  scheduledOffsetMs: 0,
}));

function engine(mode: string): PythonEngine {
  return new PythonEngine('transformers', {
    env: { ...process.env, LLEM_PYTHON: FAKE, FAKE_WORKER_MODE: mode },
    stallTimeoutMs: 1_500,
    helloTimeoutMs: 20_000,
  });
}

async function failure(promise: Promise<unknown>): Promise<LlemError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlemError);
  return error as LlemError;
}

describe('worker protocol: each misbehaviour is a clear, typed error', () => {
  it('a well-behaved worker loads, runs a batch and shuts down', async () => {
    const e = engine('ok');
    const info = await e.load(config, ctx);
    expect(info.parameters).toBe(1000);
    const records = await e.run(requests, { mode: 'batch' });
    expect(records.map((r) => [r.id, r.outputTokens, r.error])).toEqual([
      [0, 1, undefined],
      [1, 1, undefined],
      [2, 1, undefined],
    ]);
    for (const r of records) {
      expect(r.sentMs!).toBeLessThanOrEqual(r.startMs);
      expect(r.startMs).toBeLessThanOrEqual(r.firstTokenMs!);
      expect(r.firstTokenMs!).toBeLessThanOrEqual(r.endMs);
    }
    expect(e.effectiveSettings()).toMatchObject({
      fake: true,
      interpreter_source: 'LLEM_PYTHON',
      worker_protocol: 1,
    });
    await e.unload();
    await e.unload();
  });

  it('a malformed line', async () => {
    const err = await failure(engine('garbage').load(config, ctx));
    expect(err.code).toBe('ERR_WORKER_PROTOCOL');
    expect(err.message).toMatch(/not JSON: this is not json/);
  });

  it('an unknown message type', async () => {
    const err = await failure(engine('unknown_type').load(config, ctx));
    expect(err.code).toBe('ERR_WORKER_PROTOCOL');
    expect(err.message).toMatch(/unknown message type "surprise"/);
  });

  it('a wrong protocol version', async () => {
    const err = await failure(engine('wrong_version').load(config, ctx));
    expect(err.code).toBe('ERR_WORKER_PROTOCOL');
    expect(err.message).toMatch(/protocol 99, llem speaks 1/);
  });

  it('an engine that does not import: unavailable, with the reason, and the probe says why', async () => {
    const err = await failure(engine('import_error').load(config, ctx));
    expect(err.code).toBe('ERR_ENGINE_UNAVAILABLE');
    expect(err.message).toMatch(/No module named 'torch'/);
    const probe = await engine('import_error').probe();
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/No module named 'torch'.*from LLEM_PYTHON/);
  });

  it('a worker killed mid-generate fails the run with its last words', async () => {
    const e = engine('die_in_generate');
    await e.load(config, ctx);
    const err = await failure(e.run(requests, { mode: 'batch' }));
    expect(err.code).toBe('ERR_ENGINE_FAILED');
    expect(err.message).toMatch(/killed by SIGKILL.*dying mid-generate/);
    await e.unload();
  });

  it('a worker that hangs is a stall, killed after the stall timeout', async () => {
    const e = engine('hang_in_generate');
    await e.load(config, ctx);
    const t0 = performance.now();
    const err = await failure(e.run(requests, { mode: 'batch' }));
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(err.code).toBe('ERR_ENGINE_FAILED');
    expect(err.message).toMatch(/stalled: no message for .* during generate.*hanging/);
    await e.unload();
  });

  it('a worker that heartbeats but stops advancing its decode steps is a stall too', async () => {
    const e = engine('stuck_in_generate');
    await e.load(config, ctx);
    const err = await failure(e.run(requests, { mode: 'batch' }));
    expect(err.code).toBe('ERR_ENGINE_FAILED');
    expect(err.message).toMatch(/heartbeats arrive but no decode step for .* during generate/);
    await e.unload();
  });

  it('a missing interpreter is unavailable, not a crash', async () => {
    const e = new PythonEngine('vllm', { env: { LLEM_PYTHON: '/nonexistent/python' } });
    const probe = await e.probe();
    expect(probe).toMatchObject({ available: false });
    expect(probe.reason).toMatch(/cannot start the Python worker with \/nonexistent\/python/);
  });

  it('rate mode is refused (a batch engine cannot pace an open loop)', async () => {
    const e = engine('ok');
    await e.load(config, ctx);
    const err = await failure(e.run(requests, { mode: 'rate' }));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    await e.unload();
  });
});

describe('parseWorkerLine', () => {
  it.each([
    ['{"type":"heartbeat"}', true],
    ['{"type":"bye","id":3}', true],
    ['{"type":"bye"}', false],
    ['{"type":"generated","id":1,"results":[{"id":0}],"elapsed_ms":1}', false],
    ['[1,2]', false],
    ['nope', false],
  ])('%s → ok %s', (line, ok) => {
    expect(parseWorkerLine(line).ok).toBe(ok);
  });
});
