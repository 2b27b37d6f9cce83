import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { fakeServerCommand } from '../../../test/helpers/openai-server.js';
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

describeEngineContract(
  'openai (fake server, launched)',
  () => new OpenAIEngine(),
  async () => {
    const { path } = await writeTinyModel({ out: join(dir, 'tiny.gguf'), size: 'tiny', seed: 7 });
    return experimentSchema.parse({
      model: path,
      engine: 'openai',
      max_input_tokens: 32,
      max_output_tokens: 8,
      openai: {
        launch: {
          command: fakeServerCommand(['--usage', '--eos-after', '3', '--token-delay-ms', '1']),
          ready_timeout_s: 10,
          stop_timeout_s: 2,
        },
      },
    });
  },
  { noTokenizer: NO_TOKENIZER },
);
