import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGgufHeader } from './gguf-reader.js';
import { inspectModel, tinyModelInfo } from './inspect.js';
import { modelInfoFromGguf } from './model-info.js';
import { writeTinyModel } from './tiny.js';

describe('inspectModel', () => {
  it('computes the same facts from the specification as from the written file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llem-inspect-'));
    for (const type of ['f32', 'q8_0', 'q4_0'] as const) {
      const { path } = await writeTinyModel({ out: join(dir, `t-${type}.gguf`), size: 'tiny', type });
      const fromFile = modelInfoFromGguf(await readGgufHeader(path));
      const fromSpec = tinyModelInfo('tiny', type);
      expect(fromSpec.parameters).toBe(fromFile.parameters);
      expect(fromSpec.weightsBytes).toBe(fromFile.weightsBytes);
      expect(fromSpec.kvHeads).toBe(fromFile.kvHeads);
      expect(fromSpec.headDim).toBe(fromFile.headDim);
      expect(fromSpec.vocabSize).toBe(fromFile.vocabSize);
    }
  });

  it('describes builtin models without generating them, and local files from their header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llem-inspect-'));
    const small = await inspectModel('builtin:small@q4_0', { cacheDir: dir, baseDir: dir });
    expect(small?.parameters).toBeGreaterThan(100e6);
    expect(small?.weightsBytes).toBeLessThan(80e6);
    await writeTinyModel({ out: join(dir, 'm.gguf'), size: 'tiny' });
    expect((await inspectModel('m.gguf', { cacheDir: dir, baseDir: dir }))?.layers).toBe(2);
    expect(await inspectModel('missing.gguf', { cacheDir: dir, baseDir: dir })).toBeUndefined();
    expect(await inspectModel('hf:org/repo/x.gguf', { cacheDir: dir, baseDir: dir })).toBeUndefined();
  });
});
