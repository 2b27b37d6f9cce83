import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, vi } from 'vitest';
import { external } from '../../../test/helpers/external.js';
import { fakeServerCommand, llamaServerCommand } from '../../../test/helpers/openai-server.js';
import { experimentSchema } from '../../config/schema.js';
import { writeTinyModel } from '../../models/tiny.js';
import { describeEngineContract } from '../engine.contract.js';
import { OpenAIEngine } from './engine.js';

// The shared engine contract for the openai engine, against the tests' fake OpenAI-compatible
// server (test/helpers/openai-fake-server.mjs) that llem launches through `openai.launch.command`.
// The model is the tiny GGUF, which the engine reads for its ModelInfo (the fake server ignores
// it). `--eos-after 3` makes the fake "model" stop early unless the request asks for a fixed
// length, so the fixed_output_length test checks that the engine really asks for one. The engine
// has no in-process tokenizer (the server tokenizes), which the contract tests as declared.

const NO_TOKENIZER = 'the server tokenizes';

const dir = mkdtempSync(join(tmpdir(), 'llem-openai-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small contract config: the tiny GGUF written as `file`, served by `launch`. */
async function contractConfig(file: string, launch: Record<string, unknown>) {
  const { path } = await writeTinyModel({ out: join(dir, file), size: 'tiny', seed: 7 });
  return experimentSchema.parse({
    model: path,
    engine: 'openai',
    max_input_tokens: 32,
    max_output_tokens: 8,
    openai: { launch },
  });
}

describeEngineContract(
  'openai (fake server, launched)',
  () => new OpenAIEngine(),
  () =>
    contractConfig('tiny.gguf', {
      command: fakeServerCommand(['--usage', '--eos-after', '3', '--token-delay-ms', '1']),
      ready_timeout_s: 10,
      stop_timeout_s: 2,
    }),
  { noTokenizer: NO_TOKENIZER },
);

// The same contract against a real OpenAI-compatible server this project did not write:
// llama-cpp-python's, launched by llem on the tiny GGUF (one thread). Its streams carry no usage
// block, so input tokens come from its /extras/tokenize and output tokens from stream events.
// Both servers together take about 7 s on the 2-vCPU dev machine (each load starts a server).
const python = external(
  'LLEM_TEST_PYTHON_LLAMA_SERVER',
  "llama-cpp-python's server (llama-cpp-python[server])",
);

if (python === undefined) {
  describe.skip("engine contract: openai (llama-cpp-python's server; not available)", () => {
    it('needs LLEM_TEST_PYTHON_LLAMA_SERVER', () => {});
  });
} else {
  describe("llama-cpp-python's server", () => {
    // Importing llama_cpp and starting uvicorn takes seconds alone, a minute under the load
    // averages of a shared 2-vCPU machine; each of the two loads starts a server.
    vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });
    describeEngineContract(
      "openai (llama-cpp-python's server, launched)",
      () => new OpenAIEngine(),
      () => contractConfig('tiny-real.gguf', { command: llamaServerCommand(python), ready_timeout_s: 150 }),
      { noTokenizer: NO_TOKENIZER },
    );
  });
}
