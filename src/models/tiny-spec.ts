/**
 * What the tiny model is: its three sizes, the metadata it carries and the tensors it has.
 * Pure: the same size, type and seed always describe the same file.
 */
import { GgmlType, type GgufMetadataValue } from './gguf-format.js';
import type { GgufTensorDescriptor } from './gguf-writer.js';
import type { Vocabulary } from './vocab.js';

/** Tiny-model size: `tiny` ≈ 0.28 M parameters (1.2 MB as f32), `small` ≈ 116 M, `1b` ≈ 1.0 B. */
export type TinySize = 'tiny' | 'small' | '1b';

/** Weight type of the tiny model's matrices (norm vectors are always f32). */
export type TinyWeightType = 'f32' | 'f16' | 'q8_0' | 'q4_0';

/** Architecture of one tiny-model size (llama: RMSNorm, RoPE, SwiGLU feed-forward). */
export interface TinyArchitecture {
  /** Transformer blocks. */
  layers: number;
  /** Hidden size. */
  embedding: number;
  /** Attention query heads. */
  heads: number;
  /** Key/value heads (grouped-query attention when fewer than `heads`). */
  kvHeads: number;
  /** Feed-forward width. */
  feedForward: number;
  /** Vocabulary size (tokens). */
  vocab: number;
  /** Training context length written to the metadata, tokens. */
  context: number;
  /** Whether the output projection shares the token embedding (no `output.weight` tensor). */
  tiedOutput: boolean;
}

/** The three sizes; `small` and `1b` follow the shapes of GPT-2-small and TinyLlama-1.1B with an 8,192-token vocabulary. */
export const TINY_SIZES: Readonly<Record<TinySize, TinyArchitecture>> = {
  tiny: {
    layers: 2,
    embedding: 64,
    heads: 4,
    kvHeads: 2,
    feedForward: 160,
    vocab: 3072,
    context: 1024,
    tiedOutput: true,
  },
  small: {
    layers: 12,
    embedding: 768,
    heads: 12,
    kvHeads: 4,
    feedForward: 3072,
    vocab: 8192,
    context: 2048,
    tiedOutput: false,
  },
  '1b': {
    layers: 22,
    embedding: 2048,
    heads: 32,
    kvHeads: 4,
    feedForward: 5632,
    vocab: 8192,
    context: 2048,
    tiedOutput: false,
  },
};

/** Default weight type: exact f32 for `tiny` (it is small anyway), q8_0 for the larger sizes (near-lossless, a quarter of f32). */
export function defaultTinyWeightType(size: TinySize): TinyWeightType {
  return size === 'tiny' ? 'f32' : 'q8_0';
}

/** Bumped whenever the generator's output changes, so cached builtin models are regenerated. */
export const TINY_GENERATOR_VERSION = 1;

const GGML_OF: Record<TinyWeightType, GgmlType> = {
  f32: GgmlType.F32,
  f16: GgmlType.F16,
  q8_0: GgmlType.Q8_0,
  q4_0: GgmlType.Q4_0,
};

/** llama.cpp `general.file_type` of a model whose matrices are all `type`. */
const FILE_TYPE_OF: Record<TinyWeightType, number> = { f32: 0, f16: 1, q4_0: 2, q8_0: 7 };

/** Standard deviation of every weight matrix (GPT-2's initialisation). */
export const TINY_WEIGHT_STD = 0.02;

/** A tensor of the tiny model and how to fill it. */
export interface TinyTensor extends GgufTensorDescriptor {
  /** `ones` for norm weights, `random` for matrices. */
  fill: 'ones' | 'random';
}

/** The tensors of a tiny model, in file order; dims in ggml order (`[in, out]` for matrices). */
export function tinyTensors(arch: TinyArchitecture, type: TinyWeightType): TinyTensor[] {
  const w = GGML_OF[type];
  const e = arch.embedding;
  const kv = (e / arch.heads) * arch.kvHeads;
  const norm = (name: string): TinyTensor => ({ name, dims: [e], type: GgmlType.F32, fill: 'ones' });
  const mat = (name: string, dims: number[]): TinyTensor => ({ name, dims, type: w, fill: 'random' });
  const out: TinyTensor[] = [mat('token_embd.weight', [e, arch.vocab])];
  for (let i = 0; i < arch.layers; i++) {
    const b = `blk.${i}`;
    out.push(
      norm(`${b}.attn_norm.weight`),
      mat(`${b}.attn_q.weight`, [e, e]),
      mat(`${b}.attn_k.weight`, [e, kv]),
      mat(`${b}.attn_v.weight`, [e, kv]),
      mat(`${b}.attn_output.weight`, [e, e]),
      norm(`${b}.ffn_norm.weight`),
      mat(`${b}.ffn_gate.weight`, [e, arch.feedForward]),
      mat(`${b}.ffn_down.weight`, [arch.feedForward, e]),
      mat(`${b}.ffn_up.weight`, [e, arch.feedForward]),
    );
  }
  out.push(norm('output_norm.weight'));
  if (!arch.tiedOutput) out.push(mat('output.weight', [e, arch.vocab]));
  return out;
}

/** The metadata of a tiny model: llama hyper-parameters, the tokenizer and llem's provenance keys; no timestamps. */
export function tinyMetadata(
  size: TinySize,
  type: TinyWeightType,
  seed: number,
  vocab: Vocabulary,
): Record<string, GgufMetadataValue> {
  const a = TINY_SIZES[size];
  const u32 = (value: number) => ({ type: 'u32', value }) as const;
  const quantised = type === 'q8_0' || type === 'q4_0';
  return {
    'general.architecture': { type: 'string', value: 'llama' },
    'general.type': { type: 'string', value: 'model' },
    'general.name': { type: 'string', value: `llem-tiny-${size}` },
    'general.description': {
      type: 'string',
      value:
        'Deterministic random-weight model written by llenergymeasure; its output is gibberish, its cost is real.',
    },
    'general.file_type': u32(FILE_TYPE_OF[type]),
    ...(quantised ? { 'general.quantization_version': u32(2) } : {}),
    'general.alignment': u32(32),
    'llama.vocab_size': u32(a.vocab),
    'llama.context_length': u32(a.context),
    'llama.embedding_length': u32(a.embedding),
    'llama.block_count': u32(a.layers),
    'llama.feed_forward_length': u32(a.feedForward),
    'llama.rope.dimension_count': u32(a.embedding / a.heads),
    'llama.rope.freq_base': { type: 'f32', value: 10_000 },
    'llama.attention.head_count': u32(a.heads),
    'llama.attention.head_count_kv': u32(a.kvHeads),
    'llama.attention.layer_norm_rms_epsilon': { type: 'f32', value: 1e-5 },
    'tokenizer.ggml.model': { type: 'string', value: 'llama' },
    'tokenizer.ggml.tokens': { type: 'array', itemType: 'string', value: vocab.tokens },
    'tokenizer.ggml.scores': { type: 'array', itemType: 'f32', value: vocab.scores },
    'tokenizer.ggml.token_type': { type: 'array', itemType: 'i32', value: vocab.tokenTypes },
    'tokenizer.ggml.unknown_token_id': u32(vocab.unkId),
    'tokenizer.ggml.bos_token_id': u32(vocab.bosId),
    'tokenizer.ggml.eos_token_id': u32(vocab.eosId),
    'tokenizer.ggml.add_bos_token': { type: 'bool', value: true },
    'tokenizer.ggml.add_eos_token': { type: 'bool', value: false },
    'tokenizer.ggml.add_space_prefix': { type: 'bool', value: true },
    'llem.tiny.size': { type: 'string', value: size },
    'llem.tiny.seed': u32(seed),
    'llem.tiny.generator_version': u32(TINY_GENERATOR_VERSION),
  };
}
