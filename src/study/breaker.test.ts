import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';

describe('CircuitBreaker', () => {
  it('probes after max consecutive failures and trips when the probe fails', () => {
    const b = new CircuitBreaker(2);
    expect(b.record('failed')).toBe('continue');
    expect(b.record('failed')).toBe('probe');
    expect(b.probing).toBe(true);
    expect(b.record('failed')).toBe('trip');
    expect(b.consecutiveFailures).toBe(3);
  });

  it('a successful probe resets the count; interrupts neither count nor reset', () => {
    const b = new CircuitBreaker(2);
    b.record('failed');
    expect(b.record('interrupted')).toBe('continue');
    expect(b.record('failed')).toBe('probe');
    expect(b.record('ok')).toBe('continue');
    expect(b.probing).toBe(false);
    expect(b.record('failed')).toBe('continue');
  });

  it('is off with max 0', () => {
    const b = new CircuitBreaker(0);
    for (let i = 0; i < 20; i++) expect(b.record('failed')).toBe('continue');
  });
});
