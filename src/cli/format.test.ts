import { describe, expect, it } from 'vitest';
import { formatFlops } from './format.js';

describe('formatFlops', () => {
  it('uses SI prefixes a reader can take in at a glance', () => {
    expect(formatFlops(851388.2)).toBe('851.4 kFLOP');
    expect(formatFlops(1.23e12)).toBe('1.23 TFLOP');
    expect(formatFlops(12_345_678)).toBe('12.35 MFLOP');
    expect(formatFlops(999.96)).toBe('1.00 kFLOP');
    expect(formatFlops(512)).toBe('512 FLOP');
    expect(formatFlops(3.5e18)).toBe('3.50 EFLOP');
    expect(formatFlops(undefined)).toBe('—');
  });
});
