/**
 * A pure-JS GGUF (v2/v3) header parser: magic, metadata and tensor infos. It reads only the header
 * part of the file, growing its read window as needed, and never loads tensor data, so inspecting
 * a 100 GB model costs a few megabytes. Malformed input is an `ERR_MODEL_INVALID`, never a crash.
 */
import { open } from 'node:fs/promises';
import { LlemError } from '../core/errors.js';
import {
  alignUp,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_SCALAR_BYTES,
  GgufValueType,
} from './gguf-format.js';

/** The stored type of one metadata value (`itemType` for arrays). */
export interface GgufTypeTag {
  type: number;
  itemType?: number;
}

/** One tensor info: dims in ggml order (`dims[0]` contiguous), ggml type id, offset into the data section. */
export interface GgufTensorInfo {
  name: string;
  dims: number[];
  type: number;
  offset: number;
}

/** Everything before the tensor data of a GGUF file. */
export interface GgufHeader {
  /** GGUF format version (2 or 3). */
  version: number;
  tensorCount: number;
  /** Metadata by full key (`general.architecture`); 64-bit integers beyond 2^53 stay `bigint`. */
  metadata: Record<string, unknown>;
  /** Stored value type of each metadata key. */
  metadataTypes: Record<string, GgufTypeTag>;
  tensors: GgufTensorInfo[];
  /** Data-section alignment in bytes (`general.alignment` or 32). */
  alignment: number;
  /** File offset of the tensor data section, bytes. */
  dataOffset: number;
  /** Size of the whole file, bytes. */
  fileBytes: number;
}

/** More metadata keys or tensors than any real model has: the count field is garbage. */
const MAX_COUNT = 1_000_000;
const MAX_DIMS = 4;
const FIRST_READ_BYTES = 1 << 20;

class NeedMore {
  constructor(readonly bytes: number) {}
}

class Invalid extends Error {}

class Cursor {
  pos = 0;
  private readonly view: DataView;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly buf: Uint8Array,
    private readonly fileBytes: number,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Ensures `n` more bytes are readable, asking for a bigger window or failing at end of file. */
  need(n: number, what: string): void {
    const end = this.pos + n;
    if (end <= this.buf.length) return;
    if (end > this.fileBytes) {
      throw new Invalid(
        `truncated header: ${what} at offset ${this.pos} needs ${n} bytes but the file ends at ${this.fileBytes}`,
      );
    }
    throw new NeedMore(end);
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  u64(what: string): number {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
      throw new Invalid(`absurd ${what} ${v} at offset ${this.pos - 8}`);
    return Number(v);
  }

  string(what: string): string {
    const len = this.u64(`${what} length`);
    if (this.pos + len > this.fileBytes)
      throw new Invalid(
        `truncated or corrupt header: ${what} length ${len} at offset ${this.pos - 8} runs past the end of the ${this.fileBytes}-byte file`,
      );
    this.need(len, what);
    let s: string;
    try {
      s = this.decoder.decode(this.buf.subarray(this.pos, this.pos + len));
    } catch {
      throw new Invalid(`${what} at offset ${this.pos} is not valid UTF-8`);
    }
    this.pos += len;
    return s;
  }

  scalar(type: number, what: string): unknown {
    if (type === GgufValueType.STRING) return this.string(what);
    const size = GGUF_SCALAR_BYTES[type];
    if (size === undefined) throw new Invalid(`${what} has unknown value type ${type} at offset ${this.pos}`);
    this.need(size, what);
    const v = this.view;
    const p = this.pos;
    this.pos += size;
    switch (type) {
      case GgufValueType.UINT8:
        return v.getUint8(p);
      case GgufValueType.INT8:
        return v.getInt8(p);
      case GgufValueType.UINT16:
        return v.getUint16(p, true);
      case GgufValueType.INT16:
        return v.getInt16(p, true);
      case GgufValueType.UINT32:
        return v.getUint32(p, true);
      case GgufValueType.INT32:
        return v.getInt32(p, true);
      case GgufValueType.FLOAT32:
        return v.getFloat32(p, true);
      case GgufValueType.BOOL: {
        const b = v.getUint8(p);
        if (b > 1) throw new Invalid(`${what} is a bool with value ${b} at offset ${p}`);
        return b === 1;
      }
      case GgufValueType.UINT64:
        return safe(v.getBigUint64(p, true));
      case GgufValueType.INT64:
        return safe(v.getBigInt64(p, true));
      default:
        return v.getFloat64(p, true);
    }
  }

  value(type: number, what: string, depth = 0): { value: unknown; tag: GgufTypeTag } {
    if (type !== GgufValueType.ARRAY) return { value: this.scalar(type, what), tag: { type } };
    if (depth > 8) throw new Invalid(`${what} nests arrays more than 8 deep`);
    const itemType = this.u32(`${what} item type`);
    const count = this.u64(`${what} item count`);
    const minItem =
      itemType === GgufValueType.STRING
        ? 8
        : itemType === GgufValueType.ARRAY
          ? 12
          : GGUF_SCALAR_BYTES[itemType];
    if (minItem === undefined) throw new Invalid(`${what} has unknown array item type ${itemType}`);
    if (this.pos + count * minItem > this.fileBytes)
      throw new Invalid(
        `truncated or corrupt header: ${what} claims ${count} items, more than the ${this.fileBytes}-byte file can hold`,
      );
    const items: unknown[] = new Array(count);
    const item = `${what} item`;
    for (let i = 0; i < count; i++) items[i] = this.value(itemType, item, depth + 1).value;
    return { value: items, tag: { type, itemType } };
  }
}

function safe(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Parses a header from the first bytes of a file of `fileBytes` bytes; throws `NeedMore` or `Invalid`. */
function parse(buf: Uint8Array, fileBytes: number): GgufHeader {
  const c = new Cursor(buf, fileBytes);
  const magic = c.u32('magic');
  if (magic !== GGUF_MAGIC) {
    const text = Buffer.from(buf.subarray(0, 4))
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '.');
    throw new Invalid(`bad magic "${text}" (0x${magic.toString(16).padStart(8, '0')}), not a GGUF file`);
  }
  const version = c.u32('version');
  if (version !== 2 && version !== 3)
    throw new Invalid(`unsupported GGUF version ${version} (2 and 3 are supported)`);
  const tensorCount = c.u64('tensor count');
  const kvCount = c.u64('metadata count');
  if (tensorCount > MAX_COUNT || tensorCount * 32 > fileBytes)
    throw new Invalid(`absurd tensor count ${tensorCount}`);
  if (kvCount > MAX_COUNT || kvCount * 13 > fileBytes) throw new Invalid(`absurd metadata count ${kvCount}`);
  const metadata: Record<string, unknown> = {};
  const metadataTypes: Record<string, GgufTypeTag> = {};
  for (let i = 0; i < kvCount; i++) {
    const key = c.string(`metadata key #${i}`);
    if (Object.hasOwn(metadata, key)) throw new Invalid(`duplicate metadata key ${key}`);
    const { value, tag } = c.value(c.u32(`type of ${key}`), key);
    metadata[key] = value;
    metadataTypes[key] = tag;
  }
  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string(`tensor #${i} name`);
    if (names.has(name)) throw new Invalid(`duplicate tensor name ${name}`);
    names.add(name);
    const nDims = c.u32(`dimension count of ${name}`);
    if (nDims > MAX_DIMS) throw new Invalid(`tensor ${name} has ${nDims} dimensions (at most ${MAX_DIMS})`);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(c.u64(`dimension ${d} of ${name}`));
    if (dims.reduce((n, d) => n * d, 1) > Number.MAX_SAFE_INTEGER)
      throw new Invalid(`tensor ${name} has absurd dims [${dims.join(', ')}]`);
    const type = c.u32(`type of ${name}`);
    const offset = c.u64(`offset of ${name}`);
    tensors.push({ name, dims, type, offset });
  }
  const a = metadata['general.alignment'];
  const alignment = a === undefined ? GGUF_DEFAULT_ALIGNMENT : a;
  if (typeof alignment !== 'number' || alignment <= 0 || (alignment & (alignment - 1)) !== 0) {
    throw new Invalid(`general.alignment ${String(a)} is not a power of two`);
  }
  return {
    version,
    tensorCount,
    metadata,
    metadataTypes,
    tensors,
    alignment,
    dataOffset: alignUp(c.pos, alignment),
    fileBytes,
  };
}

/** Parses a header from bytes in memory (`bytes` must hold the whole header; `fileBytes` is the size of the whole file [bytes.length]). */
export function parseGgufHeader(
  bytes: Uint8Array,
  fileBytes = bytes.length,
  source = '<buffer>',
): GgufHeader {
  try {
    return parse(bytes, Math.max(fileBytes, bytes.length));
  } catch (e) {
    if (e instanceof NeedMore)
      throw invalid(source, `truncated header: ${e.bytes} bytes needed, ${bytes.length} given`);
    if (e instanceof Invalid) throw invalid(source, e.message);
    throw e;
  }
}

function invalid(path: string, reason: string): LlemError {
  return new LlemError('ERR_MODEL_INVALID', `${path}: ${reason}; re-download or regenerate the file`, {
    details: { path, reason },
  });
}

/** Reads and parses the header of the GGUF file at `path`, reading only as many bytes as the header spans. */
export async function readGgufHeader(path: string): Promise<GgufHeader> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new LlemError(
      'ERR_MODEL_INVALID',
      `${path}: cannot open model file (${(e as Error).message}); check the path`,
      {
        cause: e,
        details: { path },
      },
    );
  }
  try {
    const fileBytes = (await fh.stat()).size;
    let want = Math.min(fileBytes, FIRST_READ_BYTES);
    for (;;) {
      const buf = new Uint8Array(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await fh.read(buf, got, want - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      try {
        return parse(buf.subarray(0, got), got < want ? got : fileBytes);
      } catch (e) {
        if (e instanceof NeedMore && want < fileBytes)
          want = Math.min(fileBytes, Math.max(e.bytes, want * 2));
        else if (e instanceof Invalid) throw invalid(path, e.message);
        else throw e;
      }
    }
  } finally {
    await fh.close();
  }
}
