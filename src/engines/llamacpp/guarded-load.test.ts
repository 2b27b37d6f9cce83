import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentSchema } from '../../config/schema.js';
import { systemClock } from '../../core/clock.js';
import { isLlemError, type LlemError } from '../../core/errors.js';
import { elementCount } from '../../models/gguf-format.js';
import { GgufWriter } from '../../models/gguf-writer.js';
import { writeTinyModel } from '../../models/tiny.js';
import { TINY_SIZES, tinyMetadata, tinyTensors } from '../../models/tiny-spec.js';
import { buildVocabulary } from '../../models/vocab.js';
import type { EngineContext } from '../engine.js';
import { guardedTrialLoad } from './guarded-load.js';
import { createLlamaCppEngine } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'llem-llamacpp-guard-'));
const lines: string[] = [];
const ctx: EngineContext = { clock: systemClock, cacheDir: dir, baseDir: dir, log: (l) => lines.push(l) };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let good = '';
let missingFeedForward = '';
let truncated = '';

/** Writes the tiny model without one metadata key (llama.cpp aborts natively on it). */
async function writeWithout(key: string, out: string): Promise<string> {
  const metadata = tinyMetadata('tiny', 'f32', 42, buildVocabulary(TINY_SIZES.tiny.vocab));
  delete metadata[key];
  const tensors = tinyTensors(TINY_SIZES.tiny, 'f32');
  const writer = await GgufWriter.open(out, metadata, tensors);
  for (const t of tensors)
    await writer.writeTensor(t.name, [new Float32Array(elementCount(t.dims)).fill(0.01)]);
  await writer.finish();
  return out;
}

/** Loads `model` with a fresh engine and returns the error it throws. */
async function loadError(model: string): Promise<LlemError> {
  const engine = createLlamaCppEngine();
  try {
    await engine.load(experimentSchema.parse({ model, llamacpp: { threads: 1 } }), ctx);
  } catch (error) {
    expect(isLlemError(error)).toBe(true);
    return error as LlemError;
  } finally {
    await engine.unload();
  }
  throw new Error(`${model} loaded`);
}

beforeAll(async () => {
  good = (await writeTinyModel({ out: join(dir, 'good.gguf'), size: 'tiny' })).path;
  missingFeedForward = await writeWithout('llama.feed_forward_length', join(dir, 'no-ffn.gguf'));
  truncated = join(dir, 'truncated.gguf');
  const bytes = readFileSync(good);
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
});

describe('loading malformed GGUF files', () => {
  it('a truncated file is ERR_MODEL_INVALID with the path and a reason', async () => {
    const error = await loadError(truncated);
    expect(error.code).toBe('ERR_MODEL_INVALID');
    expect(error.message).toContain(truncated);
    expect(error.message).toMatch(/re-download/);
  });

  it('a file missing llama.feed_forward_length is ERR_MODEL_INVALID, and this process lives on', async () => {
    const error = await loadError(missingFeedForward);
    expect(error.code).toBe('ERR_MODEL_INVALID');
    expect(error.message).toContain('llama.feed_forward_length');
  });

  it('the child-process trial load survives a native abort and caches the verdict', async () => {
    const copy = join(dir, 'no-ffn-copy.gguf');
    copyFileSync(missingFeedForward, copy);
    const first = await guardedTrialLoad(copy).catch((e: LlemError) => e);
    expect(isLlemError(first, 'ERR_MODEL_INVALID')).toBe(true);
    expect((first as LlemError).message).toMatch(/aborted the native library.*(SIGABRT|exit code 134)/);
    expect((first as LlemError).message).toContain(copy);
    const started = performance.now();
    const second = await guardedTrialLoad(copy).catch((e: LlemError) => e);
    expect(second).toBe(first);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('a good file passes the trial load, then loads and runs in-process', async () => {
    await guardedTrialLoad(good);
    const engine = createLlamaCppEngine();
    await engine.load(
      experimentSchema.parse({ model: good, max_output_tokens: 2, llamacpp: { threads: 1 } }),
      ctx,
    );
    expect(engine.effectiveSettings?.().trial_load).toBe('passed');
    const [record] = await engine.run([{ id: 0, prompt: 'hi', maxOutputTokens: 2, scheduledOffsetMs: 0 }], {
      mode: 'batch',
    });
    expect(record!.error).toBeUndefined();
    await engine.unload();
  });

  it('a timeout or an abort is not cached as a verdict on the file', async () => {
    const copy = join(dir, 'good-copy.gguf');
    copyFileSync(good, copy);
    const timedOut = await guardedTrialLoad(copy, { timeoutMs: 1 }).catch((e: LlemError) => e);
    expect(isLlemError(timedOut, 'ERR_ENGINE_FAILED')).toBe(true);
    expect((timedOut as LlemError).message).toMatch(/did not finish/);
    const aborted = await guardedTrialLoad(copy, { signal: AbortSignal.abort() }).catch((e: LlemError) => e);
    expect(isLlemError(aborted, 'ERR_ABORTED')).toBe(true);
    await guardedTrialLoad(copy);
  });
});

describe('load errors', () => {
  it('an option this node-llama-cpp cannot honour is refused by name', async () => {
    const engine = createLlamaCppEngine();
    const error = await engine
      .load(experimentSchema.parse({ model: 'builtin:tiny', llamacpp: { threads: 1, ubatch_size: 16 } }), ctx)
      .catch((e: LlemError) => e);
    expect(isLlemError(error, 'ERR_ENGINE_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/ubatch_size/);
  });

  it('a context llama.cpp refuses gives its reason (quantized KV cache on 16-wide heads)', async () => {
    const engine = createLlamaCppEngine();
    const config = experimentSchema.parse({
      model: 'builtin:tiny',
      llamacpp: { threads: 1, kv_cache_type: 'q8_0', flash_attention: true },
    });
    const error = await engine.load(config, ctx).catch((e: LlemError) => e);
    expect(isLlemError(error, 'ERR_ENGINE_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/creating the context failed.*block size 32/);
    await engine.unload();
  });

  it('a missing node-llama-cpp makes probe explain and load throw ERR_ENGINE_UNAVAILABLE', async () => {
    const engine = createLlamaCppEngine({
      llamaLoader: () => Promise.reject(new Error("Cannot find package 'node-llama-cpp'")),
    });
    const probe = await engine.probe();
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/Cannot find package.*npm ci/);
    const error = await engine
      .load(experimentSchema.parse({ model: 'builtin:tiny' }), ctx)
      .catch((e: LlemError) => e);
    expect(isLlemError(error, 'ERR_ENGINE_UNAVAILABLE')).toBe(true);
  });
});
