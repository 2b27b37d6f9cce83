import { describe, expect, it } from 'vitest';
import { required } from './context.js';
import { MEASURE_STEPS } from './steps.js';

describe('the measurement steps', () => {
  it('run in SPEC §5 order: the baseline after the load, the workload before warmup, the window last', () => {
    expect(MEASURE_STEPS.map((s) => s.name)).toEqual([
      'ready',
      'load',
      'baseline',
      'workload',
      'warm',
      'window',
    ]);
  });

  it('a step that finds an earlier part missing is a bug (ERR_INTERNAL), not a run failure in disguise', () => {
    expect(required(1, 'x')).toBe(1);
    expect(() => required(undefined, 'workload')).toThrow(
      expect.objectContaining({ code: 'ERR_INTERNAL', message: expect.stringMatching(/no workload yet/) }),
    );
  });
});
