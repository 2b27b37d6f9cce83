/**
 * A streaming GGUF v3 writer: the header is written first, then each tensor's data in order,
 * chunk by chunk, so a 1 B-parameter file never needs more than one chunk in memory. Bytes are
 * hashed (SHA-256) as they are written.
 */
import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { LlemError } from '../core/errors.js';
import { dataBytesOf, encodeGgufHeader, type GgufTensorDescriptor } from './gguf-encode.js';
import {
  alignUp,
  elementCount,
  GGUF_DEFAULT_ALIGNMENT,
  GgmlType,
  type GgufMetadataValue,
} from './gguf-format.js';
import { encodeTensorChunk, type WritableTensorType } from './gguf-quant.js';

export { encodeGgufHeader, type GgufTensorDescriptor } from './gguf-encode.js';

/** What a finished file is: its size in bytes and SHA-256 (hex) of its content. */
export interface GgufWriteResult {
  bytes: number;
  sha256: string;
}

const WRITABLE = new Set<number>([GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0]);

/** Bytes buffered before each write to disk. */
const FLUSH_BYTES = 4 << 20;

/** Streams one GGUF file: open with the full header, then write every tensor's data in declared order. */
export class GgufWriter {
  private next = 0;
  private written = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  private constructor(
    private readonly fh: FileHandle,
    private readonly tensors: readonly GgufTensorDescriptor[],
    private readonly alignment: number,
    private readonly hash: Hash,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Creates (truncates) `path` and writes the header; alignment comes from `general.alignment` (u32) or is 32. */
  static async open(
    path: string,
    metadata: Readonly<Record<string, GgufMetadataValue>>,
    tensors: readonly GgufTensorDescriptor[],
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<GgufWriter> {
    const a = metadata['general.alignment'];
    const alignment = a?.type === 'u32' ? a.value : GGUF_DEFAULT_ALIGNMENT;
    if (!Number.isInteger(alignment) || alignment <= 0 || alignment % 8 !== 0) {
      throw new RangeError(`general.alignment must be a positive multiple of 8, got ${alignment}`);
    }
    const header = encodeGgufHeader(metadata, tensors, alignment);
    const fh = await open(path, 'w');
    const w = new GgufWriter(fh, tensors, alignment, createHash('sha256'), options.signal);
    await w.push(header);
    return w;
  }

  /** Writes the next tensor from f32 chunks (F32/F16/Q8_0/Q4_0; Q chunks hold whole 32-value blocks). */
  async writeTensor(
    name: string,
    chunks: Iterable<Float32Array> | AsyncIterable<Float32Array>,
  ): Promise<void> {
    const t = this.expect(name);
    if (!WRITABLE.has(t.type))
      throw new RangeError(`tensor ${name}: type ${t.type} cannot be encoded from f32 values`);
    const want = elementCount(t.dims);
    let got = 0;
    for await (const chunk of chunks) {
      this.checkAbort();
      got += chunk.length;
      if (got > want) throw new RangeError(`tensor ${name}: more than ${want} values supplied`);
      await this.push(encodeTensorChunk(t.type as WritableTensorType, chunk));
    }
    if (got !== want) throw new RangeError(`tensor ${name}: ${got} values supplied, ${want} expected`);
    await this.endTensor();
  }

  /** Writes the next tensor from already-encoded bytes (any type); the length must match its dims. */
  async writeTensorBytes(name: string, bytes: Uint8Array): Promise<void> {
    const t = this.expect(name);
    const want = dataBytesOf(t);
    if (bytes.length !== want)
      throw new RangeError(`tensor ${name}: ${bytes.length} bytes supplied, ${want} expected`);
    await this.push(bytes);
    await this.endTensor();
  }

  /** Flushes and closes the file after the last tensor; returns its size and SHA-256. */
  async finish(): Promise<GgufWriteResult> {
    if (this.next !== this.tensors.length) {
      throw new RangeError(
        `${this.tensors.length - this.next} tensor(s) not written, next is ${this.tensors[this.next]?.name}`,
      );
    }
    await this.flush();
    await this.fh.close();
    return { bytes: this.written, sha256: this.hash.digest('hex') };
  }

  /** Closes the file without finishing it (the caller removes the partial file). */
  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }

  private expect(name: string): GgufTensorDescriptor {
    const t = this.tensors[this.next];
    if (t === undefined || t.name !== name) {
      throw new RangeError(`tensor ${name} written out of order; expected ${t?.name ?? 'no more tensors'}`);
    }
    return t;
  }

  private async endTensor(): Promise<void> {
    this.next++;
    const pad =
      alignUp(this.written + this.pendingBytes, this.alignment) - (this.written + this.pendingBytes);
    if (pad > 0) await this.push(new Uint8Array(pad));
  }

  private checkAbort(): void {
    if (this.signal?.aborted)
      throw new LlemError('ERR_ABORTED', 'GGUF writing aborted', { cause: this.signal.reason });
  }

  private async push(bytes: Uint8Array): Promise<void> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.hash.update(buf);
    let done = 0;
    while (done < buf.length) done += (await this.fh.write(buf, done, buf.length - done)).bytesWritten;
    this.written += buf.length;
  }
}

/** A tensor with its data: f32 values to encode, or already-encoded bytes. */
export interface GgufTensorWithData extends GgufTensorDescriptor {
  data: Float32Array | Uint8Array;
}

/** Writes a whole GGUF file from in-memory tensors (small files and tests; use `GgufWriter` to stream). */
export async function writeGgufFile(
  path: string,
  metadata: Readonly<Record<string, GgufMetadataValue>>,
  tensors: readonly GgufTensorWithData[],
  options: { signal?: AbortSignal | undefined } = {},
): Promise<GgufWriteResult> {
  const w = await GgufWriter.open(path, metadata, tensors, options);
  try {
    for (const t of tensors) {
      if (t.data instanceof Float32Array) await w.writeTensor(t.name, [t.data]);
      else await w.writeTensorBytes(t.name, t.data);
    }
    return await w.finish();
  } catch (e) {
    await w.close();
    throw e;
  }
}
