/**
 * The checks that stand between a GGUF header and llama.cpp: each finds a defect that would make
 * llama.cpp fail or, worse, abort the whole process natively (a missing feed-forward length, a
 * tokenizer array of the wrong length, tensor data past the end of the file). Pure functions of
 * the header; `gguf-validate.ts` turns the problems into an error.
 */
import { GGML_TYPES, GgufValueType, tensorDataBytes } from './gguf-format.js';
import type { GgufHeader } from './gguf-reader.js';

/** One defect found in a GGUF file. */
export interface GgufProblem {
  /** Kind: `missing_key`, `wrong_type`, `bad_value`, `tokenizer`, `unknown_tensor_type`, `bad_tensor`, `truncated`, `missing_tensor`, `wrong_shape`. */
  code: string;
  /** What is wrong, naming the key or tensor. */
  message: string;
}

/** Architectures without attention or feed-forward hyper-parameters (state-space and RNN models). */
const NO_ATTENTION_ARCHES = new Set(['mamba', 'mamba2', 'rwkv6', 'rwkv6qwen2', 'rwkv7', 'arwkv7']);

/** Layer limit of llama.cpp (`LLAMA_MAX_LAYERS`). */
const MAX_LAYERS = 512;

type Problems = GgufProblem[];

function typeName(tag: { type: number; itemType?: number } | undefined): string {
  if (tag === undefined) return 'missing';
  const name = (t: number) =>
    Object.entries(GgufValueType)
      .find(([, id]) => id === t)?.[0]
      .toLowerCase() ?? `type ${t}`;
  return tag.itemType === undefined ? name(tag.type) : `array of ${name(tag.itemType)}`;
}

/** Checks a required u32 key, or (when `perLayer`) a u32 / per-layer u32|i32 array of `layers` items; returns its values. */
function requireCount(h: GgufHeader, key: string, p: Problems, perLayer?: number): number[] | undefined {
  const tag = h.metadataTypes[key];
  const v = h.metadata[key];
  if (tag === undefined) {
    p.push({ code: 'missing_key', message: `metadata key ${key} is missing` });
    return undefined;
  }
  if (tag.type === GgufValueType.UINT32 && typeof v === 'number') return [v];
  const intArray = tag.itemType === GgufValueType.UINT32 || tag.itemType === GgufValueType.INT32;
  if (perLayer !== undefined && tag.type === GgufValueType.ARRAY && intArray && Array.isArray(v)) {
    if (v.length !== perLayer) {
      p.push({
        code: 'bad_value',
        message: `${key} has ${v.length} per-layer values for ${perLayer} layers`,
      });
      return undefined;
    }
    return v as number[];
  }
  p.push({
    code: 'wrong_type',
    message: `${key} is ${typeName(tag)}, expected uint32${perLayer ? ' or a per-layer array' : ''}`,
  });
  return undefined;
}

function checkHyperParameters(h: GgufHeader, arch: string, p: Problems): void {
  const [ctx] = requireCount(h, `${arch}.context_length`, p) ?? [];
  const [embd] = requireCount(h, `${arch}.embedding_length`, p) ?? [];
  const [layers] = requireCount(h, `${arch}.block_count`, p) ?? [];
  if (ctx === 0) p.push({ code: 'bad_value', message: `${arch}.context_length is 0` });
  if (embd === 0) p.push({ code: 'bad_value', message: `${arch}.embedding_length is 0` });
  if (layers !== undefined && (layers < 1 || layers > MAX_LAYERS)) {
    p.push({ code: 'bad_value', message: `${arch}.block_count is ${layers}, expected 1–${MAX_LAYERS}` });
  }
  if (NO_ATTENTION_ARCHES.has(arch)) return;
  const n = layers !== undefined && layers >= 1 && layers <= MAX_LAYERS ? layers : undefined;
  const ff = requireCount(h, `${arch}.feed_forward_length`, p, n);
  const heads = requireCount(h, `${arch}.attention.head_count`, p, n);
  const kvKey = `${arch}.attention.head_count_kv`;
  const kv = h.metadataTypes[kvKey] === undefined ? heads : requireCount(h, kvKey, p, n);
  if (ff?.every((x) => x === 0)) p.push({ code: 'bad_value', message: `${arch}.feed_forward_length is 0` });
  heads?.forEach((nh, i) => {
    const nkv = kv?.[kv.length === 1 ? 0 : i];
    if (nh > 0 && nkv !== undefined && (nkv === 0 || nh % nkv !== 0)) {
      p.push({
        code: 'bad_value',
        message: `${arch}.attention.head_count ${nh} is not a multiple of head_count_kv ${nkv}`,
      });
    }
  });
  const hasKeyLength = h.metadataTypes[`${arch}.attention.key_length`] !== undefined;
  const nh = heads?.[0];
  if (!hasKeyLength && embd !== undefined && nh !== undefined && (nh === 0 || embd % nh !== 0)) {
    p.push({
      code: 'bad_value',
      message: `${arch}.embedding_length ${embd} is not a multiple of head_count ${nh}`,
    });
  }
  if (arch === 'llama') {
    const epsKey = 'llama.attention.layer_norm_rms_epsilon';
    const tag = h.metadataTypes[epsKey];
    if (tag === undefined) p.push({ code: 'missing_key', message: `metadata key ${epsKey} is missing` });
    else if (tag.type !== GgufValueType.FLOAT32) {
      p.push({ code: 'wrong_type', message: `${epsKey} is ${typeName(tag)}, expected float32` });
    }
  }
}

function checkTokenizer(h: GgufHeader, p: Problems): void {
  const model = h.metadata['tokenizer.ggml.model'];
  if (typeof model !== 'string') {
    p.push({ code: 'missing_key', message: 'metadata key tokenizer.ggml.model is missing' });
    return;
  }
  if (model === 'none' || model === 'no_vocab') return;
  const tokens = h.metadata['tokenizer.ggml.tokens'];
  if (h.metadataTypes['tokenizer.ggml.tokens']?.itemType !== GgufValueType.STRING || !Array.isArray(tokens)) {
    p.push({ code: 'tokenizer', message: 'tokenizer.ggml.tokens (an array of strings) is missing' });
    return;
  }
  if (tokens.length === 0) p.push({ code: 'tokenizer', message: 'tokenizer.ggml.tokens is empty' });
  // llama.cpp indexes these arrays by token id without a bounds check.
  const arrays: [string, number[]][] = [
    ['tokenizer.ggml.token_type', [GgufValueType.INT32, GgufValueType.UINT32]],
    ['tokenizer.ggml.scores', [GgufValueType.FLOAT32]],
  ];
  for (const [key, itemTypes] of arrays) {
    const tag = h.metadataTypes[key];
    const v = h.metadata[key];
    if (tag === undefined) {
      if (key.endsWith('token_type'))
        p.push({ code: 'tokenizer', message: `${key} is missing (no BOS/EOS token can be found)` });
    } else if (tag.itemType === undefined || !itemTypes.includes(tag.itemType) || !Array.isArray(v)) {
      p.push({ code: 'wrong_type', message: `${key} is ${typeName(tag)}` });
    } else if (v.length !== tokens.length) {
      p.push({ code: 'tokenizer', message: `${key} has ${v.length} entries for ${tokens.length} tokens` });
    }
  }
}

function checkTensorData(h: GgufHeader, p: Problems): void {
  for (const t of h.tensors) {
    const info = GGML_TYPES.get(t.type);
    if (info === undefined) {
      p.push({ code: 'unknown_tensor_type', message: `tensor ${t.name} has unknown type ${t.type}` });
      continue;
    }
    if ((t.dims[0] ?? 1) % info.blockSize !== 0) {
      p.push({
        code: 'bad_tensor',
        message: `tensor ${t.name} is ${info.name} but its first dimension ${t.dims[0]} is not a multiple of ${info.blockSize}`,
      });
      continue;
    }
    if (/_norm\.(weight|bias)$/.test(t.name) && t.type !== 0) {
      p.push({ code: 'bad_tensor', message: `norm tensor ${t.name} is ${info.name}, expected f32` });
    }
    if (t.offset % h.alignment !== 0) {
      p.push({
        code: 'bad_tensor',
        message: `tensor ${t.name} offset ${t.offset} is not a multiple of the alignment ${h.alignment}`,
      });
    }
    const end = h.dataOffset + t.offset + (tensorDataBytes(t.type, t.dims) ?? 0);
    if (end > h.fileBytes) {
      p.push({
        code: 'truncated',
        message: `tensor ${t.name} data ends at byte ${end} but the file has ${h.fileBytes} bytes (truncated)`,
      });
    }
  }
}

function checkLlamaTensors(h: GgufHeader, p: Problems): void {
  const num = (k: string) => {
    const v = h.metadata[`llama.${k}`];
    return typeof v === 'number'
      ? v
      : Array.isArray(v) && typeof v[0] === 'number'
        ? (v[0] as number)
        : undefined;
  };
  const embd = num('embedding_length');
  const layers = num('block_count');
  const heads = num('attention.head_count');
  const ff = num('feed_forward_length');
  if (embd === undefined || layers === undefined || heads === undefined || ff === undefined || heads === 0)
    return;
  if (layers < 1 || layers > MAX_LAYERS) return;
  const kvHeads = num('attention.head_count_kv') ?? heads;
  const hk = num('attention.key_length') ?? embd / heads;
  const hv = num('attention.value_length') ?? embd / heads;
  const tokens = h.metadata['tokenizer.ggml.tokens'];
  const vocab = Array.isArray(tokens) ? tokens.length : undefined;
  const byName = new Map(h.tensors.map((t) => [t.name, t]));
  const expect = (name: string, dims: (number | undefined)[]) => {
    const t = byName.get(name);
    if (t === undefined) {
      p.push({ code: 'missing_tensor', message: `tensor ${name} is missing` });
      return;
    }
    const ok = t.dims.length === dims.length && dims.every((d, i) => d === undefined || d === t.dims[i]);
    if (!ok) {
      const want = dims.map((d) => d ?? '?').join(', ');
      p.push({
        code: 'wrong_shape',
        message: `tensor ${name} has shape [${t.dims.join(', ')}], expected [${want}]`,
      });
    }
  };
  expect('token_embd.weight', [embd, vocab]);
  expect('output_norm.weight', [embd]);
  if (byName.has('output.weight')) expect('output.weight', [embd, vocab]);
  const experts = num('expert_count') ?? 0;
  for (let i = 0; i < layers; i++) {
    const b = `blk.${i}`;
    expect(`${b}.attn_norm.weight`, [embd]);
    expect(`${b}.attn_q.weight`, [embd, heads * hk]);
    expect(`${b}.attn_k.weight`, [embd, kvHeads * hk]);
    expect(`${b}.attn_v.weight`, [embd, kvHeads * hv]);
    expect(`${b}.attn_output.weight`, [heads * hv, embd]);
    expect(`${b}.ffn_norm.weight`, [embd]);
    const ffn = experts > 0 ? ['gate_inp', 'gate_exps', 'down_exps', 'up_exps'] : ['gate', 'down', 'up'];
    for (const f of ffn) {
      const name = `${b}.ffn_${f}.weight`;
      if (experts > 0) {
        if (!byName.has(name)) p.push({ code: 'missing_tensor', message: `tensor ${name} is missing` });
      } else expect(name, f === 'down' ? [ff, embd] : [embd, ff]);
    }
  }
}

/** Every problem found in `h`, in file order (metadata, tokenizer, tensor data, llama tensors); empty when the file is sound. */
export function findGgufProblems(h: GgufHeader): GgufProblem[] {
  const p: Problems = [];
  const arch = h.metadata['general.architecture'];
  if (typeof arch !== 'string') {
    p.push({ code: 'missing_key', message: 'metadata key general.architecture is missing' });
  } else checkHyperParameters(h, arch, p);
  const alignTag = h.metadataTypes['general.alignment'];
  if (alignTag !== undefined && alignTag.type !== GgufValueType.UINT32) {
    // gguf_get_val_u32 asserts the type: any other integer type aborts the process.
    p.push({ code: 'wrong_type', message: `general.alignment is ${typeName(alignTag)}, expected uint32` });
  }
  checkTokenizer(h, p);
  checkTensorData(h, p);
  if (arch === 'llama') checkLlamaTensors(h, p);
  if (h.tensors.length === 0) p.push({ code: 'missing_tensor', message: 'the file has no tensors' });
  return p;
}
