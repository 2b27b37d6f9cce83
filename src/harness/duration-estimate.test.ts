import { describe, expect, it } from 'vitest';
import { type ExperimentInput, experimentSchema } from '../config/schema.js';
import type { EngineForecast } from '../engines/engine.js';
import { estimateDuration } from './duration-estimate.js';

/** A CPU-like engine: 2 ms per decode step, no gain from batching. */
const CPU: EngineForecast = {
  memory: null,
  loadS: 0.5,
  decodeStepS: 0.002,
  batchSequences: 4,
  batchingSpeedsUp: false,
  assumptions: ['decode at 2 ms per step'],
};

const config = (input: Omit<ExperimentInput, 'model'>) => experimentSchema.parse({ model: 'x', ...input });

describe('estimateDuration: the planned window', () => {
  it('a rate schedule lasts at least its arrivals: 12 at 0.5 rps span 22 s', () => {
    const d = estimateDuration(
      config({ dataset: { n_prompts: 12 }, load: { mode: 'rate', rate_rps: 0.5, arrival: 'constant' } }),
      CPU,
    );
    expect(d.workload_s).toBeGreaterThanOrEqual(22);
    expect(d.window_s).toBe(d.workload_s);
    expect(d.warnings).toEqual([]);
  });

  it('the duration fill raises a short workload to min_window_s, without a warning', () => {
    const d = estimateDuration(config({ dataset: { n_prompts: 2 }, max_output_tokens: 4 }), CPU);
    expect(d.workload_s).toBeLessThan(10);
    expect(d.window_s).toBe(10);
    expect(d.warnings).toEqual([]);
    expect(d.assumptions.join('\n')).toMatch(
      /cycle through the dataset until the window reaches min_window_s/,
    );
  });

  it('warns SHORT_WINDOW when the fill is off and the window is shorter than min_window_s', () => {
    const d = estimateDuration(
      config({ dataset: { n_prompts: 2 }, max_output_tokens: 4, load: { fill_min_window: false } }),
      CPU,
    );
    expect(d.window_s).toBeLessThan(10);
    expect(d.warnings.map((w) => w.code)).toEqual(['SHORT_WINDOW']);
    expect(d.warnings[0]!.message).toMatch(/min_window_s \(10 s\)/);
    const zero = estimateDuration(
      config({
        dataset: { n_prompts: 2 },
        load: { fill_min_window: false },
        measurement: { energy: { min_window_s: 0 } },
      }),
      CPU,
    );
    expect(zero.warnings).toEqual([]);
  });

  it('uses the engine forecast: batching speeds up only when the engine says so', () => {
    const c = config({
      dataset: { n_prompts: 40 },
      max_output_tokens: 100,
      load: { fill_min_window: false },
    });
    const cpu = estimateDuration(c, CPU);
    expect(cpu.workload_s).toBeCloseTo(40 * 100 * 0.002);
    expect(cpu.load_s).toBe(0.5);
    const gpu = estimateDuration(c, { ...CPU, batchingSpeedsUp: true });
    expect(gpu.workload_s).toBeCloseTo((40 / 4) * 100 * 0.002);
    expect(gpu.assumptions.join('\n')).toMatch(
      /decode at 2 ms per step, 4 sequence\(s\), 100 tokens per request/,
    );
  });

  it('an engine without a forecast gets "no forecast for engine X", not another engine\'s assumptions', () => {
    const d = estimateDuration(
      config({ engine: 'vllm', dataset: { n_prompts: 2 }, load: { fill_min_window: false } }),
      null,
    );
    expect(d.assumptions.join('\n')).toMatch(/no forecast for engine vllm/);
    expect(d.assumptions.join('\n')).not.toMatch(/GB\/s|sequence\(s\)/);
    expect(d.load_s).toBe(0);
    expect(d.warnings).toEqual([]);
  });

  it('leaves out a thermal floor it knows will be skipped (no source here reports a temperature)', () => {
    const c = config({ dataset: { n_prompts: 2 }, max_output_tokens: 4 });
    const unknown = estimateDuration(c, CPU);
    expect(unknown.thermal_floor_max_s).toBeGreaterThan(59);
    const gpu = estimateDuration(c, CPU, { temperature: { reported: true, sources: ['nvml'] } });
    expect(gpu.total_s).toBe(unknown.total_s);
    const cpu = estimateDuration(c, CPU, { temperature: { reported: false, sources: ['estimate'] } });
    expect(cpu.thermal_floor_max_s).toBe(0);
    expect(cpu.thermal_floor_skipped_s).toBe(unknown.thermal_floor_max_s);
    expect(cpu.total_s).toBeCloseTo(unknown.total_s - unknown.thermal_floor_max_s);
    expect(cpu.assumptions.join('\n')).toMatch(
      /no thermal floor: no energy source here reports a temperature \(estimate\)/,
    );
  });
});
