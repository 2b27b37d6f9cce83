/**
 * Writes the deterministic tiny model (SPEC §3.5): a llama-architecture GGUF with random weights
 * from a seed, streamed tensor by tensor in bounded chunks, written to a temporary file and
 * renamed into place so that readers (and concurrent writers) never see a partial file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LlemError } from '../core/errors.js';
import { elementCount } from './gguf-format.js';
import { GgufWriter } from './gguf-writer.js';
import { fillNormalish, seedState } from './prng.js';
import {
  defaultTinyWeightType,
  TINY_SIZES,
  TINY_WEIGHT_STD,
  type TinySize,
  type TinyTensor,
  type TinyWeightType,
  tinyMetadata,
  tinyTensors,
} from './tiny-spec.js';
import { buildVocabulary } from './vocab.js';

export {
  defaultTinyWeightType,
  TINY_GENERATOR_VERSION,
  TINY_SIZES,
  type TinyArchitecture,
  type TinySize,
  type TinyWeightType,
} from './tiny-spec.js';

/** Options of `writeTinyModel`. */
export interface TinyModelOptions {
  /** Output file path (its folder is created). */
  out: string;
  /** Model size [`tiny`]. */
  size?: TinySize | undefined;
  /** Weight type of the matrices [`f32` for `tiny`, `q8_0` for `small` and `1b`]. */
  type?: TinyWeightType | undefined;
  /** Seed of the weights, an integer in [0, 2^32) [42]. */
  seed?: number | undefined;
  /** Stops writing; the partial file is removed. */
  signal?: AbortSignal | undefined;
}

/** What `writeTinyModel` wrote. */
export interface TinyModelResult {
  /** Absolute path of the file. */
  path: string;
  /** File size, bytes. */
  bytes: number;
  /** Total parameter count (the tied output of `tiny` counted once). */
  parameters: number;
  /** SHA-256 of the file, hex. */
  sha256: string;
}

/** Values generated per chunk: 4 MiB of f32, a multiple of every block size. */
const CHUNK_VALUES = 1 << 20;

const WEIGHT_TYPES: readonly TinyWeightType[] = ['f32', 'f16', 'q8_0', 'q4_0'];

function* tensorValues(t: TinyTensor, seed: number): Generator<Float32Array> {
  const total = elementCount(t.dims);
  const state = seedState(seed, t.name);
  const buf = new Float32Array(Math.min(total, CHUNK_VALUES));
  for (let done = 0; done < total; done += buf.length) {
    const chunk = total - done < buf.length ? buf.subarray(0, total - done) : buf;
    if (t.fill === 'ones') chunk.fill(1);
    else fillNormalish(state, chunk, TINY_WEIGHT_STD);
    yield chunk;
  }
}

function checkOptions(o: TinyModelOptions): { size: TinySize; type: TinyWeightType; seed: number } {
  const size = o.size ?? 'tiny';
  if (!Object.hasOwn(TINY_SIZES, size)) {
    throw new LlemError('ERR_USAGE', `unknown tiny-model size "${size}"; use one of tiny, small, 1b`, {
      details: { size },
    });
  }
  const type = o.type ?? defaultTinyWeightType(size);
  if (!WEIGHT_TYPES.includes(type)) {
    throw new LlemError(
      'ERR_USAGE',
      `unknown tiny-model weight type "${type}"; use one of ${WEIGHT_TYPES.join(', ')}`,
      {
        details: { type },
      },
    );
  }
  const seed = o.seed ?? 42;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new LlemError('ERR_USAGE', `tiny-model seed must be an integer in [0, 4294967295], got ${seed}`, {
      details: { seed },
    });
  }
  return { size, type, seed };
}

/** Writes the tiny model; the same size, type and seed always give a byte-identical file. */
export async function writeTinyModel(o: TinyModelOptions): Promise<TinyModelResult> {
  const { size, type, seed } = checkOptions(o);
  const arch = TINY_SIZES[size];
  const path = resolve(o.out);
  const tensors = tinyTensors(arch, type);
  const metadata = tinyMetadata(size, type, seed, buildVocabulary(arch.vocab));
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  let writer: GgufWriter | undefined;
  try {
    writer = await GgufWriter.open(temp, metadata, tensors, { signal: o.signal });
    for (const t of tensors) {
      await writer.writeTensor(t.name, tensorValues(t, seed));
      // Yield to the event loop between tensors so timers and abort listeners run.
      await new Promise<void>((r) => setImmediate(r));
    }
    const { bytes, sha256 } = await writer.finish();
    await rename(temp, path);
    const parameters = tensors.reduce((n, t) => n + elementCount(t.dims), 0);
    return { path, bytes, parameters, sha256 };
  } catch (e) {
    await writer?.close();
    await rm(temp, { force: true });
    if (e instanceof LlemError) throw e;
    throw new LlemError(
      'ERR_STORE_IO',
      `could not write the tiny model to ${path}: ${(e as Error).message}`,
      {
        cause: e,
        details: { path },
      },
    );
  }
}
