import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experimentSchema } from '../../config/schema.js';
import { systemClock } from '../../core/clock.js';
import { writeTinyModel } from '../../models/tiny.js';
import type { EngineContext } from '../engine.js';
import { createLlamaCppEngine } from './index.js';
import type { LlamaModule } from './runtime.js';

const dir = mkdtempSync(join(tmpdir(), 'llem-llamacpp-preflight-'));
const ctx: EngineContext = { clock: systemClock, cacheDir: join(dir, 'cache'), baseDir: dir, log: () => {} };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const preflight = (input: Record<string, unknown>) =>
  createLlamaCppEngine().preflight!(experimentSchema.parse(input), ctx);

describe('llamacpp preflight (nothing loaded, generated or downloaded)', () => {
  it('a missing local file is a config issue on model, with the resolved path and a fix', async () => {
    const issues = await preflight({ model: 'weights/missing.gguf' });
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'file_not_found',
        path: ['model'],
        message: `model file not found: ${join(dir, 'weights/missing.gguf')}`,
        suggestion: expect.stringMatching(/builtin:tiny/),
      }),
    ]);
  });

  it('a file whose header does not parse is a config issue that says what is wrong', async () => {
    writeFileSync(join(dir, 'text.gguf'), 'not a model at all; '.repeat(10));
    const [issue] = await preflight({ model: 'text.gguf' });
    expect(issue).toMatchObject({ code: 'model_invalid', path: ['model'] });
    expect(issue!.message).toMatch(/text\.gguf: bad magic.*not a GGUF file/);
  });

  it('a sound GGUF file, a builtin model and an uncached hf: file pass (the last two are made at load)', async () => {
    const { path } = await writeTinyModel({ out: join(dir, 'tiny.gguf'), size: 'tiny', seed: 3 });
    expect(await preflight({ model: path })).toEqual([]);
    expect(await preflight({ model: 'builtin:tiny' })).toEqual([]);
    expect(await preflight({ model: 'hf:org/repo/file.gguf' })).toEqual([]);
  });

  it('malformed references and settings node-llama-cpp cannot honour are issues on their fields', async () => {
    expect((await preflight({ model: 'builtin:huge' }))[0]).toMatchObject({ path: ['model'] });
    expect((await preflight({ model: 'hf:not-a-reference' }))[0]).toMatchObject({ path: ['model'] });
    const issues = await preflight({ model: 'builtin:tiny', llamacpp: { batch_size: 64, ubatch_size: 32 } });
    expect(issues).toEqual([expect.objectContaining({ path: ['llamacpp', 'ubatch_size'] })]);
  });
});

describe('llamacpp probe with a config', () => {
  // Records which runtime builds were asked for, around the real node-llama-cpp.
  const recording = async (calls: unknown[]): Promise<LlamaModule> => {
    const real = await import('node-llama-cpp');
    return {
      ...real,
      getLlama: ((o: { gpu?: unknown }) => {
        calls.push(o.gpu);
        return real.getLlama(o as never);
      }) as typeof real.getLlama,
    };
  };

  it('gpu_layers: 0 starts only the CPU build, never GPU auto-detection', async () => {
    const calls: unknown[] = [];
    const mod = await recording(calls);
    const engine = createLlamaCppEngine({ llamaLoader: async () => mod });
    const probe = await engine.probe(
      experimentSchema.parse({ model: 'builtin:tiny', llamacpp: { gpu_layers: 0 } }),
    );
    expect(probe).toMatchObject({ available: true, device: 'cpu' });
    expect(calls).toEqual([false]);
  });

  it('without a config (llem doctor) or with gpu_layers unset it auto-detects', async () => {
    const calls: unknown[] = [];
    const mod = await recording(calls);
    const engine = createLlamaCppEngine({ llamaLoader: async () => mod });
    await engine.probe();
    await engine.probe(experimentSchema.parse({ model: 'builtin:tiny' }));
    // One runtime per build and module: the second probe reuses the first.
    expect(calls).toEqual(['auto']);
  });
});
