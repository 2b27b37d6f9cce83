// Token counts when the server's stream carries no `usage` block (SPEC §3.3): prompts are
// counted by the server's own tokenizer endpoint, so the count is the one the server evaluated
// (llama-cpp-python's `/extras/tokenize` includes the BOS token its prompts get); the candidates
// are tried in order once and the first that answers is kept and named in the record. Output
// tokens are then the stream's token events: servers of the llama.cpp family send one event per
// generated token (re-tokenising generated text is not exact: a model's output is not its
// tokenizer's canonical split of that text).
import { LlemError } from '../../core/errors.js';
import type { OpenAIClient } from './client.js';
import { type BodyContext, endpointPath, requestBody } from './request.js';

/** Counts prompt tokens with the server's tokenizer. */
export interface PromptCounter {
  /** The endpoint used, for the record, e.g. `/extras/tokenize`. */
  readonly endpoint: string;
  count(text: string): Promise<number>;
}

interface Candidate {
  endpoint: string;
  body: (text: string, model: string) => unknown;
}

/** Known tokenizer endpoints: llama-cpp-python, llama.cpp's llama-server, vLLM/SGLang, TGI. */
const CANDIDATES: readonly Candidate[] = [
  { endpoint: '/extras/tokenize', body: (text, model) => ({ input: text, model }) },
  {
    endpoint: '/tokenize',
    body: (text, model) => ({
      content: text,
      add_special: true,
      model,
      prompt: text,
      add_special_tokens: true,
    }),
  },
  { endpoint: '/tokenize', body: (text) => ({ inputs: text, add_special_tokens: true }) },
];

/** The token count in a tokenizer answer, or undefined when it is not one. */
export function tokenCountOf(body: string): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (Array.isArray(parsed)) return parsed.length; // TGI: one object per token
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const o = parsed as { tokens?: unknown; count?: unknown };
  if (typeof o.count === 'number') return o.count;
  if (Array.isArray(o.tokens)) return o.tokens.length;
  return undefined;
}

/** The first tokenizer endpoint the server answers; undefined when it has none. */
export async function findPromptCounter(
  client: OpenAIClient,
  model: string,
): Promise<PromptCounter | undefined> {
  for (const c of CANDIDATES) {
    try {
      const answer = await client.request('POST', c.endpoint, c.body('Hello world', model));
      const n = answer.status === 200 ? tokenCountOf(answer.body) : undefined;
      if (n !== undefined && n > 0) return counter(client, c, model);
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

function counter(client: OpenAIClient, c: Candidate, model: string): PromptCounter {
  const cache = new Map<string, Promise<number>>();
  return {
    endpoint: c.endpoint,
    count(text) {
      let n = cache.get(text);
      if (n === undefined) {
        n = client.request('POST', c.endpoint, c.body(text, model)).then((a) => {
          const count = a.status === 200 ? tokenCountOf(a.body) : undefined;
          if (count === undefined)
            throw new Error(`${c.endpoint} answered ${a.status}: ${a.body.slice(0, 120)}`);
          return count;
        });
        cache.set(text, n);
        n.catch(() => cache.delete(text));
      }
      return n;
    },
  };
}

/** How this run's tokens were counted, for the record. */
export function tokenCountMethod(
  counterEndpoint: string | undefined,
  streamUsage: boolean,
  counted: { usage: number; fallback: number },
): {
  input: string;
  output: string;
  requests_with_usage: number;
  requests_without_usage: number;
} {
  const fallbackIn = counterEndpoint
    ? `tokenizer (server ${counterEndpoint})`
    : 'unknown (no usage block and no tokenizer endpoint)';
  const usage = streamUsage && counted.fallback === 0;
  return {
    input: usage ? 'usage' : fallbackIn,
    output: usage
      ? 'usage'
      : 'stream events (one per generated token, as llama.cpp-family servers send them)',
    requests_with_usage: counted.usage,
    requests_without_usage: counted.fallback,
  };
}

/** Whether a short streamed request gets a `usage` block back. */
export async function streamsUsage(client: OpenAIClient, body: BodyContext): Promise<boolean> {
  const probe = requestBody(
    { id: 0, prompt: 'Hello', maxOutputTokens: 2, scheduledOffsetMs: 0 },
    { ...body, fixedOutputLength: false },
  );
  const result = await client.stream(endpointPath(body.api), probe, body.api);
  if (result.error !== undefined) {
    throw new LlemError('ERR_ENGINE_FAILED', `the server's first streamed request failed: ${result.error}`);
  }
  return result.state.usage !== undefined;
}
