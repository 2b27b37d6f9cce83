import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GgmlType, type GgufArrayValue, type GgufMetadataValue } from './gguf-format.js';
import { readGgufHeader } from './gguf-reader.js';
import { type GgufTensorWithData, GgufWriter, writeGgufFile } from './gguf-writer.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llem-gguf-writer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const f32 = fc.float({ noNaN: true });
const f64 = fc.double({ noNaN: true });
const int = (min: number, max: number) => fc.integer({ min, max });

const scalarArray: fc.Arbitrary<GgufArrayValue> = fc.oneof(
  fc.record({
    type: fc.constant('array' as const),
    itemType: fc.constant('u8' as const),
    value: fc.array(int(0, 255)),
  }),
  fc.record({
    type: fc.constant('array' as const),
    itemType: fc.constant('i32' as const),
    value: fc.array(int(-(2 ** 31), 2 ** 31 - 1)),
  }),
  fc.record({
    type: fc.constant('array' as const),
    itemType: fc.constant('f32' as const),
    value: fc.array(f32),
  }),
  fc.record({
    type: fc.constant('array' as const),
    itemType: fc.constant('u64' as const),
    value: fc.array(u64),
  }),
  fc.record({
    type: fc.constant('array' as const),
    itemType: fc.constant('bool' as const),
    value: fc.array(fc.boolean()),
  }),
  fc.record({
    type: fc.constant('array' as const),
    itemType: fc.constant('string' as const),
    value: fc.array(text),
  }),
);

const value: fc.Arbitrary<GgufMetadataValue> = fc.oneof(
  fc.record({ type: fc.constant('u8' as const), value: int(0, 255) }),
  fc.record({ type: fc.constant('i8' as const), value: int(-128, 127) }),
  fc.record({ type: fc.constant('u16' as const), value: int(0, 65535) }),
  fc.record({ type: fc.constant('i16' as const), value: int(-32768, 32767) }),
  fc.record({ type: fc.constant('u32' as const), value: int(0, 2 ** 32 - 1) }),
  fc.record({ type: fc.constant('i32' as const), value: int(-(2 ** 31), 2 ** 31 - 1) }),
  fc.record({ type: fc.constant('f32' as const), value: f32 }),
  fc.record({ type: fc.constant('f64' as const), value: f64 }),
  fc.record({ type: fc.constant('u64' as const), value: u64 }),
  fc.record({ type: fc.constant('i64' as const), value: i64 }),
  fc.record({ type: fc.constant('bool' as const), value: fc.boolean() }),
  fc.record({ type: fc.constant('string' as const), value: text }),
  scalarArray,
  fc.record({
    type: fc.constant('array' as const),
    itemType: fc.constant('array' as const),
    value: fc.array(scalarArray, { maxLength: 3 }),
  }),
);

const tensor: fc.Arbitrary<GgufTensorWithData> = fc
  .record({
    type: fc.constantFrom(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0),
    blocks: int(1, 3),
    rest: fc.array(int(1, 3), { maxLength: 3 }),
  })
  .map(({ type, blocks, rest }) => {
    const dims = [type === GgmlType.F32 || type === GgmlType.F16 ? blocks : blocks * 32, ...rest];
    const n = dims.reduce((a, b) => a * b, 1);
    return { name: 't', dims, type, data: Float32Array.from({ length: n }, (_, k) => Math.sin(k)) };
  });

/** What a value reads back as: 64-bit integers within 2^53 become numbers, f32 is rounded. */
function expected(v: GgufMetadataValue | GgufArrayValue): unknown {
  const norm = (x: unknown, itemType: string): unknown => {
    if (typeof x === 'bigint') return x >= -(2n ** 53n) + 1n && x <= 2n ** 53n - 1n ? Number(x) : x;
    if (itemType === 'f32' && typeof x === 'number') return Math.fround(x);
    return x;
  };
  if (v.type === 'array') {
    return v.value.map((x: unknown) =>
      v.itemType === 'array' ? expected(x as GgufArrayValue) : norm(x, v.itemType),
    );
  }
  return norm(v.value, v.type);
}

/** node-llama-cpp nests metadata by dotted key; flatten it back. */
function flatten(
  o: Record<string, unknown>,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [k, v] of Object.entries(o)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      flatten(v as Record<string, unknown>, `${prefix}${k}.`, out);
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

const asNumber = (x: unknown): unknown =>
  typeof x === 'bigint' && x <= BigInt(Number.MAX_SAFE_INTEGER) && x >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(x)
    : Array.isArray(x)
      ? x.map(asNumber)
      : x;

describe('GGUF writer and reader', () => {
  it('writes the exact byte layout of a minimal file', async () => {
    const file = join(dir, 'minimal.gguf');
    const r = await writeGgufFile(file, { a: { type: 'u8', value: 7 } }, []);
    const bytes = await readFile(file);
    const head = Buffer.from([
      ...Buffer.from('GGUF'),
      ...[3, 0, 0, 0],
      ...[0, 0, 0, 0, 0, 0, 0, 0],
      ...[1, 0, 0, 0, 0, 0, 0, 0],
      ...[1, 0, 0, 0, 0, 0, 0, 0, 0x61],
      ...[0, 0, 0, 0, 7],
    ]);
    expect(bytes.length).toBe(64); // 38 bytes padded to the 32-byte alignment
    expect(bytes.subarray(0, head.length)).toEqual(head);
    expect(r.bytes).toBe(64);
  });

  it('round-trips random metadata and tensors, and node-llama-cpp reads the same', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { maxLength: 8 }),
        fc.array(tensor, { maxLength: 4 }),
        async (values, unnamed) => {
          const tensors = unnamed.map((t, i) => ({ ...t, name: `t${i}` }));
          const metadata: Record<string, GgufMetadataValue> = {};
          values.forEach((v, i) => {
            metadata[`test.key${i}`] = v;
          });
          const file = join(dir, `prop-${n++}.gguf`);
          const written = await writeGgufFile(file, metadata, tensors);
          const h = await readGgufHeader(file);
          expect(h.fileBytes).toBe(written.bytes);
          expect(Object.keys(h.metadata)).toEqual(Object.keys(metadata));
          for (const [k, v] of Object.entries(metadata)) expect(h.metadata[k]).toEqual(expected(v));
          expect(h.tensors.map(({ name, dims, type }) => ({ name, dims, type }))).toEqual(
            tensors.map(({ name, dims, type }) => ({ name, dims, type })),
          );
          const info = await readGgufFileInfo(file, { logWarnings: false });
          expect(info.infoEndOffset).toBe(h.dataOffset);
          const theirs = flatten(info.metadata as unknown as Record<string, unknown>);
          for (const k of Object.keys(metadata)) expect(asNumber(theirs[k])).toEqual(h.metadata[k]);
          expect(
            info.tensorInfo?.map((t) => ({
              name: t.name,
              dims: t.dimensions.map(Number),
              type: t.ggmlType,
              offset: Number(t.offset),
            })),
          ).toEqual(h.tensors);
          await rm(file);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps every value when the header outgrows its first buffer', async () => {
    // Regression: a scalar written just as the header buffer grew used to land in the old buffer.
    const file = join(dir, 'grow.gguf');
    const ints = Array.from({ length: 50_000 }, (_, i) => (i % 7) + 1);
    await writeGgufFile(file, { 'x.ints': { type: 'array', itemType: 'i32', value: ints } }, []);
    expect((await readGgufHeader(file)).metadata['x.ints']).toEqual(ints);
  });

  it('aligns every tensor to 32 bytes and pads the data section', async () => {
    const file = join(dir, 'align.gguf');
    const tensors = [
      { name: 'a', dims: [3], type: GgmlType.F32, data: new Float32Array(3) },
      { name: 'b', dims: [32, 2], type: GgmlType.Q4_0, data: new Float32Array(64) },
    ];
    const r = await writeGgufFile(file, {}, tensors);
    const h = await readGgufHeader(file);
    expect(h.dataOffset % 32).toBe(0);
    expect(h.tensors.map((t) => t.offset)).toEqual([0, 32]);
    expect(r.bytes).toBe(h.dataOffset + 32 + 64);
  });

  it('refuses tensors out of order, with the wrong size, or an unencodable type', async () => {
    const file = join(dir, 'bad.gguf');
    const t = [
      { name: 'a', dims: [4], type: GgmlType.F32 },
      { name: 'b', dims: [256], type: GgmlType.Q4_K },
    ];
    const w = await GgufWriter.open(file, {}, t);
    await expect(w.writeTensor('b', [new Float32Array(256)])).rejects.toThrow(/out of order; expected a/);
    await expect(w.writeTensor('a', [new Float32Array(5)])).rejects.toThrow(/more than 4 values/);
    await w.close();
    const w2 = await GgufWriter.open(file, {}, t);
    await w2.writeTensor('a', [new Float32Array(2), new Float32Array(2)]);
    await expect(w2.writeTensor('b', [new Float32Array(256)])).rejects.toThrow(/cannot be encoded/);
    await w2.writeTensorBytes('b', new Uint8Array(144));
    await w2.finish();
    expect((await readGgufHeader(file)).tensors[1]).toMatchObject({
      name: 'b',
      type: GgmlType.Q4_K,
      offset: 32,
    });
  });

  it('refuses out-of-range metadata values and impossible tensor shapes', async () => {
    const file = join(dir, 'range.gguf');
    await expect(writeGgufFile(file, { x: { type: 'u8', value: 256 } }, [])).rejects.toThrow(RangeError);
    const twice = { name: 'same', dims: [1], type: GgmlType.F32, data: new Float32Array(1) };
    await expect(writeGgufFile(file, {}, [twice, twice])).rejects.toThrow(/duplicate tensor name same/);
    await expect(writeGgufFile(file, { x: { type: 'i32', value: 1.5 } }, [])).rejects.toThrow(RangeError);
    await expect(writeGgufFile(file, { x: { type: 'u64', value: -1n } }, [])).rejects.toThrow(RangeError);
    await expect(
      writeGgufFile(file, {}, [{ name: 'q', dims: [16], type: GgmlType.Q8_0, data: new Float32Array(16) }]),
    ).rejects.toThrow(/cannot hold dims \[16\]/);
  });
});
