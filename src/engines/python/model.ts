import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { ConfigIssue } from '../../core/errors.js';
import type { ModelInfo } from '../engine.js';
import type { WorkerModel } from './protocol.js';

/** True when `model` is written as a filesystem path rather than a Hugging Face id. */
function looksLikePath(model: string): boolean {
  return model.startsWith('.') || model.startsWith('/') || model.startsWith('~');
}

/**
 * The model argument for the worker: a local folder (relative to `baseDir`, `~` expanded) as an
 * absolute path, else the Hugging Face id unchanged.
 */
export function resolveModel(model: string, baseDir: string): string {
  if (model.startsWith('~/')) return resolve(homedir(), model.slice(2));
  if (isAbsolute(model)) return model;
  const local = resolve(baseDir, model);
  return looksLikePath(model) || existsSync(local) ? local : model;
}

/** Problems with `model` for a Python engine, found without loading anything. */
export function modelIssues(engine: string, model: string, baseDir: string): ConfigIssue[] {
  if (model.startsWith('builtin:') || /\.gguf$/i.test(model) || model.startsWith('hf:')) {
    return [
      {
        code: 'invalid_value',
        path: ['model'],
        message: `${engine} loads Hugging Face models (a Hub id or a local folder), not GGUF files (${model})`,
        suggestion: 'use engine: llamacpp for GGUF models, or give a Hugging Face model id or folder',
      },
    ];
  }
  const resolved = resolveModel(model, baseDir);
  if (isAbsolute(resolved) && !existsSync(resolved)) {
    return [
      {
        code: 'file_not_found',
        path: ['model'],
        message: `model folder ${resolved} does not exist`,
        suggestion: 'check the path (relative paths start at the config file), or give a Hugging Face id',
      },
    ];
  }
  return [];
}

/** The worker's snake_case model facts as llem's `ModelInfo` (plus `tiedEmbeddings` for FLOPs). */
export function toModelInfo(m: WorkerModel): ModelInfo & { tiedEmbeddings?: boolean } {
  return {
    architecture: m.architecture,
    parameters: m.parameters,
    embeddingParameters: m.embedding_parameters,
    layers: m.layers,
    embeddingLength: m.embedding_length,
    heads: m.heads,
    kvHeads: m.kv_heads,
    headDim: m.head_dim,
    feedForwardLength: m.feed_forward_length,
    vocabSize: m.vocab_size,
    contextLength: m.context_length,
    weightsBytes: m.weights_bytes,
    weightType: m.weight_type,
    ...(m.tied_embeddings === undefined ? {} : { tiedEmbeddings: m.tied_embeddings }),
  };
}
