// Analytic forward-pass FLOPs of a decoder-only transformer with a KV cache (SPEC §5).
// A multiply–accumulate is 2 FLOPs, so a matmul with P weights costs 2·P FLOPs per token.
// This is inference: the training estimate 6·N (forward + backward) does not apply.
import type { ModelInfo } from '../engines/engine.js';

/** A FLOPs estimate for a set of requests, split into prefill and decode. */
export interface FlopsEstimate {
  /** prefill + decode, FLOPs. */
  total: number;
  /** Prompt processing (and the logits of the first output token), FLOPs. */
  prefill: number;
  /** Generation steps after the first output token, FLOPs. */
  decode: number;
  /** `total` / output tokens; NaN when no token was generated. */
  per_output_token: number;
  method: 'analytic_forward';
  confidence: 'high' | 'medium' | 'low';
  /** What was assumed, in words. */
  notes: string[];
}

/** `ModelInfo`, optionally saying whether the LM head shares the token-embedding matrix. */
export type FlopsModelInfo = ModelInfo & {
  /** True when the output projection is the embedding matrix (tied); inferred from the counts when absent. */
  tiedEmbeddings?: boolean;
};

// Architectures whose blocks are the dense attention + gated-FFN layout assumed below.
const DENSE_GATED =
  /^(llama|mistral|qwen2|qwen3|gemma|gemma2|gemma3|phi3|granite|olmo2?|internlm2|exaone|smollm3?)$/i;
const MOE_NAME = /moe|mixtral|deepseek|dbrx|grok|arctic|jamba|llama4/i;

interface Shape {
  /** Weight parameters multiplied once per token in the blocks (everything but embedding and LM head). */
  body: number;
  /** LM head parameters (vocab × hidden). */
  head: number;
  /** Attention width, heads × head dimension. */
  dAttn: number;
  confidence: FlopsEstimate['confidence'];
  notes: string[];
}

function shapeOf(model: FlopsModelInfo): Shape {
  const d = model.embeddingLength;
  const dAttn = model.heads * model.headDim;
  const dKv = model.kvHeads * model.headDim;
  const head = model.vocabSize * d;
  const nonEmbedding = Math.max(0, model.parameters - model.embeddingParameters);
  const notes: string[] = [];
  let confidence: FlopsEstimate['confidence'] = DENSE_GATED.test(model.architecture) ? 'high' : 'medium';
  if (confidence === 'medium') {
    notes.push(`architecture '${model.architecture}' is not a known dense decoder; the formula assumes one`);
  }
  if (!(model.layers > 0 && dAttn > 0 && d > 0 && model.parameters > 0)) {
    notes.push('model facts incomplete (layers, heads, head_dim, hidden size or parameters missing)');
    confidence = 'low';
  }
  if (MOE_NAME.test(model.architecture)) {
    notes.push('mixture-of-experts: all experts are counted, so this is an upper bound on active FLOPs');
    confidence = 'low';
  }
  // Dense blocks: Q and O are d×dAttn, K and V are d×dKv, the gated FFN is 3·d·ff, two norms.
  const blocks = model.layers * (2 * d * dAttn + 2 * d * dKv + 3 * d * model.feedForwardLength + 2 * d) + d;
  let headIncluded: boolean;
  if (model.tiedEmbeddings !== undefined) {
    headIncluded = !model.tiedEmbeddings;
    notes.push(
      `LM head ${model.tiedEmbeddings ? 'tied to' : 'separate from'} the token embedding (as reported)`,
    );
  } else {
    // Untied models carry the head in the non-embedding count; tied ones do not. Pick the closer fit.
    const residual = nonEmbedding - blocks;
    headIncluded = Math.abs(residual - head) < Math.abs(residual);
    notes.push(
      `LM head inferred ${headIncluded ? 'separate from' : 'tied to'} the token embedding from the parameter count`,
    );
    const misfit = Math.min(Math.abs(residual - head), Math.abs(residual));
    if (head > 0 && misfit > 0.25 * head) {
      notes.push(`parameter count differs from a dense gated-FFN estimate by ${misfit.toExponential(2)}`);
      if (residual > 2 * head && confidence !== 'low') {
        notes.push(
          'more parameters than a dense model of this shape: possibly mixture-of-experts (upper bound)',
        );
        confidence = 'low';
      } else if (confidence === 'high') confidence = 'medium';
    }
  }
  const body = Math.max(0, headIncluded ? nonEmbedding - head : nonEmbedding);
  return { body, head, dAttn, confidence, notes };
}

/** Σ t for t = from..to (0 when to < from). */
function sumPositions(from: number, to: number): number {
  return to < from ? 0 : ((from + to) * (to - from + 1)) / 2;
}

/**
 * Forward-pass FLOPs of `requests` on `model` with a KV cache: 2 × body parameters per token
 * processed, 2 × vocab × hidden per generated token (the LM head, counted even when tied), and
 * 4 × layers × t × heads × head_dim of attention for a token at context position t.
 */
export function estimateFlops(
  model: FlopsModelInfo,
  requests: readonly { inputTokens: number; outputTokens: number }[],
): FlopsEstimate {
  const s = shapeOf(model);
  const attnPerPosition = 4 * model.layers * s.dAttn;
  let prefill = 0;
  let decode = 0;
  let outputTokens = 0;
  for (const r of requests) {
    const nIn = Math.max(0, r.inputTokens);
    const nOut = Math.max(0, r.outputTokens);
    outputTokens += nOut;
    // Prefill: positions 1..nIn through the blocks; logits only for the last one (first output token).
    prefill += 2 * s.body * nIn + attnPerPosition * sumPositions(1, nIn) + (nOut > 0 ? 2 * s.head : 0);
    // Decode: output tokens 1..nOut−1 are fed back at positions nIn+1..nIn+nOut−1; the last never is.
    const steps = Math.max(0, nOut - 1);
    decode += 2 * (s.body + s.head) * steps + attnPerPosition * sumPositions(nIn + 1, nIn + steps);
  }
  const total = prefill + decode;
  const kvNote =
    model.kvHeads > 0 && model.kvHeads < model.heads
      ? `grouped-query attention (${model.kvHeads} KV heads for ${model.heads} query heads) shrinks only the K/V projections, already in the parameter count; score and AV work still uses all ${model.heads} heads`
      : 'attention score and AV work uses heads × head_dim';
  return {
    total,
    prefill,
    decode,
    per_output_token: outputTokens > 0 ? total / outputTokens : Number.NaN,
    method: 'analytic_forward',
    confidence: s.confidence,
    notes: [
      'forward pass only: 2 FLOPs per weight per token (not the 6N training formula); embedding lookup excluded',
      `LM head (${s.head} parameters) counted once per generated token: engines compute logits for the last prompt position and each decode step`,
      'attention: 4 × layers × t × heads × head_dim per token at context position t (QKᵀ and AV); sliding windows not modelled',
      kvNote,
      'decode runs output_tokens − 1 steps per request (the last token is never fed back); norms, softmax and activations are omitted (< 1 %)',
      ...s.notes,
    ],
  };
}
