import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxOverlap } from '../../../test/helpers/overlap.js';
import { type ExperimentConfig, type ExperimentInput, experimentSchema } from '../../config/schema.js';
import { systemClock } from '../../core/clock.js';
import type { Engine, EngineContext, InferenceRequest } from '../engine.js';
import { createLlamaCppEngine } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'llem-llamacpp-gen-'));
const ctx: EngineContext = { clock: systemClock, cacheDir: dir, baseDir: dir, log: () => {} };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A config for the generated tiny model (trusted: no child-process trial load). */
const config = (input: Partial<ExperimentInput> = {}): ExperimentConfig =>
  experimentSchema.parse({
    model: 'builtin:tiny',
    max_input_tokens: 32,
    max_output_tokens: 8,
    ...input,
    llamacpp: { threads: 1, ...input.llamacpp },
  });

const request = (
  id: number,
  maxOutputTokens: number,
  prompt = `Prompt number ${id} about energy.`,
): InferenceRequest => ({
  id,
  prompt,
  maxOutputTokens,
  scheduledOffsetMs: 0,
});

/** Loads a fresh engine with `input`, runs `body`, unloads. */
async function withEngine(
  input: Partial<ExperimentInput>,
  body: (engine: Engine) => Promise<void>,
): Promise<void> {
  const engine = createLlamaCppEngine();
  await engine.load(config(input), ctx);
  try {
    await body(engine);
  } finally {
    await engine.unload();
  }
}

describe('llamacpp generation', () => {
  beforeAll(async () => {
    // Generate the builtin model once, so that later loads only read it.
    await withEngine({}, async () => {});
  });

  for (const sequences of [1, 3]) {
    it(`fixed_output_length gives exactly max_output_tokens (sequences ${sequences})`, async () => {
      await withEngine(
        { fixed_output_length: true, max_output_tokens: 17, llamacpp: { sequences } },
        async (engine) => {
          const records = await engine.run(
            Array.from({ length: 5 }, (_, id) => request(id, 17)),
            { mode: 'batch' },
          );
          for (const r of records) {
            expect(r.error).toBeUndefined();
            expect(r.outputTokens).toBe(17);
            expect(r.tokenTimesMs).toHaveLength(17);
          }
        },
      );
    });
  }

  it('stops at end-of-generation or at the limit without fixed_output_length', async () => {
    await withEngine({ max_output_tokens: 17, sampling: { preset: 'standard' } }, async (engine) => {
      const records = await engine.run(
        Array.from({ length: 6 }, (_, id) => request(id, 17)),
        { mode: 'batch' },
      );
      for (const r of records) {
        expect(r.error).toBeUndefined();
        expect(r.outputTokens).toBeGreaterThan(0);
        expect(r.outputTokens).toBeLessThanOrEqual(17);
      }
    });
  });

  it('counts an end-of-generation token and stops there; fixed_output_length continues past it', async () => {
    // With seed 42 the tiny model's sampled output ends some of these requests early (one in
    // forty at the time of writing); the same requests with fixed_output_length must not end.
    const reqs = Array.from({ length: 40 }, (_, id) => request(id, 64, `p ${id}`));
    let early: number[] = [];
    await withEngine(
      { max_output_tokens: 64, sampling: { preset: 'standard' }, llamacpp: { sequences: 4 } },
      async (engine) => {
        const records = await engine.run(reqs, { mode: 'batch' });
        early = records.filter((r) => r.outputTokens < 64).map((r) => r.id);
        for (const r of records) expect(r.outputTokens).toBeGreaterThan(0);
      },
    );
    expect(early.length).toBeGreaterThan(0);
    await withEngine(
      {
        max_output_tokens: 64,
        fixed_output_length: true,
        sampling: { preset: 'standard' },
        llamacpp: { sequences: 4 },
      },
      async (engine) => {
        const records = await engine.run(
          early.map((id) => reqs[id]!),
          { mode: 'batch' },
        );
        for (const r of records) expect(r.outputTokens).toBe(64);
      },
    );
  });

  it('truncates prompts to max_input_tokens (BOS included) and evaluates exact token ids as given', async () => {
    await withEngine({ max_input_tokens: 16 }, async (engine) => {
      const tokenizer = engine.tokenizer();
      const short = 'Energy per token.';
      const long = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
      expect(tokenizer.tokenize(long).length).toBeGreaterThan(16);
      const records = await engine.run(
        [
          request(0, 2, short),
          request(1, 2, long),
          { ...request(2, 2), tokens: [300, 301, 302, 303] },
          { ...request(3, 2), tokens: Array.from({ length: 40 }, (_, i) => 300 + i) },
        ],
        { mode: 'batch' },
      );
      expect(records[0]!.inputTokens).toBe(tokenizer.tokenize(short).length + 1);
      expect(records[0]!.truncated).toBeUndefined();
      expect(records[1]!.inputTokens).toBe(16);
      expect(records[1]!.truncated).toBe(true);
      expect(records[2]!.inputTokens).toBe(4);
      expect(records[3]!.inputTokens).toBe(16);
      expect(records[3]!.truncated).toBe(true);
      for (const r of records) expect(r.error).toBeUndefined();
    });
  });

  it('records a failing request as an error and continues with the others', async () => {
    await withEngine({ llamacpp: { sequences: 2 } }, async (engine) => {
      const records = await engine.run([request(0, 4), request(1, 100_000), request(2, 4)], {
        mode: 'batch',
      });
      expect(records[1]!.error).toMatch(/exceed the context size.*context_size/);
      expect(records[1]!.outputTokens).toBe(0);
      expect(records[0]!.error).toBeUndefined();
      expect(records[2]!.error).toBeUndefined();
    });
  });

  it('concurrency mode never has more requests in flight than the limit', async () => {
    await withEngine({ fixed_output_length: true, llamacpp: { sequences: 3 } }, async (engine) => {
      const reqs = Array.from({ length: 8 }, (_, id) => request(id, 8));
      const limited = await engine.run(reqs, { mode: 'concurrency', concurrency: 2 });
      expect(maxOverlap(limited)).toBeLessThanOrEqual(2);
      const batch = await engine.run(reqs, { mode: 'batch' });
      expect(maxOverlap(batch)).toBe(3);
    });
  });

  it('runs every sampling preset and the repetition penalty', async () => {
    for (const preset of ['deterministic', 'standard', 'creative', 'factual'] as const) {
      await withEngine(
        { fixed_output_length: true, sampling: { preset, top_k: 5, min_p: 0.01 } },
        async (engine) => {
          const records = await engine.run([request(0, 6), request(1, 6)], { mode: 'batch' });
          for (const r of records) expect(r.outputTokens).toBe(6);
          expect(engine.effectiveSettings?.().sampling).toMatchObject({ top_k: 5, min_p: 0.01 });
        },
      );
    }
  });

  it('reports the effective settings and memory', async () => {
    await withEngine(
      { max_input_tokens: 40, max_output_tokens: 10, llamacpp: { sequences: 3, batch_size: 64 } },
      async (engine) => {
        const settings = engine.effectiveSettings?.() ?? {};
        expect(settings).toMatchObject({
          device: 'cpu',
          threads: 1,
          threads_source: 'config',
          sequences: 3,
          batch_size: 64,
          ubatch_size: 64,
          kv_cache_type_k: 'f16',
          kv_cache_type_v: 'f16',
          trial_load: 'skipped (llem-generated model)',
          node_llama_cpp: '3.21.1',
        });
        expect(settings.context_size).toBeGreaterThanOrEqual(58);
        const memory = engine.memory?.() ?? {};
        expect(memory.modelBytes).toBeGreaterThan(0);
        expect(memory.contextBytes).toBeGreaterThan(0);
      },
    );
  });
});
