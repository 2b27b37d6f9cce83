import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { experimentSchema } from '../../config/schema.js';
import { writeTinyModel } from '../../models/tiny.js';
import { describeEngineContract } from '../engine.contract.js';
import { createLlamaCppEngine } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'llem-llamacpp-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A path (not `builtin:`), so the child-process trial load runs too.
describeEngineContract(
  'llamacpp',
  () => createLlamaCppEngine(),
  async () => {
    const { path } = await writeTinyModel({ out: join(dir, 'tiny.gguf'), size: 'tiny', seed: 7 });
    return experimentSchema.parse({
      model: path,
      max_input_tokens: 32,
      max_output_tokens: 8,
      llamacpp: { threads: 1, sequences: 2 },
    });
  },
);
