/**
 * Encoding of the GGUF header: magic, version, counts, metadata of every value type (arrays and
 * nested arrays included), tensor infos with their data offsets, and padding to the alignment.
 * Values are range-checked, so a bad value is a RangeError here rather than a corrupt file.
 */
import {
  alignUp,
  GGUF_MAGIC,
  GGUF_SCALAR_TYPE_ID,
  GGUF_VERSION,
  type GgufArrayValue,
  type GgufMetadataValue,
  GgufValueType,
  tensorDataBytes,
} from './gguf-format.js';

/** One tensor to be written: name, dims in ggml order (`dims[0]` contiguous) and ggml type id. */
export interface GgufTensorDescriptor {
  name: string;
  dims: readonly number[];
  type: number;
}

/** A growable little-endian byte sink for the header. */
class ByteSink {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  scalar(type: number, value: number | bigint | boolean): void {
    this.reserve(8);
    const v = this.view;
    const at = this.length;
    const n = typeof value === 'bigint' ? value : Number(value);
    switch (type) {
      case GgufValueType.UINT8:
      case GgufValueType.BOOL:
        v.setUint8(at, checkInt(n, 0, 0xff));
        this.length += 1;
        return;
      case GgufValueType.INT8:
        v.setInt8(at, checkInt(n, -0x80, 0x7f));
        this.length += 1;
        return;
      case GgufValueType.UINT16:
        v.setUint16(at, checkInt(n, 0, 0xffff), true);
        this.length += 2;
        return;
      case GgufValueType.INT16:
        v.setInt16(at, checkInt(n, -0x8000, 0x7fff), true);
        this.length += 2;
        return;
      case GgufValueType.UINT32:
        v.setUint32(at, checkInt(n, 0, 0xffff_ffff), true);
        this.length += 4;
        return;
      case GgufValueType.INT32:
        v.setInt32(at, checkInt(n, -0x8000_0000, 0x7fff_ffff), true);
        this.length += 4;
        return;
      case GgufValueType.FLOAT32:
        v.setFloat32(at, Number(n), true);
        this.length += 4;
        return;
      case GgufValueType.FLOAT64:
        v.setFloat64(at, Number(n), true);
        this.length += 8;
        return;
      case GgufValueType.UINT64:
        v.setBigUint64(at, checkBig(n, 0n, 2n ** 64n - 1n), true);
        this.length += 8;
        return;
      case GgufValueType.INT64:
        v.setBigInt64(at, checkBig(n, -(2n ** 63n), 2n ** 63n - 1n), true);
        this.length += 8;
        return;
      default:
        throw new RangeError(`not a scalar GGUF type: ${type}`);
    }
  }

  string(s: string): void {
    const bytes = new TextEncoder().encode(s);
    this.scalar(GgufValueType.UINT64, bytes.length);
    this.bytes(bytes);
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  zeros(n: number): void {
    this.reserve(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
  }

  take(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

function checkInt(n: number | bigint, min: number, max: number): number {
  const v = Number(n);
  if (!Number.isInteger(v) || v < min || v > max)
    throw new RangeError(`${v} is not an integer in [${min}, ${max}]`);
  return v;
}

function checkBig(n: number | bigint, min: bigint, max: bigint): bigint {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`${n} is not a safe integer`);
  const v = BigInt(n);
  if (v < min || v > max) throw new RangeError(`${v} is out of range [${min}, ${max}]`);
  return v;
}

function writeArray(sink: ByteSink, a: GgufArrayValue): void {
  if (a.itemType === 'array') {
    sink.scalar(GgufValueType.UINT32, GgufValueType.ARRAY);
    sink.scalar(GgufValueType.UINT64, a.value.length);
    for (const inner of a.value) writeArray(sink, inner);
    return;
  }
  const id = GGUF_SCALAR_TYPE_ID[a.itemType];
  sink.scalar(GgufValueType.UINT32, id);
  sink.scalar(GgufValueType.UINT64, a.value.length);
  if (a.itemType === 'string') for (const s of a.value) sink.string(s);
  else for (const v of a.value) sink.scalar(id, v);
}

function writeValue(sink: ByteSink, v: GgufMetadataValue): void {
  if (v.type === 'array') {
    sink.scalar(GgufValueType.UINT32, GgufValueType.ARRAY);
    writeArray(sink, v);
  } else if (v.type === 'string') {
    sink.scalar(GgufValueType.UINT32, GgufValueType.STRING);
    sink.string(v.value);
  } else {
    const id = GGUF_SCALAR_TYPE_ID[v.type];
    sink.scalar(GgufValueType.UINT32, id);
    sink.scalar(id, v.value);
  }
}

/** Data bytes of `t`, or a RangeError naming the tensor when its type or first dimension is unusable. */
export function dataBytesOf(t: GgufTensorDescriptor): number {
  const n = tensorDataBytes(t.type, t.dims);
  if (n === undefined)
    throw new RangeError(`tensor ${t.name}: type ${t.type} cannot hold dims [${t.dims.join(', ')}]`);
  return n;
}

/** Encodes the header: magic, counts, metadata, tensor infos, padding to the data section. */
export function encodeGgufHeader(
  metadata: Readonly<Record<string, GgufMetadataValue>>,
  tensors: readonly GgufTensorDescriptor[],
  alignment: number,
): Uint8Array {
  const sink = new ByteSink();
  sink.scalar(GgufValueType.UINT32, GGUF_MAGIC);
  sink.scalar(GgufValueType.UINT32, GGUF_VERSION);
  sink.scalar(GgufValueType.UINT64, tensors.length);
  const entries = Object.entries(metadata);
  sink.scalar(GgufValueType.UINT64, entries.length);
  for (const [key, value] of entries) {
    sink.string(key);
    writeValue(sink, value);
  }
  let offset = 0;
  const names = new Set<string>();
  for (const t of tensors) {
    if (names.has(t.name)) throw new RangeError(`duplicate tensor name ${t.name}`);
    names.add(t.name);
    sink.string(t.name);
    sink.scalar(GgufValueType.UINT32, t.dims.length);
    for (const d of t.dims) sink.scalar(GgufValueType.UINT64, d);
    sink.scalar(GgufValueType.UINT32, t.type);
    sink.scalar(GgufValueType.UINT64, offset);
    offset = alignUp(offset + dataBytesOf(t), alignment);
  }
  sink.zeros(alignUp(sink.length, alignment) - sink.length);
  return sink.take();
}
