import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../config/schema.js';
import { systemClock } from '../core/clock.js';
import { LlemError } from '../core/errors.js';
import type { Engine, EngineContext, InferenceRequest, RequestRecord } from './engine.js';

/** Prompts of varied length used by the contract. */
const PROMPTS = [
  'The quick brown fox jumps over the lazy dog.',
  'Explain why the sky is blue in one sentence.',
  'Energy per token',
  'Write a short poem about measurement, uncertainty and the patience of instruments that never sleep.',
  'a',
];

/** Builds `n` requests with the given output limit. */
function requests(n: number, maxOutputTokens: number): InferenceRequest[] {
  return Array.from({ length: n }, (_, id) => ({
    id,
    prompt: PROMPTS[id % PROMPTS.length]!,
    maxOutputTokens,
    scheduledOffsetMs: 0,
  }));
}

/** Asserts the invariants every successful record must hold. */
function expectSaneRecord(
  engine: Engine,
  record: RequestRecord,
  limit: number,
  maxInputTokens: number,
): void {
  expect(record.error).toBeUndefined();
  expect(record.inputTokens).toBeGreaterThan(0);
  expect(record.inputTokens).toBeLessThanOrEqual(maxInputTokens);
  expect(record.outputTokens).toBeGreaterThan(0);
  expect(record.outputTokens).toBeLessThanOrEqual(limit);
  expect(record.scheduledMs).toBeLessThanOrEqual(record.sentMs!);
  expect(record.sentMs!).toBeLessThanOrEqual(record.startMs);
  expect(record.firstTokenMs).toBeDefined();
  expect(record.startMs).toBeLessThanOrEqual(record.firstTokenMs!);
  expect(record.firstTokenMs!).toBeLessThanOrEqual(record.endMs);
  if (engine.capabilities.tokenTimestamps) {
    const times = record.tokenTimesMs!;
    expect(times).toHaveLength(record.outputTokens);
    expect(times[0]).toBe(record.firstTokenMs);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    expect(times.at(-1)!).toBeLessThanOrEqual(record.endMs);
  }
}

/** Options of `describeEngineContract`. */
export interface ContractOptions {
  /** Overrides of the engine context (cache and base folders default to a fresh temporary folder). */
  context?: Partial<EngineContext>;
  /**
   * Declares that the engine has no in-process tokenizer, with the reason (e.g. "the server
   * tokenizes"). The round-trip test is then replaced by one asserting that `tokenizer()` throws
   * an `LlemError` explaining so, so that the declaration itself is tested.
   */
  noTokenizer?: string;
}

/**
 * The contract every engine must pass (STYLE: one shared suite, run against each implementation).
 * `makeConfig` returns a config for a small, fast model (a few output tokens); the suite derives
 * the variants it needs from it.
 */
export function describeEngineContract(
  name: string,
  makeEngine: () => Engine,
  makeConfig: () => Promise<ExperimentConfig>,
  options: ContractOptions = {},
): void {
  const { context = {}, noTokenizer } = options;
  describe(`engine contract: ${name}`, () => {
    let dir = '';
    let ctx: EngineContext;
    let config: ExperimentConfig;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'llem-contract-'));
      ctx = { clock: systemClock, cacheDir: dir, baseDir: dir, log: () => {}, ...context };
      config = await makeConfig();
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('probe never throws and explains unavailability', async () => {
      const probe = await makeEngine().probe();
      expect(typeof probe.available).toBe('boolean');
      if (!probe.available) expect(probe.reason).toMatch(/\S/);
      else expect(probe.device).toMatch(/\S/);
    });

    it('forecast, when the engine has one, is sane with and without model facts (dry runs load nothing)', async () => {
      const engine = makeEngine();
      if (engine.forecast === undefined) return;
      const model = await engine.inspect?.(config, ctx);
      for (const info of [model, undefined]) {
        const f = engine.forecast(config, info);
        expect(f.decodeStepS).toBeGreaterThan(0);
        expect(f.loadS).toBeGreaterThanOrEqual(0);
        expect(f.batchSequences).toBeGreaterThanOrEqual(1);
        expect(f.assumptions.length).toBeGreaterThan(0);
        if (info === undefined) expect(f.memory).toBeNull();
        else if (f.memory !== null) {
          expect(f.memory.total_bytes).toBe(
            f.memory.weights_bytes + f.memory.kv_cache_bytes + f.memory.overhead_bytes,
          );
        }
      }
    });

    describe('loaded', () => {
      const engine = makeEngine();
      afterAll(() => engine.unload());

      it('load returns a sane ModelInfo', async () => {
        const info = await engine.load(config, ctx);
        expect(info.architecture).toMatch(/\S/);
        for (const key of [
          'parameters',
          'layers',
          'embeddingLength',
          'heads',
          'kvHeads',
          'headDim',
          'vocabSize',
        ] as const) {
          expect(info[key], key).toBeGreaterThan(0);
        }
        expect(info.kvHeads).toBeLessThanOrEqual(info.heads);
        expect(info.embeddingParameters).toBeGreaterThanOrEqual(0);
        expect(info.embeddingParameters).toBeLessThan(info.parameters);
        expect(info.weightsBytes).toBeGreaterThan(0);
      });

      if (noTokenizer !== undefined) {
        it(`has no in-process tokenizer (${noTokenizer}): tokenizer() throws an LlemError saying so`, () => {
          let error: unknown;
          try {
            engine.tokenizer();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(LlemError);
          expect((error as LlemError).message).toMatch(/tokeniz/i);
        });
      } else {
        it('the tokenizer round-trips text', () => {
          const text = 'Hello world, this is a test of 42 tokens.';
          const tokens = engine.tokenizer().tokenize(text);
          expect(tokens.length).toBeGreaterThan(0);
          for (const t of tokens) expect(Number.isInteger(t)).toBe(true);
          expect(engine.tokenizer().detokenize(tokens).trim()).toBe(text);
        });
      }

      it('run returns one sane record per request, in order', async () => {
        const limit = config.max_output_tokens;
        const reqs = requests(6, limit);
        const seen: number[] = [];
        const records = await engine.run(reqs, { mode: 'batch' }, undefined, (r) => seen.push(r.id));
        expect(records.map((r) => r.id)).toEqual(reqs.map((r) => r.id));
        expect([...seen].sort((a, b) => a - b)).toEqual(reqs.map((r) => r.id));
        for (const record of records) expectSaneRecord(engine, record, limit, config.max_input_tokens);
      });

      it('concurrency 2 keeps exactly 2 requests outstanding (a closed loop)', async () => {
        const records = await engine.run(requests(6, 2), { mode: 'concurrency', concurrency: 2 });
        for (const record of records) expectSaneRecord(engine, record, 2, config.max_input_tokens);
        // Counted at each request's scheduled send (the completion that triggered it): a batching
        // engine finishes a whole batch at one instant, and its replacements are sent one by one.
        const outstanding = records.map(
          (r) => records.filter((o) => o.scheduledMs <= r.scheduledMs && o.endMs > r.scheduledMs).length,
        );
        expect(outstanding.slice(1)).toEqual([2, 2, 2, 2, 2]);
      });

      // Only a streaming engine can take requests at arbitrary times (batch engines refuse `rate`).
      it.skipIf(!makeEngine().capabilities.streaming)(
        'rate mode sends each request at its scheduled offset, never early',
        async () => {
          const reqs = requests(3, 2).map((r, i) => ({ ...r, scheduledOffsetMs: i * 20 }));
          const records = await engine.run(reqs, { mode: 'rate' });
          const t0 = records[0]!.scheduledMs;
          records.forEach((r, i) => {
            expectSaneRecord(engine, r, 2, config.max_input_tokens);
            expect(r.scheduledMs - t0).toBeCloseTo(i * 20, 6);
          });
        },
      );

      it('warmup goes through the same path', async () => {
        const records = await engine.warmup(requests(2, 2));
        expect(records).toHaveLength(2);
        for (const record of records) expectSaneRecord(engine, record, 2, config.max_input_tokens);
      });

      it('a pre-aborted signal marks every request aborted', async () => {
        const controller = new AbortController();
        controller.abort();
        const records = await engine.run(requests(3, 4), { mode: 'batch' }, controller.signal);
        expect(records).toHaveLength(3);
        for (const record of records) expect(record.error).toBe('aborted');
      });

      it('an abort during a run stops it promptly and marks unfinished requests', async () => {
        const controller = new AbortController();
        const reqs = requests(200, config.max_output_tokens);
        const started = performance.now();
        let abortedAt = 0;
        const records = await engine.run(reqs, { mode: 'batch' }, controller.signal, () => {
          if (abortedAt === 0) {
            abortedAt = performance.now();
            controller.abort();
          }
        });
        const finished = performance.now();
        expect(records).toHaveLength(reqs.length);
        expect(records.map((r) => r.id)).toEqual(reqs.map((r) => r.id));
        const aborted = records.filter((r) => r.error === 'aborted');
        expect(aborted.length).toBeGreaterThan(0);
        expect(finished - abortedAt).toBeLessThan(Math.max(2_000, (abortedAt - started) * 2));
        for (const r of records)
          if (r.error === undefined)
            expectSaneRecord(engine, r, config.max_output_tokens, config.max_input_tokens);
      });

      it('unload twice is safe', async () => {
        await engine.unload();
        await engine.unload();
      });
    });

    describe('fixed_output_length', () => {
      const engine = makeEngine();
      afterAll(() => engine.unload());

      it('gives exactly max_output_tokens for every request', async () => {
        const fixed: ExperimentConfig = { ...config, fixed_output_length: true };
        await engine.load(fixed, ctx);
        const records = await engine.run(requests(4, fixed.max_output_tokens), { mode: 'batch' });
        for (const record of records) {
          expect(record.error).toBeUndefined();
          expect(record.outputTokens).toBe(fixed.max_output_tokens);
          if (engine.capabilities.tokenTimestamps)
            expect(record.tokenTimesMs).toHaveLength(fixed.max_output_tokens);
        }
      });
    });
  });
}
