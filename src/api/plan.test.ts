import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/load.js';
import { ConfigError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';
import { estimateRun, planExperiment, planStudy } from './plan.js';

const OPTIONS = { env: {}, userConfigPath: null } as const;

describe('library dry runs (estimateRun, planExperiment, planStudy)', () => {
  it('estimateRun forecasts llama.cpp from the builtin model specification, without generating it', async () => {
    const { config } = resolveConfig({ model: 'builtin:tiny', llamacpp: { sequences: 2 } }, { env: {} });
    const x = await estimateRun(config, { env: {}, cacheDir: '/nonexistent/llem-cache' });
    expect(x.notes).toEqual([]);
    expect(x.memory).toMatchObject({ kv_sequences: 2 });
    expect(x.memory!.total_bytes).toBeGreaterThan(x.memory!.weights_bytes);
    expect(x.duration.total_s).toBeGreaterThan(0);
    expect(x.duration.assumptions.join('\n')).toMatch(/decode memory-bound/);
  });

  it('an engine without a forecast gets "no forecast for engine X", not llama.cpp assumptions', async () => {
    const { config } = resolveConfig({ model: 'builtin:tiny' }, { env: {} });
    const bare = { name: 'custom', inspect: async () => undefined } as unknown as Engine;
    const x = await estimateRun(config, { env: {}, engine: bare });
    expect(x.memory).toBeNull();
    expect(x.notes).toContain('no forecast for engine llamacpp');
    expect(x.duration.assumptions.join('\n')).toMatch(/no forecast for engine llamacpp/);
    expect(x.duration.assumptions.join('\n')).not.toMatch(/GB\/s/);
  });

  it('planExperiment runs the preflight checks a run would (a missing dataset file is a config error)', async () => {
    const loaded = resolveConfig(
      { model: 'builtin:tiny', dataset: { source: 'missing.jsonl' } },
      { env: {} },
    );
    await expect(planExperiment(loaded, { env: {} })).rejects.toBeInstanceOf(ConfigError);
    const plan = await planExperiment(resolveConfig({ model: 'builtin:tiny' }, { env: {} }), { env: {} });
    expect(plan.runs).toEqual([expect.objectContaining({ index: 1, cycles: 1 })]);
    expect(plan.memory_estimate).not.toBeNull();
  });

  it('planStudy takes a study object, expands it, and forecasts the whole plan', async () => {
    const plan = await planStudy(
      {
        model: 'builtin:tiny',
        sweep: { 'llamacpp.sequences': [1, 2] },
        execution: { n_cycles: 2, experiment_gap_s: 5, cycle_gap_s: 20 },
      },
      OPTIONS,
    );
    expect(plan.experiments).toHaveLength(2);
    expect(plan.runs).toHaveLength(4);
    expect(plan.experiments.map((e) => e.memory_estimate?.kv_sequences)).toEqual([1, 2]);
    expect(plan.duration_estimate.gaps_s).toBe(2 * 5 + 20);
    expect(plan.balance_cycles).toBeNull();
    expect(plan.notes).toEqual([]);
  });
});
