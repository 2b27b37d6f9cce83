import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ModelInfo } from '../engines/engine.js';
import { type GgufHeader, readGgufHeader } from './gguf-reader.js';
import { modelInfoFromGguf } from './model-info.js';
import { builtinModelPath, parseBuiltinModel } from './resolve.js';
import { TINY_SIZES, type TinySize, type TinyWeightType, tinyTensors } from './tiny-spec.js';

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/** Architecture facts of a builtin tiny model computed from its specification, without writing it. */
export function tinyModelInfo(size: TinySize, type: TinyWeightType): ModelInfo {
  const a = TINY_SIZES[size];
  const header: GgufHeader = {
    version: 3,
    tensorCount: 0,
    metadata: {
      'general.architecture': 'llama',
      'llama.block_count': a.layers,
      'llama.embedding_length': a.embedding,
      'llama.attention.head_count': a.heads,
      'llama.attention.head_count_kv': a.kvHeads,
      'llama.feed_forward_length': a.feedForward,
      'llama.context_length': a.context,
      'llama.vocab_size': a.vocab,
    },
    metadataTypes: {},
    tensors: tinyTensors(a, type).map((t) => ({ name: t.name, dims: [...t.dims], type: t.type, offset: 0 })),
    alignment: 32,
    dataOffset: 0,
    fileBytes: 0,
  };
  return modelInfoFromGguf(header);
}

/**
 * Describes a model without loading it (for dry runs): reads a local or cached GGUF header, or
 * computes a builtin model's facts from its specification. Undefined when that would need a
 * download (an `hf:` model not yet cached) or the file cannot be read.
 */
export async function inspectModel(
  model: string,
  o: { cacheDir: string; baseDir: string },
): Promise<ModelInfo | undefined> {
  const builtin = parseBuiltinModel(model);
  if (builtin) {
    const path = builtinModelPath(o.cacheDir, builtin.size, builtin.type);
    if (await exists(path)) return modelInfoFromGguf(await readGgufHeader(path));
    return tinyModelInfo(builtin.size, builtin.type);
  }
  if (model.startsWith('hf:')) return undefined;
  try {
    return modelInfoFromGguf(await readGgufHeader(resolve(o.baseDir, model)));
  } catch {
    // A missing or malformed file is reported by the real run; the dry run only lacks an estimate.
    return undefined;
  }
}
