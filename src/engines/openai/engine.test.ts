import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAKE_SERVER,
  type FakeServer,
  fakeServerCommand,
  startFakeServer,
} from '../../../test/helpers/openai-server.js';
import { type ExperimentInput, experimentSchema } from '../../config/schema.js';
import { systemClock } from '../../core/clock.js';
import { isLlemError } from '../../core/errors.js';
import type { EngineContext, InferenceRequest } from '../engine.js';
import { OpenAIEngine } from './engine.js';
import { GUARD_SCRIPT } from './guard.js';

// The engine against a real HTTP server on loopback (the tests' own fake: test/helpers), attached
// and launched, well-behaved and faulty. Every fault must end as a clear per-request error (the
// run goes on, every request has its record) or as a clear per-run ERR_ENGINE_FAILED.

const dir = mkdtempSync(join(tmpdir(), 'llem-openai-'));
const logs: string[] = [];
const ctx: EngineContext = { clock: systemClock, cacheDir: dir, baseDir: dir, log: (l) => logs.push(l) };

function config(openai: ExperimentInput['openai'], extra: Partial<ExperimentInput> = {}) {
  return experimentSchema.parse({
    model: 'fake-model',
    engine: 'openai',
    max_output_tokens: 6,
    openai,
    ...extra,
  });
}

function requests(prompts: string[], maxOutputTokens = 6): InferenceRequest[] {
  return prompts.map((prompt, id) => ({ id, prompt, maxOutputTokens, scheduledOffsetMs: 0 }));
}

describe('openai engine, attached to a server that sends usage', () => {
  let server: FakeServer;
  const engine = new OpenAIEngine();
  beforeAll(async () => {
    server = await startFakeServer(['--usage', '--token-delay-ms', '2']);
    await engine.load(config({ base_url: server.url, stall_timeout_s: 0.5, max_retries: 1 }), ctx);
  });
  afterAll(async () => {
    await engine.unload();
    await server.stop();
  });

  it('counts tokens from usage, times every token event, and says so in the settings', async () => {
    const records = await engine.run(requests(['one two three', 'four']), { mode: 'batch' });
    expect(records.map((r) => [r.inputTokens, r.outputTokens, r.error])).toEqual([
      [4, 6, undefined],
      [2, 6, undefined],
    ]);
    for (const r of records) {
      expect(r.tokenTimesMs).toHaveLength(6);
      expect(r.firstTokenMs).toBe(r.tokenTimesMs![0]);
      expect(r.scheduledMs).toBeLessThanOrEqual(r.sentMs!);
      expect(r.sentMs!).toBeLessThanOrEqual(r.startMs);
      expect(r.startMs).toBeLessThan(r.firstTokenMs!);
      expect(r.tokenTimesMs!.at(-1)!).toBeLessThanOrEqual(r.endMs);
    }
    const settings = engine.effectiveSettings();
    expect(settings).toMatchObject({ mode: 'attach', served_model: 'fake-model', api: 'completions' });
    expect(settings.token_counts).toMatchObject({ input: 'usage', output: 'usage', requests_with_usage: 2 });
    expect(settings.energy_note).toMatch(/only devices on this host/);
  });

  it('every fault is a clear error on its own request; the others succeed and every record is kept', async () => {
    const prompts = [
      'fine',
      '#reset',
      '#stall',
      '#malformed',
      '#nodone',
      '#interrupt',
      '#429',
      '#500',
      '#503',
      'also fine',
    ];
    const records = await engine.run(requests(prompts), { mode: 'concurrency', concurrency: 3 });
    expect(records.map((r) => r.id)).toEqual(prompts.map((_, i) => i));
    const errors = Object.fromEntries(records.map((r) => [prompts[r.id]!, r.error]));
    expect(errors.fine).toBeUndefined();
    expect(errors['also fine']).toBeUndefined();
    expect(errors['#reset']).toMatch(
      /^(connection error|connection closed mid-stream) (after 2 tokens|before the first token)/,
    );
    expect(errors['#stall']).toMatch(/^stalled after 2 tokens: no data for 0\.\d s \(stall_timeout_s 0\.5\)/);
    expect(errors['#malformed']).toMatch(
      /^malformed SSE data \(not JSON\): \{"choices": \[ this is not json after 2 tokens/,
    );
    expect(errors['#nodone']).toMatch(/^stream ended without \[DONE\] after 3 tokens/);
    expect(errors['#interrupt']).toMatch(
      /^stream cut short by the server: \[DONE\] with no finish_reason after 2 tokens .*--interrupt_requests False/,
    );
    expect(errors['#429']).toMatch(/^HTTP 429 Too Many Requests: .*simulated 429.* \(after 2 attempts\)$/);
    expect(errors['#500']).toMatch(/^HTTP 500 Internal Server Error: .*simulated 500/);
    expect(errors['#500']).not.toMatch(/attempts/); // 500 is never retried
    expect(errors['#503']).toMatch(/^HTTP 503 Service Unavailable: .*\(after 2 attempts\)$/);
  });

  it('a 503 that clears is retried once and succeeds', async () => {
    const [r] = await engine.run(requests(['#503 #once']), { mode: 'batch' });
    expect(r!.error).toBeUndefined();
    expect(r!.outputTokens).toBe(6);
  });

  it('rate mode sends on the schedule, never early, with latency from the scheduled time', async () => {
    const reqs = requests(
      Array.from({ length: 20 }, (_, i) => `p${i}`),
      2,
    ).map((r, i) => ({
      ...r,
      scheduledOffsetMs: i * 10,
    }));
    const records = await engine.run(reqs, { mode: 'rate' });
    const t0 = records[0]!.scheduledMs;
    const errors = records.map((r) => r.sentMs! - r.scheduledMs).sort((a, b) => a - b);
    for (const [i, r] of records.entries()) expect(r.scheduledMs - t0).toBeCloseTo(i * 10, 6);
    expect(errors[0]!).toBeGreaterThanOrEqual(0);
    // Sub-millisecond on a quiet machine (bench/openai-client.js measures it); a shared test
    // machine deschedules the process now and then, so only gross lateness fails here.
    expect(errors[10]!, `send errors ${errors.map((e) => e.toFixed(2)).join(' ')}`).toBeLessThan(25);
  });

  it('an abort marks unfinished requests aborted', async () => {
    const controller = new AbortController();
    const records = await engine.run(
      requests(['a', 'b', 'c', 'd']),
      { mode: 'concurrency', concurrency: 1 },
      controller.signal,
      () => controller.abort(),
    );
    expect(records).toHaveLength(4);
    expect(records.filter((r) => r.error === 'aborted').length).toBeGreaterThanOrEqual(3);
  });
});

describe('openai engine, a server without usage (llama.cpp-style): the tokenizer fallback', () => {
  it('counts prompts with the server tokenizer and outputs by stream events, and records how', async () => {
    const server = await startFakeServer(['--tokenize']);
    const engine = new OpenAIEngine();
    try {
      await engine.load(config({ base_url: server.url, api: 'chat' }), ctx);
      const records = await engine.run(requests(['one two three']), { mode: 'batch' });
      expect(records[0]).toMatchObject({ inputTokens: 4, outputTokens: 6 });
      expect(engine.effectiveSettings().token_counts).toMatchObject({
        input: 'tokenizer (server /extras/tokenize)',
        output: expect.stringMatching(/^stream events/),
        requests_without_usage: 1,
      });
    } finally {
      await engine.unload();
      await server.stop();
    }
  });

  it('attach to a server that does not serve the configured model is refused with the served list', async () => {
    const server = await startFakeServer(['--model', 'other']);
    try {
      const error = await new OpenAIEngine()
        .load(config({ base_url: server.url }), ctx)
        .catch((e: unknown) => e);
      expect(isLlemError(error, 'ERR_ENGINE_FAILED')).toBe(true);
      expect((error as Error).message).toMatch(/does not serve model "fake-model"; it serves: other/);
    } finally {
      await server.stop();
    }
  });
});

describe('openai engine, launching the server', () => {
  const launch = (flags: string[], extra: object = {}) => ({
    launch: { command: fakeServerCommand(flags), ready_timeout_s: 1.5, stop_timeout_s: 1, ...extra },
  });

  it('starts the server, logs its output, records the argv, and stops its process group on unload', async () => {
    const engine = new OpenAIEngine();
    logs.length = 0;
    await engine.load(config(launch(['--usage', '--no-health'])), ctx);
    const settings = engine.effectiveSettings();
    expect(settings).toMatchObject({ mode: 'launch', preset: 'command' });
    expect(settings.http_client).toMatch(/^llem HTTP\/1\.1 keep-alive pool/);
    expect((settings.argv as string[]).includes('{port}')).toBe(false);
    expect(logs.some((l) => /^server: fake server: listening on \d+/.test(l))).toBe(true);
    expect(logs.some((l) => /ready after .*\/v1\/models 200/.test(l))).toBe(true);
    const [r] = await engine.run(requests(['x']), { mode: 'batch' });
    expect(r!.error).toBeUndefined();
    const pid = settings.server_pid as number;
    await engine.unload();
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('a server that ignores SIGTERM is killed after stop_timeout_s', async () => {
    const engine = new OpenAIEngine();
    logs.length = 0;
    await engine.load(config(launch(['--usage', '--ignore-sigterm'])), ctx);
    const pid = engine.effectiveSettings().server_pid as number;
    await engine.unload();
    expect(logs.some((l) => /still running 1 s after SIGTERM; sending SIGKILL/.test(l))).toBe(true);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('the guardian kills the server when llem goes away without stopping it (its stdin closes)', async () => {
    const guard = spawn(
      process.execPath,
      ['-e', GUARD_SCRIPT, process.execPath, FAKE_SERVER, '--port', '0'],
      {
        detached: true,
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const port = await new Promise<number>((resolve) => {
      guard.stdout.on('data', (d: Buffer) => {
        const m = /listening on (\d+)/.exec(String(d));
        if (m) resolve(Number(m[1]));
      });
    });
    const up = await fetch(`http://127.0.0.1:${port}/health`);
    expect(up.status).toBe(200);
    const exited = new Promise((resolve) => guard.on('exit', (code, signal) => resolve(signal ?? code)));
    guard.stdin.end(); // what the OS does when llem dies
    expect(await exited).toBe('SIGKILL');
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it('never ready: ERR_ENGINE_FAILED after ready_timeout_s, with its last log lines', async () => {
    const error = await new OpenAIEngine()
      .load(config(launch(['--never-ready'])), ctx)
      .catch((e: unknown) => e);
    expect(isLlemError(error, 'ERR_ENGINE_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(
      /not ready within 1\.5 s \(openai\.launch\.ready_timeout_s; last probe: \/health 503\); last log lines:\nfake server: listening/,
    );
  });

  it('exits at start: ERR_ENGINE_FAILED with the exit code and what it printed', async () => {
    const error = await new OpenAIEngine()
      .load(config(launch(['--exit-at-start'])), ctx)
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /exited before it was ready \(code 2\); last log lines:\nfake server: cannot load the model/,
    );
  });

  it('a program that does not exist: probe says why, load fails clearly', async () => {
    const c = config({ launch: { command: ['/nonexistent/llem-server'] } });
    const probe = await new OpenAIEngine().probe(c);
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/\/nonexistent\/llem-server was not found/);
    expect(probe.version).toMatch(/^llem HTTP\/1\.1 client \(Node \d/);
    const error = await new OpenAIEngine().load(c, ctx).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/could not start \/nonexistent\/llem-server: .*ENOENT/);
  });

  it('dies mid-run: failed requests name the exit, and the run is an ERR_ENGINE_FAILED with the log', async () => {
    const engine = new OpenAIEngine();
    // Request 1 is the load's usage probe; the server dies as the 3rd request starts.
    await engine.load(
      config(launch(['--usage', '--exit-after-requests', '3', '--token-delay-ms', '5'])),
      ctx,
    );
    const error = await engine
      .run(requests(['a', 'b', 'c', 'd']), { mode: 'concurrency', concurrency: 1 })
      .catch((e: unknown) => e);
    expect(isLlemError(error, 'ERR_ENGINE_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(
      /the server exited during the run \(1 of 4 requests finished\) \(code 3\); last log lines:\n[\s\S]*dying after 3 requests/,
    );
    await engine.unload();
  });
});
