/**
 * GGUF file-format constants: magic, versions, metadata value types, ggml tensor types with their
 * block geometry, and llama.cpp file types. Shared by the writer, the reader and the validator.
 * Reference: ggml/docs/gguf.md and ggml.c's `type_traits` table (block sizes checked against the
 * node-llama-cpp 3.21.1 binding).
 */

/** `GGUF` read as a little-endian u32. */
export const GGUF_MAGIC = 0x46_55_47_47;

/** The GGUF version the writer produces (the reader also accepts 2). */
export const GGUF_VERSION = 3;

/** Data-section alignment in bytes when `general.alignment` is absent. */
export const GGUF_DEFAULT_ALIGNMENT = 32;

/** Metadata value type ids as stored in the file. */
export const GgufValueType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;

/** A metadata value type id (0–12). */
export type GgufValueType = (typeof GgufValueType)[keyof typeof GgufValueType];

/** Writer-facing names of the scalar metadata types. */
export type GgufScalarTypeName =
  | 'u8'
  | 'i8'
  | 'u16'
  | 'i16'
  | 'u32'
  | 'i32'
  | 'f32'
  | 'bool'
  | 'string'
  | 'u64'
  | 'i64'
  | 'f64';

/** Maps a scalar type name to its id in the file. */
export const GGUF_SCALAR_TYPE_ID: Record<GgufScalarTypeName, GgufValueType> = {
  u8: GgufValueType.UINT8,
  i8: GgufValueType.INT8,
  u16: GgufValueType.UINT16,
  i16: GgufValueType.INT16,
  u32: GgufValueType.UINT32,
  i32: GgufValueType.INT32,
  f32: GgufValueType.FLOAT32,
  bool: GgufValueType.BOOL,
  string: GgufValueType.STRING,
  u64: GgufValueType.UINT64,
  i64: GgufValueType.INT64,
  f64: GgufValueType.FLOAT64,
};

/** Byte width of each fixed-size scalar type id (strings and arrays are variable). */
export const GGUF_SCALAR_BYTES: Readonly<Record<number, number>> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

/** A metadata value for the writer: the type is explicit because a JS number has several encodings. */
export type GgufMetadataValue =
  | { type: 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64'; value: number }
  | { type: 'u64' | 'i64'; value: number | bigint }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | GgufArrayValue;

/** An array metadata value: items of one scalar type, or nested arrays. */
export type GgufArrayValue =
  | {
      type: 'array';
      itemType: Exclude<GgufScalarTypeName, 'bool' | 'string' | 'u64' | 'i64'>;
      value: readonly number[];
    }
  | { type: 'array'; itemType: 'u64' | 'i64'; value: readonly (number | bigint)[] }
  | { type: 'array'; itemType: 'bool'; value: readonly boolean[] }
  | { type: 'array'; itemType: 'string'; value: readonly string[] }
  | { type: 'array'; itemType: 'array'; value: readonly GgufArrayValue[] };

/** ggml tensor type ids (`enum ggml_type`); ids 4, 5, 31–33 and 36–38 were removed upstream. */
export const GgmlType = {
  F32: 0,
  F16: 1,
  Q4_0: 2,
  Q4_1: 3,
  Q5_0: 6,
  Q5_1: 7,
  Q8_0: 8,
  Q8_1: 9,
  Q2_K: 10,
  Q3_K: 11,
  Q4_K: 12,
  Q5_K: 13,
  Q6_K: 14,
  Q8_K: 15,
  IQ2_XXS: 16,
  IQ2_XS: 17,
  IQ3_XXS: 18,
  IQ1_S: 19,
  IQ4_NL: 20,
  IQ3_S: 21,
  IQ2_S: 22,
  IQ4_XS: 23,
  I8: 24,
  I16: 25,
  I32: 26,
  I64: 27,
  F64: 28,
  IQ1_M: 29,
  BF16: 30,
  TQ1_0: 34,
  TQ2_0: 35,
  MXFP4: 39,
  NVFP4: 40,
  Q1_0: 41,
  Q2_0: 42,
} as const;

/** A ggml tensor type id. */
export type GgmlType = (typeof GgmlType)[keyof typeof GgmlType];

/** Block geometry of one tensor type: `blockSize` elements are stored in `typeSize` bytes. */
export interface GgmlTypeInfo {
  /** Lower-case name, e.g. `q8_0`. */
  name: string;
  /** Elements per block (1 for plain types). */
  blockSize: number;
  /** Bytes per block. */
  typeSize: number;
}

// [id, blockSize, typeSize] as in ggml.c `type_traits`.
const TYPE_TABLE: readonly [GgmlType, number, number][] = [
  [0, 1, 4],
  [1, 1, 2],
  [2, 32, 18],
  [3, 32, 20],
  [6, 32, 22],
  [7, 32, 24],
  [8, 32, 34],
  [9, 32, 36],
  [10, 256, 84],
  [11, 256, 110],
  [12, 256, 144],
  [13, 256, 176],
  [14, 256, 210],
  [15, 256, 292],
  [16, 256, 66],
  [17, 256, 74],
  [18, 256, 98],
  [19, 256, 50],
  [20, 32, 18],
  [21, 256, 110],
  [22, 256, 82],
  [23, 256, 136],
  [24, 1, 1],
  [25, 1, 2],
  [26, 1, 4],
  [27, 1, 8],
  [28, 1, 8],
  [29, 256, 56],
  [30, 1, 2],
  [34, 256, 54],
  [35, 256, 66],
  [39, 32, 17],
  [40, 64, 36],
  [41, 128, 18],
  [42, 64, 18],
];

const TYPE_NAMES = new Map<number, string>(
  Object.entries(GgmlType).map(([name, id]) => [id, name.toLowerCase()] as const),
);

/** Block geometry of every tensor type this build of llama.cpp knows, by id. */
export const GGML_TYPES: ReadonlyMap<number, GgmlTypeInfo> = new Map(
  TYPE_TABLE.map(([id, blockSize, typeSize]) => [id, { name: TYPE_NAMES.get(id)!, blockSize, typeSize }]),
);

/** Bytes of tensor data for `dims` (ggml order, `dims[0]` contiguous), or undefined for an unknown type or a first dimension that is not a whole number of blocks. */
export function tensorDataBytes(type: number, dims: readonly number[]): number | undefined {
  const info = GGML_TYPES.get(type);
  if (info === undefined) return undefined;
  const first = dims[0] ?? 1;
  if (first % info.blockSize !== 0) return undefined;
  let rows = 1;
  for (let i = 1; i < dims.length; i++) rows *= dims[i]!;
  return (first / info.blockSize) * info.typeSize * rows;
}

/** Number of elements of a tensor with `dims`. */
export function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/** Rounds `offset` up to a multiple of `alignment`. */
export function alignUp(offset: number, alignment: number): number {
  return Math.ceil(offset / alignment) * alignment;
}

/** llama.cpp `general.file_type` names (`enum llama_ftype`), lower-case, e.g. 15 → `q4_k_m`. */
export const LLAMA_FILE_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'f32',
  1: 'f16',
  2: 'q4_0',
  3: 'q4_1',
  7: 'q8_0',
  8: 'q5_0',
  9: 'q5_1',
  10: 'q2_k',
  11: 'q3_k_s',
  12: 'q3_k_m',
  13: 'q3_k_l',
  14: 'q4_k_s',
  15: 'q4_k_m',
  16: 'q5_k_s',
  17: 'q5_k_m',
  18: 'q6_k',
  19: 'iq2_xxs',
  20: 'iq2_xs',
  21: 'q2_k_s',
  22: 'iq3_xs',
  23: 'iq3_xxs',
  24: 'iq1_s',
  25: 'iq4_nl',
  26: 'iq3_s',
  27: 'iq3_m',
  28: 'iq2_s',
  29: 'iq2_m',
  30: 'iq4_xs',
  31: 'iq1_m',
  32: 'bf16',
  36: 'tq1_0',
  37: 'tq2_0',
  38: 'mxfp4_moe',
  39: 'nvfp4',
  40: 'q1_0',
  41: 'q2_0',
};

/** SentencePiece token types (`tokenizer.ggml.token_type`). */
export const TokenType = {
  NORMAL: 1,
  UNKNOWN: 2,
  CONTROL: 3,
  USER_DEFINED: 4,
  UNUSED: 5,
  BYTE: 6,
} as const;
