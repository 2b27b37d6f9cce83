import { describe, expect, it } from 'vitest';
import { type ExperimentInput, experimentSchema } from '../config/schema.js';
import { estimateDuration } from './duration-estimate.js';

const config = (input: Omit<ExperimentInput, 'model'>) => experimentSchema.parse({ model: 'x', ...input });

describe('estimateDuration: the planned window', () => {
  it('a rate schedule lasts at least its arrivals: 12 at 0.5 rps span 22 s', () => {
    const d = estimateDuration(
      config({ dataset: { n_prompts: 12 }, load: { mode: 'rate', rate_rps: 0.5, arrival: 'constant' } }),
      undefined,
      false,
    );
    expect(d.workload_s).toBeGreaterThanOrEqual(22);
    expect(d.window_s).toBe(d.workload_s);
    expect(d.warnings).toEqual([]);
  });

  it('the duration fill raises a short workload to min_window_s, without a warning', () => {
    const d = estimateDuration(config({ dataset: { n_prompts: 2 }, max_output_tokens: 4 }), undefined, false);
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
      undefined,
      false,
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
      undefined,
      false,
    );
    expect(zero.warnings).toEqual([]);
  });
});
