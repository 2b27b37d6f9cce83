// The Python worker's overhead: output tokens/s of a transformers `generate` batch run through
// llem (PythonEngine → worker.py over stdio → generate, timed in Node around `engine.run`) ÷ the
// same call made directly in Python (tokenize + generate, timed in Python), same model, batch and
// lengths, rounds alternating between the two sides in one run (goal ≥ 0.98). Needs a Python
// with torch and transformers: LLEM_BENCH_PYTHON, else LLEM_TEST_PYTHON_TRANSFORMERS; skipped
// with the reason otherwise. Run: `npm run build && node bench/python-worker.js`
// (LLEM_BENCH_ROUNDS [16], LLEM_BENCH_HIDDEN [256], LLEM_BENCH_LAYERS [4]). Wall-clock tokens/s
// swings with other jobs on a shared machine, so the bench also prints CPU time per token of
// each side (llem: the worker process + llem's own Node process; direct: its Python process), a
// figure other jobs disturb far less.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { experimentSchema } from '../dist/config/schema.js';
import { systemClock } from '../dist/core/clock.js';
import { createPythonEngine } from '../dist/engines/python/index.js';

const PYTHON = process.env.LLEM_BENCH_PYTHON ?? process.env.LLEM_TEST_PYTHON_TRANSFORMERS;
const ROUNDS = Number(process.env.LLEM_BENCH_ROUNDS ?? 16);
const HIDDEN = Number(process.env.LLEM_BENCH_HIDDEN ?? 256);
const LAYERS = Number(process.env.LLEM_BENCH_LAYERS ?? 4);
const BATCH = 4;
const N = 32;
const MAX_IN = 64;
const PROMPTS = Array.from(
  { length: BATCH },
  (_, i) => `Prompt ${i}: describe how the energy of a language model is measured, step ${i + 1}.`,
);
const root = new URL('..', import.meta.url).pathname;
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

/** CPU seconds (user + system, live threads) of process `pid`, from /proc (Linux; 0 elsewhere). */
function cpuS(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** Pids of this process's children (the worker is the Python child that is not `except`). */
function children(except) {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === except) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === process.pid) out.push(Number(name));
    } catch {}
  }
  return out;
}

/** Runs the alternating rounds; returns `{ name, lines, ratio }` (ratio = median of per-round llem ÷ direct). */
export async function run({ log = () => {} } = {}) {
  const name = 'python-worker (transformers generate through llem ÷ direct, tokens/s)';
  if (!PYTHON || !existsSync(PYTHON)) {
    const why =
      'skipped: no Python with torch and transformers (set LLEM_BENCH_PYTHON or LLEM_TEST_PYTHON_TRANSFORMERS)';
    return { name, lines: [why], ratio: null };
  }
  const env = { ...process.env, OMP_NUM_THREADS: '1' };
  const model = join(tmpdir(), `llem-bench-llama-${HIDDEN}x${LAYERS}`);
  if (!existsSync(join(model, 'config.json'))) {
    log(`python-worker: writing a random Llama (hidden ${HIDDEN}, ${LAYERS} layers) to ${model}`);
    execFileSync(
      PYTHON,
      [join(root, 'test/python/make_tiny_llama.py'), model, String(HIDDEN), String(LAYERS)],
      {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  const direct = spawn(
    PYTHON,
    [join(root, 'bench/python-direct.py'), model, String(BATCH), String(N), String(MAX_IN)],
    {
      env,
      stdio: ['pipe', 'pipe', 'ignore'],
    },
  );
  const lines = createInterface({ input: direct.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value);
  const engine = createPythonEngine('transformers', { env: { ...env, LLEM_PYTHON: PYTHON } });
  try {
    await next(); // ready
    const config = experimentSchema.parse({
      model,
      engine: 'transformers',
      max_input_tokens: MAX_IN,
      max_output_tokens: N,
      fixed_output_length: true,
      transformers: { batch_size: BATCH },
    });
    await engine.load(config, { clock: systemClock, cacheDir: tmpdir(), baseDir: tmpdir(), log: () => {} });
    const requests = PROMPTS.map((prompt, id) => ({ id, prompt, maxOutputTokens: N, scheduledOffsetMs: 0 }));
    const workerPid = children(direct.pid)[0];
    const llemCpuS = () => cpuS(workerPid) + process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
    const cpuPerToken = { llem: [], direct: [] };
    const viaLlem = async () => {
      const c0 = llemCpuS();
      const t0 = performance.now();
      const records = await engine.run(requests, { mode: 'batch' });
      const s = (performance.now() - t0) / 1000;
      const tokens = records.reduce((a, r) => a + r.outputTokens, 0);
      cpuPerToken.llem.push((llemCpuS() - c0) / tokens);
      return tokens / s;
    };
    const viaPython = async () => {
      const c0 = cpuS(direct.pid);
      direct.stdin.write(`${JSON.stringify(PROMPTS)}\n`);
      const { output_tokens, seconds } = await next();
      cpuPerToken.direct.push((cpuS(direct.pid) - c0) / output_tokens);
      return output_tokens / seconds;
    };
    await viaLlem(); // warm both sides once (first-call allocations)
    await viaPython();
    const ratios = [];
    const llem = [];
    const py = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which side goes first, so drift on a shared machine hits both alike.
      let mine;
      let theirs;
      if (round % 2 === 0) {
        mine = await viaLlem();
        theirs = await viaPython();
      } else {
        theirs = await viaPython();
        mine = await viaLlem();
      }
      llem.push(mine);
      py.push(theirs);
      ratios.push(mine / theirs);
      log(
        `python-worker: round ${round + 1}/${ROUNDS} llem ${mine.toFixed(0)} vs direct ${theirs.toFixed(0)} tokens/s`,
      );
    }
    const ratio = quantile(ratios, 0.5);
    return {
      name,
      ratio,
      lines: [
        `model: random Llama hidden ${HIDDEN}, ${LAYERS} layers, batch ${BATCH} × ${N} output tokens, greedy, 1 torch thread, ${ROUNDS} alternating rounds`,
        `through llem: median ${quantile(llem, 0.5).toFixed(0)} tokens/s; direct: median ${quantile(py, 0.5).toFixed(0)} tokens/s`,
        `ratio llem ÷ direct: min ${Math.min(...ratios).toFixed(3)} · median ${ratio.toFixed(3)} · max ${Math.max(...ratios).toFixed(3)} (goal ≥ 0.98)`,
        `CPU per output token (medians, 10 ms tick resolution summed per round): llem ${(quantile(cpuPerToken.llem, 0.5) * 1000).toFixed(2)} ms (worker + Node), direct ${(quantile(cpuPerToken.direct, 0.5) * 1000).toFixed(2)} ms; direct ÷ llem ${(quantile(cpuPerToken.direct, 0.5) / quantile(cpuPerToken.llem, 0.5)).toFixed(3)}`,
        `load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
      ],
    };
  } finally {
    await engine.unload();
    direct.stdin.end();
    direct.kill();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run({ log: (l) => console.log(`  … ${l}`) });
  console.log(`\n== ${result.name}`);
  for (const line of result.lines) console.log(`  ${line}`);
}
