// Engine overhead: tokens/s of llem's llamacpp engine against a minimal hand-written
// node-llama-cpp token loop, same model, threads, context, prompts and output length, alternated
// in one process. Goal: ratio (engine / direct) ≥ 0.99; must be ≥ 0.97.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { experimentSchema } from '../dist/config/schema.js';
import { systemClock } from '../dist/core/clock.js';
import { createLlamaCppEngine } from '../dist/engines/llamacpp/index.js';
import { resolveModel } from '../dist/models/resolve.js';

const MODEL = process.env.LLEM_BENCH_MODEL ?? 'builtin:small@q4_0';
const PROMPTS = 8;
const OUTPUT_TOKENS = 64;
const REPETITIONS = 8;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const prompts = Array.from(
  { length: PROMPTS },
  (_, i) => `Prompt ${i}: describe how the energy of a language model is measured, step ${i + 1}.`,
);

/** (a) What a user would write: one sequence, token loop with `evaluate`, stop after N tokens. */
async function direct(model, sequence) {
  const started = performance.now();
  let tokens = 0;
  for (const prompt of prompts) {
    if (sequence.nextTokenIndex > 0) await sequence.clearHistory();
    const input = [model.tokens.bos, ...model.tokenize(prompt)];
    let n = 0;
    for await (const _token of sequence.evaluate(input, { temperature: 0, yieldEogToken: true })) {
      if (++n >= OUTPUT_TOKENS) break;
    }
    tokens += n;
  }
  return tokens / ((performance.now() - started) / 1000);
}

/** (b) The engine, in batch mode. */
async function viaEngine(engine) {
  const requests = prompts.map((prompt, id) => ({
    id,
    prompt,
    maxOutputTokens: OUTPUT_TOKENS,
    scheduledOffsetMs: 0,
  }));
  const started = performance.now();
  const records = await engine.run(requests, { mode: 'batch' });
  const seconds = (performance.now() - started) / 1000;
  const failed = records.find((r) => r.error !== undefined);
  if (failed) throw new Error(`engine request ${failed.id} failed: ${failed.error}`);
  return records.reduce((n, r) => n + r.outputTokens, 0) / seconds;
}

/** Runs the comparison; returns `{ name, lines, ratio }` (ratio = engine / direct tokens/s). */
export async function run({ log = () => {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'llem-bench-engine-'));
  const maxInput = 64;
  const config = experimentSchema.parse({
    model: MODEL,
    max_input_tokens: maxInput,
    max_output_tokens: OUTPUT_TOKENS,
    fixed_output_length: true,
    llamacpp: { sequences: 1, gpu_layers: 0 },
  });
  const ctx = { clock: systemClock, cacheDir: dir, baseDir: dir, log: () => {} };
  const engine = createLlamaCppEngine();
  let context;
  let model;
  try {
    log(`engine-throughput: preparing ${MODEL}`);
    const { path } = await resolveModel(MODEL, { cacheDir: dir, baseDir: dir });
    await engine.load(config, ctx);
    // The engine's own choices (default threads, padded context size) are used for the direct loop too.
    const { context_size: contextSize, threads } = engine.effectiveSettings();

    const llama = await getLlama({
      gpu: false,
      build: 'never',
      maxThreads: 0,
      logLevel: LlamaLogLevel.error,
    });
    model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
    context = await model.createContext({ contextSize, sequences: 1, threads });
    const sequence = context.getSequence();

    await direct(model, sequence);
    await viaEngine(engine);
    const a = [];
    const b = [];
    for (let i = 0; i < REPETITIONS; i++) {
      // Alternate which goes first, so neither always runs on a warmer (or more throttled) CPU.
      if (i % 2 === 0) {
        a.push(await direct(model, sequence));
        b.push(await viaEngine(engine));
      } else {
        b.push(await viaEngine(engine));
        a.push(await direct(model, sequence));
      }
      log(
        `engine-throughput: rep ${i + 1}/${REPETITIONS}: direct ${a.at(-1).toFixed(1)}, engine ${b.at(-1).toFixed(1)} tokens/s`,
      );
    }
    const ratio = median(b) / median(a);
    const lines = [
      `model ${MODEL}, threads ${threads}, context ${contextSize}, sequences 1, ${PROMPTS} prompts × ${OUTPUT_TOKENS} tokens, ${REPETITIONS} alternated repetitions`,
      `direct node-llama-cpp loop: median ${median(a).toFixed(1)} tokens/s (${a.map((x) => x.toFixed(0)).join(', ')})`,
      `llem llamacpp engine:       median ${median(b).toFixed(1)} tokens/s (${b.map((x) => x.toFixed(0)).join(', ')})`,
      `ratio engine/direct: ${ratio.toFixed(3)} of medians (goal ≥ 0.99, must be ≥ 0.97); ` +
        `${(Math.max(...b) / Math.max(...a)).toFixed(3)} of best runs (insensitive to other load on the machine)`,
    ];
    return { name: 'engine-throughput', lines, ratio };
  } finally {
    await engine.unload();
    await context?.dispose();
    await model?.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run({ log: (line) => console.error(line) });
  console.log(result.lines.join('\n'));
}
