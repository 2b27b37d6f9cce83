// Corrupt files are generated here and only ever validated, never loaded into llama.cpp in-process:
// a missing key aborts the whole process natively.
import { mkdtemp, open, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlemError } from '../core/errors.js';
import { elementCount, GgmlType, type GgufMetadataValue, tensorDataBytes } from './gguf-format.js';
import { readGgufHeader } from './gguf-reader.js';
import { findGgufProblems, validateGguf } from './gguf-validate.js';
import { encodeGgufHeader, type GgufTensorDescriptor, writeGgufFile } from './gguf-writer.js';
import { writeTinyModel } from './tiny.js';
import { TINY_SIZES, type TinySize, tinyMetadata, tinyTensors } from './tiny-spec.js';
import { buildVocabulary } from './vocab.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llem-gguf-validate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Edit = (m: Record<string, GgufMetadataValue>, t: GgufTensorDescriptor[]) => void;

/** Writes the tiny f32 model (zero weights) after applying `edit` to its metadata and tensor list. */
async function tinyWith(name: string, edit: Edit = () => {}): Promise<string> {
  const metadata = tinyMetadata('tiny', 'f32', 42, buildVocabulary(TINY_SIZES.tiny.vocab));
  const tensors: GgufTensorDescriptor[] = tinyTensors(TINY_SIZES.tiny, 'f32').map(({ name, dims, type }) => ({
    name,
    dims,
    type,
  }));
  edit(metadata, tensors);
  const file = join(dir, `${name}.gguf`);
  await writeGgufFile(
    file,
    metadata,
    tensors.map((t) => ({ ...t, data: new Uint8Array(tensorDataBytes(t.type, t.dims)!) })),
  );
  return file;
}

async function rejection(file: string): Promise<LlemError> {
  const e = await validateGguf(file).then(
    () => undefined,
    (err: unknown) => err as LlemError,
  );
  if (e === undefined) throw new Error(`${file} was accepted`);
  expect(e.code).toBe('ERR_MODEL_INVALID');
  expect(e.message.startsWith(`${file}: `)).toBe(true);
  return e;
}

/** A header-only file of a full-size spec, extended (sparse) to its real length: validates `1b` without writing 1 GB. */
async function sparseModel(size: TinySize): Promise<string> {
  const arch = TINY_SIZES[size];
  const tensors = tinyTensors(arch, 'q8_0');
  const header = encodeGgufHeader(tinyMetadata(size, 'q8_0', 42, buildVocabulary(arch.vocab)), tensors, 32);
  const file = join(dir, `sparse-${size}.gguf`);
  await writeFile(file, header);
  const data = tensors.reduce((n, t) => n + Math.ceil(tensorDataBytes(t.type, t.dims)! / 32) * 32, 0);
  await truncate(file, header.length + data);
  return file;
}

describe('validateGguf', () => {
  it.each(['f32', 'f16', 'q8_0', 'q4_0'] as const)('accepts the generated tiny model (%s)', async (type) => {
    const r = await writeTinyModel({ out: join(dir, `ok-${type}.gguf`), type });
    const h = await validateGguf(r.path);
    expect(h.tensors.reduce((n, t) => n + elementCount(t.dims), 0)).toBe(r.parameters);
  });

  it.each(['small', '1b'] as const)('accepts the %s model layout', async (size) => {
    await expect(validateGguf(await sparseModel(size))).resolves.toMatchObject({ version: 3 });
  });

  it('rejects a file cut inside the header', async () => {
    const file = await tinyWith('cut-header');
    await truncate(file, 5000);
    expect((await rejection(file)).message).toMatch(/truncated (or corrupt )?header: .*5000/);
  });

  it('rejects a file cut inside the tensor data', async () => {
    const file = await tinyWith('cut-data');
    const { fileBytes } = await readGgufHeader(file);
    await truncate(file, fileBytes - 1000);
    const e = await rejection(file);
    expect(e.message).toMatch(
      /tensor output_norm\.weight data ends at byte \d+ but the file has \d+ bytes \(truncated\)/,
    );
    expect(e.message).toMatch(/re-download/);
    expect(e.details.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'truncated' })]),
    );
  });

  it('rejects bad magic', async () => {
    const file = await tinyWith('magic');
    const fh = await open(file, 'r+');
    await fh.write(Buffer.from('GGJT'), 0, 4, 0);
    await fh.close();
    expect((await rejection(file)).message).toMatch(/bad magic "GGJT"/);
  });

  it.each([
    ['llama.feed_forward_length', /metadata key llama\.feed_forward_length is missing/],
    ['llama.attention.head_count', /metadata key llama\.attention\.head_count is missing/],
    ['llama.attention.layer_norm_rms_epsilon', /layer_norm_rms_epsilon is missing/],
    ['tokenizer.ggml.token_type', /tokenizer\.ggml\.token_type is missing/],
    ['tokenizer.ggml.tokens', /tokenizer\.ggml\.tokens \(an array of strings\) is missing/],
    ['general.architecture', /general\.architecture is missing/],
  ])('rejects a file without %s', async (key, reason) => {
    const file = await tinyWith(`no-${key}`, (m) => {
      delete m[key];
    });
    expect((await rejection(file)).message).toMatch(reason);
  });

  it('rejects a tensor of the wrong shape', async () => {
    const file = await tinyWith('shape', (_, t) => {
      t[3] = { ...t[3]!, dims: [64, 64] }; // blk.0.attn_k.weight is [64, 32] with 2 of 4 heads for keys
    });
    expect((await rejection(file)).message).toMatch(
      /tensor blk\.0\.attn_k\.weight has shape \[64, 64\], expected \[64, 32\]/,
    );
  });

  it('rejects a missing tensor, a quantised norm and mistyped or inconsistent metadata, listing each', async () => {
    const file = await tinyWith('many', (m, t) => {
      t.splice(
        t.findIndex((x) => x.name === 'blk.1.ffn_up.weight'),
        1,
      );
      t[1] = { ...t[1]!, type: GgmlType.F16 }; // blk.0.attn_norm.weight
      m['llama.attention.layer_norm_rms_epsilon'] = { type: 'f64', value: 1e-5 };
      m['llama.attention.head_count_kv'] = { type: 'u32', value: 3 };
      m['tokenizer.ggml.scores'] = { type: 'array', itemType: 'f32', value: [0, 1] };
      m['llama.block_count'] = { type: 'i32', value: 2 };
      m['general.alignment'] = { type: 'u64', value: 32 };
    });
    const e = await rejection(file);
    const messages = (e.details.problems as { message: string }[]).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'tensor blk.1.ffn_up.weight is missing',
        'norm tensor blk.0.attn_norm.weight is f16, expected f32',
        'llama.attention.layer_norm_rms_epsilon is float64, expected float32',
        'llama.attention.head_count 4 is not a multiple of head_count_kv 3',
        'tokenizer.ggml.scores has 2 entries for 3072 tokens',
        'llama.block_count is int32, expected uint32',
        'general.alignment is uint64, expected uint32',
      ]),
    );
    expect(e.message).toMatch(/and \d+ more; llama\.cpp would fail or abort/);
  });

  it('finds unknown tensor types, partial blocks and misaligned offsets', async () => {
    const h = await readGgufHeader(await tinyWith('pure'));
    const t = h.tensors;
    t[0] = { ...t[0]!, type: 4 };
    t[2] = { ...t[2]!, type: GgmlType.Q4_K };
    t[3] = { ...t[3]!, offset: t[3]!.offset + 4 };
    expect(findGgufProblems(h).map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'tensor token_embd.weight has unknown type 4',
        'tensor blk.0.attn_q.weight is q4_k but its first dimension 64 is not a multiple of 256',
        `tensor blk.0.attn_k.weight offset ${t[3]!.offset} is not a multiple of the alignment 32`,
      ]),
    );
  });

  it('leaves the file untouched', async () => {
    const file = await tinyWith('untouched');
    const before = await readFile(file);
    await validateGguf(file);
    expect((await readFile(file)).equals(before)).toBe(true);
  });
});
