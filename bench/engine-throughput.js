// Engine overhead: tokens/s of llem's llamacpp engine against a minimal hand-written
// node-llama-cpp token loop doing the same work (same model file, threads, sequences, context
// size, batch size, flash attention, KV cache types, prompt tokens with the same BOS rule,
// sampling values and seeds, `evaluate` with `yieldEogToken`, exact output length), in one
// process. Three sides:
//   direct  — the loop on its own runtime, model and context (what a user would write);
//   engine  — `engine.run` in batch mode;
//   shared  — the same loop on the engine's own sequence, so that it differs from `engine` only
//             in the code path (llem's scheduler and per-token timestamps), not in the context.
// Two contexts in one process need not be equally fast (the earlier bench, loading each side once,
// gave 0.947 in one run and 1.006–1.03 in others, each run consistent across its repetitions, while
// llem's per-token code costs a few µs). So every repetition
// loads both sides afresh, in alternating order, warms each, and runs the sides in rotated order;
// each repetition gives one ratio per pair, and the bench reports min/median/max of those ratios
// and of each side's tokens/s. Goal: engine/direct ≥ 0.99.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as nodeLlamaCpp from 'node-llama-cpp';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { experimentSchema } from '../dist/config/schema.js';
import { systemClock } from '../dist/core/clock.js';
import { createLlamaCppEngine } from '../dist/engines/llamacpp/index.js';
import { requestSeed, resolveSampling } from '../dist/engines/llamacpp/sampling.js';
import { resolveModel } from '../dist/models/resolve.js';

const MODEL = process.env.LLEM_BENCH_MODEL ?? 'builtin:small@q4_0';
const PROMPTS = 8;
const OUTPUT_TOKENS = 64;
const MAX_INPUT_TOKENS = 64;
/** A multiple of 6, so that each side runs first, second and third equally often under each load order. */
const REPETITIONS = Number(process.env.LLEM_BENCH_REPETITIONS ?? 6);
const GOAL = 0.99;

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs, digits) => {
  const s = sorted(xs);
  return `min ${s[0].toFixed(digits)} / median ${median(s).toFixed(digits)} / max ${s.at(-1).toFixed(digits)}`;
};

/**
 * CPU time of the calling (main) thread, ms. llem's code path can only add work on this thread
 * (node-llama-cpp decodes and samples on libuv worker threads), and CPU time is far less disturbed
 * by other processes than wall time, so its difference per token bounds llem's cost on a busy machine.
 */
const mainThreadCpuMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;

const prompts = Array.from(
  { length: PROMPTS },
  (_, i) => `Prompt ${i}: describe how the energy of a language model is measured, step ${i + 1}.`,
);

/**
 * node-llama-cpp with `getLlama` wrapped so that the sequence the engine takes from its context
 * is handed to `onSequence` (the `shared` side runs the direct loop on it).
 */
function capturingLoader(onSequence) {
  // One module object for every load, so that the engine reuses one runtime (as in llem).
  let wrapped;
  const wrapContext = (context) => {
    const getSequence = context.getSequence.bind(context);
    context.getSequence = (...args) => {
      const sequence = getSequence(...args);
      onSequence(sequence);
      return sequence;
    };
    return context;
  };
  const wrapModel = (model) => {
    const createContext = model.createContext.bind(model);
    model.createContext = async (...args) => wrapContext(await createContext(...args));
    return model;
  };
  return async () => {
    wrapped ??= {
      ...nodeLlamaCpp,
      getLlama: async (...args) => {
        const llama = await nodeLlamaCpp.getLlama(...args);
        const loadModel = llama.loadModel.bind(llama);
        llama.loadModel = async (...a) => wrapModel(await loadModel(...a));
        return llama;
      },
    };
    return wrapped;
  };
}

/** Prompt tokens exactly as the engine builds them (`src/engines/llamacpp/prompt.ts`). */
function promptTokens(model, prompt) {
  const tokens = model.tokenize(prompt);
  const bos = model.tokens.bos;
  if (bos !== null && model.tokens.shouldPrependBosToken && tokens[0] !== bos) tokens.unshift(bos);
  if (tokens.length > MAX_INPUT_TOKENS)
    throw new Error(`prompt of ${tokens.length} tokens would be truncated`);
  return tokens;
}

/** What a user would write: a token loop with `evaluate`, stopping after N tokens; returns tokens/s and main-thread CPU per token. */
async function direct(sequence, sampling, randomSeed, only = prompts) {
  const model = sequence.model;
  const cpu0 = mainThreadCpuMs();
  const started = performance.now();
  let tokens = 0;
  for (const [id, prompt] of only.entries()) {
    if (sequence.nextTokenIndex > 0) await sequence.clearHistory();
    const options = {
      temperature: sampling.temperature,
      topK: sampling.topK,
      topP: sampling.topP,
      minP: sampling.minP,
      seed: requestSeed(randomSeed, id),
      yieldEogToken: true,
    };
    let n = 0;
    for await (const _token of sequence.evaluate(promptTokens(model, prompt), options)) {
      if (++n >= OUTPUT_TOKENS) break;
    }
    tokens += n;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = mainThreadCpuMs() - cpu0;
  if (tokens !== only.length * OUTPUT_TOKENS) throw new Error(`direct loop produced ${tokens} tokens`);
  return { tps: tokens / seconds, cpuUsPerToken: (cpuMs * 1000) / tokens };
}

/** The engine, in batch mode; returns tokens/s and main-thread CPU per token. */
async function viaEngine(engine, only = prompts) {
  const requests = only.map((prompt, id) => ({
    id,
    prompt,
    maxOutputTokens: OUTPUT_TOKENS,
    scheduledOffsetMs: 0,
  }));
  const cpu0 = mainThreadCpuMs();
  const started = performance.now();
  const records = await engine.run(requests, { mode: 'batch' });
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = mainThreadCpuMs() - cpu0;
  const failed = records.find((r) => r.error !== undefined);
  if (failed) throw new Error(`engine request ${failed.id} failed: ${failed.error}`);
  const tokens = records.reduce((n, r) => n + r.outputTokens, 0);
  if (tokens !== only.length * OUTPUT_TOKENS) throw new Error(`engine produced ${tokens} tokens`);
  return { tps: tokens / seconds, cpuUsPerToken: (cpuMs * 1000) / tokens };
}

/** Throws unless the direct context was created with the engine's effective settings. */
function checkSameSettings(settings, context) {
  const ggml = (t) => String(nodeLlamaCpp.GgmlType[t] ?? t).toLowerCase();
  const pairs = {
    threads: [settings.threads, context.idealThreads],
    sequences: [settings.sequences, context.totalSequences],
    context_size: [settings.context_size, context.contextSize],
    batch_size: [settings.batch_size, context.batchSize],
    flash_attention: [settings.flash_attention, context.flashAttention],
    kv_cache_type_k: [settings.kv_cache_type_k, ggml(context.kvCacheKeyType)],
    kv_cache_type_v: [settings.kv_cache_type_v, ggml(context.kvCacheValueType)],
  };
  for (const [name, [engine, own]] of Object.entries(pairs)) {
    if (engine !== own)
      throw new Error(`not the same work: ${name} is ${engine} in the engine, ${own} in the direct loop`);
  }
}

/** Runs the comparison; returns `{ name, lines, ratio }` (ratio = median per-repetition engine/direct tokens/s). */
export async function run({ log = () => {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'llem-bench-engine-'));
  const config = experimentSchema.parse({
    model: MODEL,
    max_input_tokens: MAX_INPUT_TOKENS,
    max_output_tokens: OUTPUT_TOKENS,
    fixed_output_length: true,
    llamacpp: { sequences: 1, gpu_layers: 0 },
  });
  const sampling = resolveSampling(config.sampling);
  const ctx = { clock: systemClock, cacheDir: dir, baseDir: dir, log: () => {} };
  let engineSequence;
  const engine = createLlamaCppEngine({ llamaLoader: capturingLoader((s) => (engineSequence = s)) });
  let context;
  let model;
  const unloadDirect = async () => {
    await context?.dispose();
    await model?.dispose();
    context = model = undefined;
  };
  try {
    log(`engine-throughput: preparing ${MODEL}`);
    const { path } = await resolveModel(MODEL, { cacheDir: dir, baseDir: dir });
    // The engine's own choices (default threads, padded context size, batch size) are used for the direct loop too.
    await engine.load(config, ctx);
    const settings = engine.effectiveSettings();
    await engine.unload();
    const llama = await getLlama({
      gpu: false,
      build: 'never',
      maxThreads: 0,
      logLevel: LlamaLogLevel.error,
    });
    const loadDirect = async () => {
      model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
      context = await model.createContext({
        contextSize: settings.context_size,
        sequences: 1,
        threads: settings.threads,
        batchSize: settings.batch_size,
        flashAttention: settings.flash_attention,
      });
      checkSameSettings(settings, context);
      return context.getSequence();
    };
    const loadEngine = async () => {
      engineSequence = undefined;
      await engine.load(config, ctx);
      if (engineSequence === undefined)
        throw new Error('the engine did not take a sequence from its context');
    };

    const names = ['direct', 'engine', 'shared'];
    const tps = Object.fromEntries(names.map((n) => [n, []]));
    const cpu = Object.fromEntries(names.map((n) => [n, []]));
    for (let i = 0; i < REPETITIONS; i++) {
      // Fresh contexts every repetition, created in alternating order.
      let ownSequence;
      if (i % 2 === 0) {
        await loadEngine();
        ownSequence = await loadDirect();
      } else {
        ownSequence = await loadDirect();
        await loadEngine();
      }
      const sides = {
        direct: (only) => direct(ownSequence, sampling, config.random_seed, only),
        engine: (only) => viaEngine(engine, only),
        shared: (only) => direct(engineSequence, sampling, config.random_seed, only),
      };
      for (const name of names) await sides[name](prompts.slice(0, 1)); // warm each fresh context
      // Rotate the order, so no side always runs on a warmer (or more throttled) CPU.
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + k) % names.length];
        const r = await sides[name]();
        tps[name].push(r.tps);
        cpu[name].push(r.cpuUsPerToken);
      }
      await engine.unload();
      await unloadDirect();
      log(
        `engine-throughput: rep ${i + 1}/${REPETITIONS} (${i % 2 === 0 ? 'engine' : 'direct'} loaded first): ` +
          names.map((n) => `${n} ${tps[n].at(-1).toFixed(1)}`).join(', ') +
          ' tokens/s',
      );
    }
    const pairRatios = (a, b) => tps[a].map((x, i) => x / tps[b][i]);
    const engineDirect = pairRatios('engine', 'direct');
    const engineShared = pairRatios('engine', 'shared');
    const sharedDirect = pairRatios('shared', 'direct');
    const ratio = median(engineDirect);
    const below = engineDirect.filter((r) => r < 1).length;
    const extraUs = median(cpu.engine) - median(cpu.shared);
    const tokenUs = 1e6 / median(tps.engine);
    const lines = [
      `model ${MODEL}, threads ${settings.threads}, context ${settings.context_size}, batch ${settings.batch_size}, ` +
        `flash attention ${settings.flash_attention}, sequences 1, ${PROMPTS} prompts × ${OUTPUT_TOKENS} tokens, ` +
        `${REPETITIONS} repetitions (fresh contexts in alternating order, sides rotated)`,
      `direct node-llama-cpp loop, own context:   ${spread(tps.direct, 1)} tokens/s`,
      `llem llamacpp engine:                      ${spread(tps.engine, 1)} tokens/s`,
      `direct loop on the engine's own sequence:  ${spread(tps.shared, 1)} tokens/s`,
      `engine/direct per repetition: ${spread(engineDirect, 3)} (${below} of ${REPETITIONS} below 1; goal ≥ ${GOAL}: ` +
        `${ratio >= GOAL ? 'met' : 'NOT met'} by the median)`,
      `engine/shared (llem's code path only, same context): ${spread(engineShared, 3)}`,
      `shared/direct (same loop, engine's context vs its own): ${spread(sharedDirect, 3)}`,
      `main-thread CPU per token, µs (median): direct ${median(cpu.direct).toFixed(1)}, engine ${median(cpu.engine).toFixed(1)}, ` +
        `shared ${median(cpu.shared).toFixed(1)}; llem's code path adds ${extraUs.toFixed(1)} µs = ` +
        `${((100 * extraUs) / tokenUs).toFixed(2)} % of a token (${tokenUs.toFixed(0)} µs at the engine's median speed)`,
    ];
    return { name: 'engine-throughput', lines, ratio };
  } finally {
    await engine.unload();
    await unloadDirect();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run({ log: (line) => console.error(line) });
  console.log(result.lines.join('\n'));
}
