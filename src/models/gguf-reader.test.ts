import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLlemError } from '../core/errors.js';
import { GgmlType } from './gguf-format.js';
import { readGgufHeader } from './gguf-reader.js';
import { writeGgufFile } from './gguf-writer.js';

let dir: string;
let sample: string;
let sampleBytes: Buffer;
let sampleDataOffset: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llem-gguf-reader-'));
  sample = join(dir, 'sample.gguf');
  await writeGgufFile(
    sample,
    {
      'general.architecture': { type: 'string', value: 'llama' },
      'tokenizer.ggml.tokens': { type: 'array', itemType: 'string', value: ['a', 'b', 'ç'] },
      'x.big': { type: 'u64', value: 2n ** 60n },
      'x.neg': { type: 'i64', value: -5n },
    },
    [
      { name: 'w', dims: [32, 2], type: GgmlType.Q8_0, data: new Float32Array(64) },
      { name: 'n', dims: [4], type: GgmlType.F32, data: new Float32Array(4) },
    ],
  );
  sampleBytes = await readFile(sample);
  sampleDataOffset = (await readGgufHeader(sample)).dataOffset;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function reason(bytes: Uint8Array): Promise<string> {
  const file = join(dir, `case-${Math.random().toString(36).slice(2)}.gguf`);
  await writeFile(file, bytes);
  try {
    await readGgufHeader(file);
    return 'no error';
  } catch (e) {
    if (!isLlemError(e, 'ERR_MODEL_INVALID')) throw e;
    expect(e.message.startsWith(`${file}: `)).toBe(true);
    return String(e.details.reason);
  } finally {
    await rm(file);
  }
}

describe('readGgufHeader', () => {
  it('reads metadata, 64-bit values and tensor infos', async () => {
    const h = await readGgufHeader(sample);
    expect(h.version).toBe(3);
    expect(h.metadata['tokenizer.ggml.tokens']).toEqual(['a', 'b', 'ç']);
    expect(h.metadata['x.big']).toBe(2n ** 60n);
    expect(h.metadata['x.neg']).toBe(-5);
    expect(h.metadataTypes['tokenizer.ggml.tokens']).toEqual({ type: 9, itemType: 8 });
    expect(h.tensors).toEqual([
      { name: 'w', dims: [32, 2], type: GgmlType.Q8_0, offset: 0 },
      { name: 'n', dims: [4], type: GgmlType.F32, offset: 96 },
    ]);
    expect(h.alignment).toBe(32);
    expect(h.fileBytes).toBe(sampleBytes.length);
  });

  it('rejects bad magic', async () => {
    const bytes = Buffer.from(sampleBytes);
    bytes.write('GGML', 0, 'latin1');
    expect(await reason(bytes)).toMatch(/bad magic "GGML".*not a GGUF file/);
    expect(await reason(Buffer.from('<!DOCTYPE html><html>not found</html>'))).toMatch(/bad magic "<!DO"/);
  });

  it('rejects a header cut at any byte as truncated', async () => {
    // Every cut before the end of the tensor infos is an error; only the alignment padding may be cut silently
    // (the validator then finds the tensor data outside the file).
    const results: string[] = [];
    for (let cut = 0; cut < sampleDataOffset; cut++) results.push(await reason(sampleBytes.subarray(0, cut)));
    const firstOk = results.indexOf('no error');
    expect(firstOk).toBeGreaterThan(sampleDataOffset - 32);
    for (const r of results.slice(0, firstOk))
      expect(r).toMatch(/^truncated header|^truncated or corrupt header|^absurd/);
    expect(results.slice(firstOk).every((r) => r === 'no error')).toBe(true);
  });

  it('rejects absurd counts and lengths without allocating them', async () => {
    const bytes = Buffer.from(sampleBytes);
    bytes.writeBigUInt64LE(2n ** 40n, 8); // tensor count
    expect(await reason(bytes)).toMatch(/absurd tensor count/);
    const kv = Buffer.from(sampleBytes);
    kv.writeBigUInt64LE(10n ** 9n, 16); // metadata count
    expect(await reason(kv)).toMatch(/absurd metadata count/);
    const key = Buffer.from(sampleBytes);
    key.writeBigUInt64LE(2n ** 50n, 24); // first key length
    expect(await reason(key)).toMatch(/runs past the end of the \d+-byte file/);
  });

  it('rejects an unsupported version, an unknown value type and invalid UTF-8', async () => {
    const v = Buffer.from(sampleBytes);
    v.writeUInt32LE(1, 4);
    expect(await reason(v)).toMatch(/unsupported GGUF version 1/);
    const t = Buffer.from(sampleBytes);
    const keyLen = Number(t.readBigUInt64LE(24));
    t.writeUInt32LE(99, 32 + keyLen);
    expect(await reason(t)).toMatch(/unknown value type 99/);
    const u = Buffer.from(sampleBytes);
    u[32] = 0xff; // first byte of the first key
    expect(await reason(u)).toMatch(/not valid UTF-8/);
  });

  it('reads only the header of a large file', async () => {
    const big = join(dir, 'big.gguf');
    await writeFile(big, sampleBytes);
    await truncate(big, 8 * 2 ** 30); // 8 GiB, sparse
    const t0 = performance.now();
    const h = await readGgufHeader(big);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(h.fileBytes).toBe(8 * 2 ** 30);
    await rm(big);
  });

  it('grows its read window for headers larger than the first read', async () => {
    const file = join(dir, 'wide.gguf');
    const tokens = Array.from({ length: 150_000 }, (_, i) => `token-${i}`);
    await writeGgufFile(
      file,
      { 'tokenizer.ggml.tokens': { type: 'array', itemType: 'string', value: tokens } },
      [],
    );
    const h = await readGgufHeader(file);
    expect((h.metadata['tokenizer.ggml.tokens'] as string[]).at(-1)).toBe('token-149999');
  });

  it('names a missing file', async () => {
    await expect(readGgufHeader(join(dir, 'nope.gguf'))).rejects.toMatchObject({
      code: 'ERR_MODEL_INVALID',
      message: expect.stringMatching(/nope\.gguf: cannot open model file/),
    });
  });
});
