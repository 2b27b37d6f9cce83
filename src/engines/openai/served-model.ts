// Which model id requests must name: the server's `/v1/models` list decides (a launched
// llama-cpp-python serves its GGUF path, vLLM the Hub id it was given, and so on).
import { LlemError } from '../../core/errors.js';
import type { ModelInfo } from '../engine.js';
import type { OpenAIClient } from './client.js';

/**
 * The served id matching one of `wanted` (the config's model, then what the server was started
 * with); a server listing a single model serves that one. Attach mode (`strict`) refuses a server
 * that does not serve the configured model, since measuring another model would mislabel results.
 */
export async function servedModel(
  client: OpenAIClient,
  wanted: readonly string[],
  strict: boolean,
  baseUrl: string,
): Promise<string> {
  let ids: string[];
  try {
    const answer = await client.request('GET', '/v1/models');
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
    const data = (JSON.parse(answer.body) as { data?: { id?: unknown }[] }).data ?? [];
    ids = data.map((m) => m.id).filter((id): id is string => typeof id === 'string');
  } catch (error) {
    throw new LlemError(
      'ERR_ENGINE_FAILED',
      `no OpenAI-compatible server answered GET ${baseUrl}/v1/models (${(error as Error).message}); check openai.base_url and that the server is running`,
      { cause: error },
    );
  }
  const match = wanted.find((w) => ids.includes(w));
  if (match !== undefined) return match;
  if (!strict && ids.length === 1) return ids[0]!;
  if (!strict && ids.length === 0) return wanted[0]!;
  throw new LlemError(
    'ERR_ENGINE_FAILED',
    `the server at ${baseUrl} does not serve model "${wanted[0]}"; it serves: ${ids.join(', ') || 'nothing'} (set model to one of these)`,
    { details: { served: ids } },
  );
}

/** Model facts for a served model llem cannot read (a Hub id on a remote server): zeros, architecture `unknown`. */
export function unknownModelInfo(): ModelInfo {
  return {
    architecture: 'unknown',
    parameters: 0,
    embeddingParameters: 0,
    layers: 0,
    embeddingLength: 0,
    heads: 0,
    kvHeads: 0,
    headDim: 0,
    feedForwardLength: 0,
    vocabSize: 0,
    contextLength: 0,
    weightsBytes: 0,
    weightType: 'unknown',
  };
}
