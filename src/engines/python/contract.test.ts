import { describe, it, vi } from 'vitest';
import { external } from '../../../test/helpers/external.js';
import { tinyHfModel } from '../../../test/helpers/python-model.js';
import { experimentSchema } from '../../config/schema.js';
import { describeEngineContract } from '../engine.contract.js';
import { createPythonEngine } from './index.js';

// The shared engine contract against real transformers (CPU PyTorch) on a tiny random Llama that
// transformers itself writes at test time; one torch thread, as the machine is small and shared.
const python = external('LLEM_TEST_PYTHON_TRANSFORMERS', 'a Python environment with torch and transformers');
// Starting a worker imports torch (5–10 s quiet; over a minute with the load averages of 15–25
// seen on the shared 2-vCPU CI machine): the suite's 60 s default is too short for load().
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

if (python === undefined) {
  describe.skip('engine contract: transformers (no Python environment)', () => {
    it('needs LLEM_TEST_PYTHON_TRANSFORMERS', () => {});
  });
} else {
  describeEngineContract(
    'transformers',
    () =>
      createPythonEngine('transformers', {
        env: { ...process.env, LLEM_PYTHON: python, OMP_NUM_THREADS: '1' },
      }),
    async () =>
      experimentSchema.parse({
        model: tinyHfModel(python),
        engine: 'transformers',
        max_input_tokens: 32,
        max_output_tokens: 8,
        transformers: { batch_size: 2 },
      }),
  );
}
