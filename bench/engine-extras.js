// llem's code path one extra at a time, on one sequence of one context (so the context instance
// cannot differ): a bare node-llama-cpp `evaluate` loop, the same loop plus a clock read per token
// (llem's per-token timestamps), `generate` (prompt rule, limits, abort checks, the record), and
// `schedule` around it (what `engine.run` does). Variants are rotated every round; the bench
// reports per-token wall time and main-thread CPU (the only thread llem's code runs on) per
// variant. Run: `npm run build && node bench/engine-extras.js` (LLEM_BENCH_MODEL, LLEM_BENCH_ROUNDS).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as nodeLlamaCpp from 'node-llama-cpp';
import { experimentSchema } from '../dist/config/schema.js';
import { systemClock } from '../dist/core/clock.js';
import { generate } from '../dist/engines/llamacpp/generate.js';
import { loadModel } from '../dist/engines/llamacpp/load.js';
import { requestSeed, resolveSampling } from '../dist/engines/llamacpp/sampling.js';
import { schedule } from '../dist/engines/llamacpp/scheduler.js';

const MODEL = process.env.LLEM_BENCH_MODEL ?? 'builtin:small@q4_0';
const ROUNDS = Number(process.env.LLEM_BENCH_ROUNDS ?? 16);
const N = 64;
const PROMPT = 'Prompt 1: describe how the energy of a language model is measured, step 2.';

const mainThreadCpuMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

/** Runs the variants; returns `{ name, lines, ratio }` (ratio = schedule ÷ bare loop, median wall per token). */
export async function run({ log = () => {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'llem-bench-extras-'));
  const config = experimentSchema.parse({
    model: MODEL,
    max_input_tokens: 64,
    max_output_tokens: N,
    fixed_output_length: true,
    llamacpp: { sequences: 1, gpu_layers: 0 },
  });
  const clock = systemClock;
  log(`engine-extras: preparing ${MODEL}`);
  const loaded = await loadModel(nodeLlamaCpp, config, { clock, cacheDir: dir, baseDir: dir, log: () => {} });
  try {
    const sequence = loaded.sequences[0];
    const sampling = resolveSampling(config.sampling);
    const settings = {
      clock,
      maxInputTokens: 64,
      fixedOutputLength: true,
      sampling,
      randomSeed: config.random_seed,
    };
    const options = {
      temperature: sampling.temperature,
      topK: sampling.topK,
      topP: sampling.topP,
      minP: sampling.minP,
      seed: requestSeed(config.random_seed, 0),
      yieldEogToken: true,
    };
    const request = { id: 0, prompt: PROMPT, maxOutputTokens: N, scheduledOffsetMs: 0 };
    const loop = async (stamp) => {
      if (sequence.nextTokenIndex > 0) await sequence.clearHistory();
      const model = sequence.model;
      const tokens = model.tokenize(PROMPT);
      if (model.tokens.bos !== null && model.tokens.shouldPrependBosToken) tokens.unshift(model.tokens.bos);
      const times = [];
      let n = 0;
      for await (const _token of sequence.evaluate(tokens, options)) {
        if (stamp) times.push(clock.nowMs());
        if (++n >= N) break;
      }
    };
    const variants = {
      'bare loop': () => loop(false),
      '+ clock per token': () => loop(true),
      generate: () => generate(sequence, request, 0, settings),
      'schedule + generate': () =>
        schedule([request], { mode: 'batch' }, (_s, r, at) => generate(sequence, r, at, settings), {
          clock,
          sequences: 1,
        }),
    };
    const names = Object.keys(variants);
    const wall = Object.fromEntries(names.map((n) => [n, []]));
    const cpu = Object.fromEntries(names.map((n) => [n, []]));
    for (const name of names) await variants[name]();
    for (let r = 0; r < ROUNDS; r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(r + k) % names.length];
        const c0 = mainThreadCpuMs();
        const t0 = performance.now();
        await variants[name]();
        wall[name].push(((performance.now() - t0) * 1000) / N);
        cpu[name].push(((mainThreadCpuMs() - c0) * 1000) / N);
      }
    }
    const lines = [
      `model ${MODEL}, one sequence, ${N} tokens per request, ${ROUNDS} rotated rounds (µs per token, p25 / median)`,
    ];
    for (const name of names) {
      lines.push(
        `${name.padEnd(20)} wall ${quantile(wall[name], 0.25).toFixed(1)} / ${quantile(wall[name], 0.5).toFixed(1)}` +
          `   main-thread CPU ${quantile(cpu[name], 0.25).toFixed(1)} / ${quantile(cpu[name], 0.5).toFixed(1)}`,
      );
    }
    const ratio = quantile(wall['bare loop'], 0.5) / quantile(wall['schedule + generate'], 0.5);
    lines.push(
      `bare loop ÷ schedule + generate, median wall per token: ${ratio.toFixed(3)} (tokens/s ratio engine path/bare)`,
    );
    return { name: 'engine-extras', lines, ratio };
  } finally {
    await loaded.context.dispose();
    await loaded.model.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run({ log: (line) => console.error(line) });
  console.log(result.lines.join('\n'));
}
