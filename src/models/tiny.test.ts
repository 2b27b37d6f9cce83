import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementCount, GgmlType } from './gguf-format.js';
import { readGgufHeader } from './gguf-reader.js';
import { TINY_SIZES, type TinyWeightType, writeTinyModel } from './tiny.js';
import { tinyTensors } from './tiny-spec.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llem-tiny-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TYPES: TinyWeightType[] = ['f32', 'f16', 'q8_0', 'q4_0'];

describe('writeTinyModel', () => {
  it.each(TYPES)(
    'is deterministic for %s: same seed, same bytes; another seed, other bytes',
    async (type) => {
      const a = await writeTinyModel({ out: join(dir, `a-${type}.gguf`), type });
      const b = await writeTinyModel({ out: join(dir, `b-${type}.gguf`), type, seed: 42 });
      const c = await writeTinyModel({ out: join(dir, `c-${type}.gguf`), type, seed: 43 });
      expect(b.sha256).toBe(a.sha256);
      expect((await readFile(a.path)).equals(await readFile(b.path))).toBe(true);
      expect(c.sha256).not.toBe(a.sha256);
      expect(c.bytes).toBe(a.bytes);
      expect(
        createHash('sha256')
          .update(await readFile(a.path))
          .digest('hex'),
      ).toBe(a.sha256);
    },
  );

  it('writes a ~1 MB llama model whose parameters are the sum of its tensors', async () => {
    const r = await writeTinyModel({ out: join(dir, 'sub', 'dir', 'tiny.gguf') });
    expect(r.bytes).toBeGreaterThan(0.9e6);
    expect(r.bytes).toBeLessThan(1.5e6);
    expect(r.parameters).toBeGreaterThan(200_000);
    expect(r.parameters).toBeLessThan(500_000);
    const h = await readGgufHeader(r.path);
    expect(h.tensors.reduce((n, t) => n + elementCount(t.dims), 0)).toBe(r.parameters);
    expect(h.metadata).toMatchObject({
      'general.architecture': 'llama',
      'general.name': 'llem-tiny-tiny',
      'general.file_type': 0,
      'llama.block_count': TINY_SIZES.tiny.layers,
      'llama.attention.head_count_kv': TINY_SIZES.tiny.kvHeads,
      'tokenizer.ggml.model': 'llama',
      'tokenizer.ggml.bos_token_id': 1,
      'tokenizer.ggml.eos_token_id': 2,
      'tokenizer.ggml.unknown_token_id': 0,
      'tokenizer.ggml.add_bos_token': true,
    });
    expect(
      h.tensors.filter((t) => t.name.endsWith('_norm.weight')).every((t) => t.type === GgmlType.F32),
    ).toBe(true);
    expect(h.tensors.some((t) => t.name === 'output.weight')).toBe(false); // tied to the embedding
  });

  it('agrees with node-llama-cpp on metadata and tensor infos', async () => {
    const r = await writeTinyModel({ out: join(dir, 'agree.gguf'), type: 'q4_0' });
    const h = await readGgufHeader(r.path);
    const info = await readGgufFileInfo(r.path, { logWarnings: false });
    expect(info.metadata.general.architecture).toBe('llama');
    expect(info.metadata.general.file_type).toBe(h.metadata['general.file_type']);
    const llama = info.metadata.llama as Record<string, unknown>;
    expect(llama.embedding_length).toBe(h.metadata['llama.embedding_length']);
    expect((llama.attention as Record<string, unknown>).head_count_kv).toBe(
      h.metadata['llama.attention.head_count_kv'],
    );
    expect(info.metadata.tokenizer.ggml.tokens).toEqual(h.metadata['tokenizer.ggml.tokens']);
    expect(info.infoEndOffset).toBe(h.dataOffset);
    expect(
      info.tensorInfo?.map((t) => ({
        name: t.name,
        dims: t.dimensions.map(Number),
        type: t.ggmlType,
        offset: Number(t.offset),
      })),
    ).toEqual(h.tensors);
  });

  it('sizes small and 1b as documented, with grouped-query attention', () => {
    const params = (size: 'small' | '1b') =>
      tinyTensors(TINY_SIZES[size], 'q8_0').reduce((n, t) => n + elementCount(t.dims), 0);
    expect(params('small')).toBeGreaterThan(100e6);
    expect(params('small')).toBeLessThan(170e6);
    expect(params('1b')).toBeGreaterThan(0.95e9);
    expect(params('1b')).toBeLessThan(1.1e9);
    for (const s of ['small', '1b'] as const) {
      const a = TINY_SIZES[s];
      expect(a.kvHeads).toBeLessThan(a.heads);
      expect(a.heads % a.kvHeads).toBe(0);
      expect(a.embedding % 32).toBe(0);
      expect(a.feedForward % 32).toBe(0);
    }
  });

  it('stops on abort and leaves no partial file', async () => {
    const ac = new AbortController();
    const out = join(dir, 'aborted', 'small.gguf');
    const p = writeTinyModel({ out, size: 'small', signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    expect(await readdir(join(dir, 'aborted'))).toEqual([]);
  });

  it('rejects unknown sizes, types and seeds', async () => {
    const out = join(dir, 'x.gguf');
    // @ts-expect-error testing a bad size
    await expect(writeTinyModel({ out, size: 'huge' })).rejects.toMatchObject({ code: 'ERR_USAGE' });
    // @ts-expect-error testing a bad type
    await expect(writeTinyModel({ out, type: 'q4_k' })).rejects.toMatchObject({ code: 'ERR_USAGE' });
    await expect(writeTinyModel({ out, seed: -1 })).rejects.toMatchObject({ code: 'ERR_USAGE' });
  });
});

describe('generator stability', () => {
  it('the default tiny model has a pinned SHA-256 (bump TINY_GENERATOR_VERSION when this must change)', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'llem-pin-')), 'tiny.gguf');
    const r = await writeTinyModel({ out, size: 'tiny', type: 'f32', seed: 42 });
    expect(r.sha256).toBe('2dbe3bc53aedafd6821eff10b47d133d9ea479279e64e71c58cb19cc4f24f2d3');
  });
});
