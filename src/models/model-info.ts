/**
 * Architecture facts (`ModelInfo`) from a GGUF header alone: parameter counts from tensor dims,
 * attention geometry and sizes from the metadata. Pure; no tensor data is read.
 */
import type { ModelInfo } from '../engines/engine.js';
import { elementCount, GGML_TYPES, LLAMA_FILE_TYPE_NAMES, tensorDataBytes } from './gguf-format.js';
import type { GgufHeader } from './gguf-reader.js';

/** A metadata value as a number: the value itself, or the largest item of a per-layer array. */
export function metadataNumber(h: GgufHeader, key: string): number | undefined {
  const v = h.metadata[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number'))
    return Math.max(...(v as number[]));
  return undefined;
}

/** The dominant tensor type by element count, e.g. `q8_0`. */
function dominantType(h: GgufHeader): string {
  const byType = new Map<number, number>();
  for (const t of h.tensors) byType.set(t.type, (byType.get(t.type) ?? 0) + elementCount(t.dims));
  let best: number | undefined;
  for (const [type, n] of byType) if (best === undefined || n > byType.get(best)!) best = type;
  return best === undefined ? 'unknown' : (GGML_TYPES.get(best)?.name ?? `type${best}`);
}

/** Builds `ModelInfo` from a parsed header; the embedding is counted separately and a tied output once. */
export function modelInfoFromGguf(h: GgufHeader): ModelInfo {
  const arch =
    typeof h.metadata['general.architecture'] === 'string' ? h.metadata['general.architecture'] : 'unknown';
  const key = (k: string) => metadataNumber(h, `${arch}.${k}`);
  let parameters = 0;
  let weightsBytes = 0;
  for (const t of h.tensors) {
    parameters += elementCount(t.dims);
    weightsBytes += tensorDataBytes(t.type, t.dims) ?? 0;
  }
  const embd = h.tensors.find((t) => t.name === 'token_embd.weight');
  const embeddingLength = key('embedding_length') ?? embd?.dims[0] ?? 0;
  const heads = key('attention.head_count') ?? 0;
  const tokens = h.metadata['tokenizer.ggml.tokens'];
  const fileType = metadataNumber(h, 'general.file_type');
  return {
    architecture: arch,
    parameters,
    embeddingParameters: embd === undefined ? 0 : elementCount(embd.dims),
    layers: key('block_count') ?? 0,
    embeddingLength,
    heads,
    kvHeads: key('attention.head_count_kv') ?? heads,
    headDim: key('attention.key_length') ?? (heads > 0 ? embeddingLength / heads : 0),
    feedForwardLength: key('feed_forward_length') ?? 0,
    vocabSize: Array.isArray(tokens) ? tokens.length : (key('vocab_size') ?? embd?.dims[1] ?? 0),
    contextLength: key('context_length') ?? 0,
    weightsBytes,
    weightType: (fileType === undefined ? undefined : LLAMA_FILE_TYPE_NAMES[fileType]) ?? dominantType(h),
  };
}
