import { describe, expect, it } from 'vitest';
import { hasConverged, rollingCv } from './convergence.js';

describe('rollingCv', () => {
  it('is the CV of the last `window` values', () => {
    expect(rollingCv([1000, 10, 10, 10], 3)).toBe(0);
    expect(rollingCv([9, 11], 2)).toBeCloseTo(Math.SQRT2 / 10, 12);
  });

  it('is undefined until the window is full, for a window below 2 or a zero mean', () => {
    expect(rollingCv([10, 10], 3)).toBeUndefined();
    expect(rollingCv([10, 10], 1)).toBeUndefined();
    expect(rollingCv([0, 0, 0], 3)).toBeUndefined();
  });
});

describe('hasConverged', () => {
  const o = { cvThreshold: 0.05, window: 3, minPrompts: 5 };

  it('waits for minPrompts', () => {
    expect(hasConverged([100, 100, 100, 100], o)).toBe(false);
    expect(hasConverged([300, 200, 100, 100, 100], o)).toBe(true);
  });

  it('needs the rolling CV strictly below the threshold', () => {
    expect(hasConverged([300, 200, 100, 150, 100], o)).toBe(false);
    expect(hasConverged([300, 200, 100, 101, 102, 100], o)).toBe(true);
  });
});
