import { afterAll, describe, expect, it } from 'vitest';
import { external } from '../../../test/helpers/external.js';
import { tinyHfModel } from '../../../test/helpers/python-model.js';
import { experimentSchema } from '../../config/schema.js';
import { systemClock } from '../../core/clock.js';
import { createPythonEngine } from './index.js';

// Real transformers on the tiny random Llama, whose tokenizer is one token per ASCII character and
// adds no BOS: the counts below are exact.
const python = external('LLEM_TEST_PYTHON_TRANSFORMERS', 'a Python environment with torch and transformers');

describe.runIf(python !== undefined)('transformers worker: token counts', () => {
  const engine = createPythonEngine('transformers', {
    env: { ...process.env, LLEM_PYTHON: python!, OMP_NUM_THREADS: '1' },
  });
  afterAll(() => engine.unload());

  it('counts prompts without their padding, cuts them to max_input_tokens, and records it', async () => {
    const config = experimentSchema.parse({
      model: tinyHfModel(python!),
      engine: 'transformers',
      max_input_tokens: 16,
      max_output_tokens: 3,
      fixed_output_length: true,
      transformers: { batch_size: 3 },
    });
    await engine.load(config, { clock: systemClock, cacheDir: '/tmp', baseDir: '/tmp', log: () => {} });
    const prompts = ['abc', 'exactly sixteen!', 'this prompt is longer than sixteen characters'];
    const records = await engine.run(
      prompts.map((prompt, id) => ({ id, prompt, maxOutputTokens: 3, scheduledOffsetMs: 0 })),
      { mode: 'batch' },
    );
    expect(records.map((r) => [r.inputTokens, r.truncated ?? false, r.outputTokens])).toEqual([
      [3, false, 3],
      [16, false, 3],
      [16, true, 3],
    ]);
    // One batch: every row got its tokens at the same decode steps.
    expect(new Set(records.map((r) => r.tokenTimesMs?.join()))).toHaveProperty('size', 1);
    expect(engine.effectiveSettings?.()).toMatchObject({ batch_size: 3, device: 'cpu', dtype: 'float32' });
  }, 180_000);
});
