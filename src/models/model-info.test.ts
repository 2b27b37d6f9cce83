import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementCount, tensorDataBytes } from './gguf-format.js';
import { type GgufHeader, parseGgufHeader, readGgufHeader } from './gguf-reader.js';
import { encodeGgufHeader } from './gguf-writer.js';
import { modelInfoFromGguf } from './model-info.js';
import { writeTinyModel } from './tiny.js';
import { TINY_SIZES, tinyMetadata, tinyTensors } from './tiny-spec.js';
import { buildVocabulary } from './vocab.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llem-model-info-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sum = (h: GgufHeader, f: (t: GgufHeader['tensors'][number]) => number) =>
  h.tensors.reduce((n, t) => n + f(t), 0);

describe('modelInfoFromGguf', () => {
  it('describes the tiny model: parameters from tensor dims, tied output counted once', async () => {
    const r = await writeTinyModel({ out: join(dir, 'tiny.gguf'), type: 'q4_0' });
    const h = await readGgufHeader(r.path);
    const info = modelInfoFromGguf(h);
    const a = TINY_SIZES.tiny;
    expect(info).toEqual({
      architecture: 'llama',
      parameters: sum(h, (t) => elementCount(t.dims)),
      embeddingParameters: a.vocab * a.embedding,
      layers: a.layers,
      embeddingLength: a.embedding,
      heads: a.heads,
      kvHeads: a.kvHeads,
      headDim: a.embedding / a.heads,
      feedForwardLength: a.feedForward,
      vocabSize: a.vocab,
      contextLength: a.context,
      weightsBytes: sum(h, (t) => tensorDataBytes(t.type, t.dims)!),
      weightType: 'q4_0',
    });
    expect(info.parameters).toBe(r.parameters);
  });

  it('gets grouped-query attention right for the small layout', () => {
    const a = TINY_SIZES.small;
    const tensors = tinyTensors(a, 'q8_0');
    const metadata = tinyMetadata('small', 'q8_0', 42, buildVocabulary(a.vocab));
    delete metadata['general.file_type']; // fall back to the dominant tensor type
    const h = headerOf(metadata, tensors);
    const info = modelInfoFromGguf(h);
    expect(info.heads).toBe(12);
    expect(info.kvHeads).toBe(4);
    expect(info.headDim).toBe(64);
    expect(info.weightType).toBe('q8_0');
    expect(info.parameters).toBe(tensors.reduce((n, t) => n + elementCount(t.dims), 0));
    // Untied: embedding and output are both counted, the embedding also separately.
    expect(info.embeddingParameters).toBe(a.vocab * a.embedding);
    expect(h.tensors.some((t) => t.name === 'output.weight')).toBe(true);
  });

  it('reads per-layer arrays and explicit key lengths', () => {
    const h = headerOf(
      {
        'general.architecture': { type: 'string', value: 'llama' },
        'llama.attention.head_count': { type: 'array', itemType: 'u32', value: [8, 8] },
        'llama.attention.head_count_kv': { type: 'array', itemType: 'u32', value: [2, 2] },
        'llama.attention.key_length': { type: 'u32', value: 128 },
        'llama.feed_forward_length': { type: 'array', itemType: 'u32', value: [100, 300] },
        'llama.embedding_length': { type: 'u32', value: 512 },
      },
      [],
    );
    expect(modelInfoFromGguf(h)).toMatchObject({
      heads: 8,
      kvHeads: 2,
      headDim: 128,
      feedForwardLength: 300,
      parameters: 0,
    });
  });
});

/** A header built in memory, for a file of the full size (no file needed for header facts). */
function headerOf(
  metadata: Parameters<typeof encodeGgufHeader>[0],
  tensors: Parameters<typeof encodeGgufHeader>[1],
): GgufHeader {
  const bytes = encodeGgufHeader(metadata, tensors, 32);
  const data = tensors.reduce((n, t) => n + Math.ceil(tensorDataBytes(t.type, t.dims)! / 32) * 32, 0);
  return parseGgufHeader(bytes, bytes.length + data);
}
