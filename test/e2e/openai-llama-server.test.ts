import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/engines/openai/process.js';
import { cliEnv, runCli, SHARED_CACHE, tempDir } from '../helpers/cli.js';
import { external } from '../helpers/external.js';
import { fakeServerCommand, llamaServerCommand } from '../helpers/openai-server.js';

// The openai engine against a real OpenAI-compatible server this project did not write:
// llama-cpp-python's server, serving the generated tiny GGUF on loopback. Its streams carry no
// `usage` block and it has no `/health`, so the tokenizer fallback and `/v1/models` readiness run
// for real. The interpreter comes from `.ci/run` (a cached virtual environment).

const PYTHON = external(
  'LLEM_TEST_PYTHON_LLAMA_SERVER',
  "llama-cpp-python's server (llama-cpp-python[server])",
);
const describeServer = PYTHON ? describe : describe.skip;

const QUICK_MEASUREMENT = `measurement:
  warmup: { n_warmup: 1, thermal_floor_s: 0 }
  baseline: { enabled: false }
  energy: { min_window_s: 0, cpu_contention_threshold: 1 } # other test files run beside this one
`;

const serverArgv = () => llamaServerCommand(PYTHON!);

function findAll(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name === name)
    .map((e) => join(e.parentPath, e.name));
}

async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const buf = readFileSync(path);
  return parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
}

const PROMPTS = [
  'The quick brown fox jumps over the lazy dog.',
  'Energy per token',
  'Explain why the sky is blue.',
];

describeServer("openai engine against llama-cpp-python's server (real peer, loopback)", () => {
  it('llem run, rate mode, launched by command: latency percentiles, goodput, load energy, tokens counted by the fallback', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'rate.yaml'),
      `model: builtin:tiny
engine: openai
openai:
  launch:
    command: ${JSON.stringify(serverArgv())}
    ready_timeout_s: 120
dataset: { n_prompts: 6 }
max_output_tokens: 8
load: { mode: rate, rate_rps: 4, arrival: constant, fill_min_window: false }
slo: { ttft_ms: 5000, itl_ms: 1000, e2e_ms: 10000 }
${QUICK_MEASUREMENT}`,
    );
    const r = await runCli(['run', 'rate.yaml', '--json', '-o', 'out'], { cwd: dir, timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const [file] = findAll(join(dir, 'out'), 'result.json');
    const result = JSON.parse(readFileSync(file!, 'utf8'));
    expect(result.status).toBe('ok');
    expect(result.engine.name).toBe('openai');
    expect(result.engine.capabilities).toMatchObject({ streaming: true, inProcess: false });
    const s = result.engine.settings;
    expect(s.mode).toBe('launch');
    expect(s.argv.slice(0, 3)).toEqual([PYTHON, '-m', 'llama_cpp.server']);
    expect(s.served_model).toMatch(/llem-tiny-tiny-f32.*\.gguf$/);
    // No usage block in this server's streams: the record says how tokens were counted instead.
    expect(s.token_counts).toMatchObject({
      input: 'tokenizer (server /extras/tokenize)',
      output: expect.stringMatching(/^stream events/),
      requests_with_usage: 0,
      requests_without_usage: 6,
    });
    expect(result.tokens.requests_ok).toBe(6);
    expect(result.tokens.input).toBeGreaterThan(6);
    expect(result.tokens.output).toBeGreaterThan(0);
    const m = result.metrics;
    for (const key of ['ttft_queued', 'ttft_service', 'e2e_queued', 'e2e_service']) {
      expect(m[key].n, key).toBe(6);
      expect(m[key].p99_ms).toBeGreaterThanOrEqual(m[key].p50_ms);
    }
    expect(m.itl.n).toBeGreaterThan(0);
    expect(m.schedule).toMatchObject({ mode: 'rate', arrival: 'constant', requests_sent: 6 });
    // The generator-CPU check names the pacer's event-loop wait separately from the client's work.
    const generator = result.validity.checks.find((c: { id: string }) => c.id === 'generator_cpu');
    expect(generator?.detail).toMatch(/% working, [\d.]+ % waiting on the event loop for send times/);
    expect(m.goodput).toMatchObject({ requests_total: 6, requests_meeting: 6, share_meeting: 1 });
    expect(m.goodput.j_per_goodput_request).toBeGreaterThan(0);
    expect(m.energy_j).toBeGreaterThan(0);
    // The server's start-up is the load phase: its energy is recorded beside the window's.
    expect(m.load_energy_j).toBeGreaterThan(0);
    expect(result.timings.load_s).toBeGreaterThan(0);
    const log = readFileSync(join(file!, '..', 'run.log'), 'utf8');
    expect(log).toMatch(/server: starting .*llama_cpp\.server/);
    expect(log).toMatch(/server: ready after [\d.]+ s \(\/v1\/models 200\)/);
    expect(log).toMatch(/openai: stopping the server/);
  });

  describe('attached to a server the test started', () => {
    let server: ChildProcess;
    let url = '';
    let modelPath = '';
    beforeAll(async () => {
      const dir = tempDir();
      const made = await runCli(['models', 'tiny', '--out', 'tiny.gguf'], { cwd: dir });
      expect(made.code, made.stderr).toBe(0);
      modelPath = join(dir, 'tiny.gguf');
      const port = await freePort('127.0.0.1');
      url = `http://127.0.0.1:${port}`;
      server = spawn(
        PYTHON!,
        [
          '-m',
          'llama_cpp.server',
          '--model',
          modelPath,
          '--port',
          String(port),
          '--n_threads',
          '1',
          '--interrupt_requests',
          'False',
        ],
        {
          stdio: 'ignore',
        },
      );
      for (let i = 0; i < 240; i++) {
        const ok = await fetch(`${url}/v1/models`).then(
          (res) => res.ok,
          () => false,
        );
        if (ok) return;
        await new Promise((res) => setTimeout(res, 500));
      }
      throw new Error('llama-cpp-python server did not start');
    }, 150_000);
    afterAll(() => {
      server?.kill('SIGKILL');
    });

    it('token counts are exact: the same as the usage block of the same requests made without streaming', async () => {
      const dir = tempDir();
      writeFileSync(
        join(dir, 'prompts.jsonl'),
        `${PROMPTS.map((prompt) => JSON.stringify({ prompt })).join('\n')}\n`,
      );
      writeFileSync(
        join(dir, 'attach.yaml'),
        `model: ${modelPath}
engine: openai
openai: { base_url: '${url}' }
dataset: { source: prompts.jsonl, n_prompts: 3 }
max_output_tokens: 12
load: { mode: concurrency, concurrency: 1, fill_min_window: false }
${QUICK_MEASUREMENT}`,
      );
      const r = await runCli(['run', 'attach.yaml', '--json', '-o', 'out'], { cwd: dir, timeoutMs: 180_000 });
      expect(r.code, r.stderr).toBe(0);
      const [file] = findAll(join(dir, 'out'), 'result.json');
      const result = JSON.parse(readFileSync(file!, 'utf8'));
      expect(result.status).toBe('ok');
      expect(result.engine.settings.mode).toBe('attach');
      expect(result.engine.settings.energy_note).toMatch(/only devices on this host/);
      const rows = await readParquet(findAll(join(dir, 'out'), 'requests.parquet')[0]!);
      const counted = rows.map((q) => [Number(q.input_tokens), Number(q.output_tokens)]).sort();
      const reference: number[][] = [];
      for (const prompt of PROMPTS) {
        const res = await fetch(`${url}/v1/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: modelPath, prompt, max_tokens: 12, temperature: 0 }),
        });
        const body = (await res.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
        reference.push([body.usage.prompt_tokens, body.usage.completion_tokens]);
      }
      expect(counted).toEqual(reference.sort());
    });
  });

  it('a 2-point rate sweep runs as a study, one server per point', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'sweep.yaml'),
      `model: builtin:tiny
engine: openai
openai:
  launch:
    command: ${JSON.stringify(serverArgv())}
    ready_timeout_s: 120
dataset: { n_prompts: 4 }
max_output_tokens: 4
load: { mode: rate, arrival: constant, fill_min_window: false }
${QUICK_MEASUREMENT}sweep:
  load.rate_rps: [2, 8]
`,
    );
    const r = await runCli(['run', 'sweep.yaml', '--no-gaps', '--cycles', '1', '--json', '-o', 'out'], {
      cwd: dir,
      timeoutMs: 300_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const results = findAll(join(dir, 'out'), 'result.json').map((f) => JSON.parse(readFileSync(f, 'utf8')));
    expect(results.map((x) => x.status)).toEqual(['ok', 'ok']);
    expect(results.map((x) => x.metrics.schedule.planned_rate_rps).sort((a, b) => a - b)).toEqual([2, 8]);
  });
});

describe('openai engine, launched test server that sends usage (built CLI)', () => {
  it('counts come from the usage block, and the record says so', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'usage.yaml'),
      `model: fake-model
engine: openai
openai:
  launch: { command: ${JSON.stringify(fakeServerCommand(['--usage']))}, ready_timeout_s: 20 }
dataset: { n_prompts: 4 }
max_output_tokens: 5
load: { mode: concurrency, concurrency: 2, fill_min_window: false }
${QUICK_MEASUREMENT}`,
    );
    const r = await runCli(['run', 'usage.yaml', '--json', '-o', 'out'], {
      cwd: dir,
      env: cliEnv({ LLEM_CACHE_DIR: SHARED_CACHE }),
    });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(findAll(join(dir, 'out'), 'result.json')[0]!, 'utf8'));
    expect(result.status).toBe('ok');
    expect(result.engine.settings.token_counts).toMatchObject({
      input: 'usage',
      output: 'usage',
      requests_with_usage: 4,
    });
    expect(result.tokens.output).toBe(20);
  });
});
