import { describe, expect, it } from 'vitest';
import type { ResultRecord } from '../core/records.js';
import { aggregate, renderAggregateTable } from './aggregate.js';

function record(
  hash: string,
  cycle: number,
  status: ResultRecord['status'],
  jPerTok: number | null,
  tps = 100,
): ResultRecord {
  return {
    config_hash: hash,
    cycle,
    status,
    error: status === 'ok' ? null : { code: 'ERR_TIMEOUT', message: 'too slow', phase: 'window' },
    timings: { window_s: 12, load_s: 1 },
    validity: { valid: status === 'ok', errors: 0, warnings: 0, checks: [] },
    metrics:
      jPerTok === null
        ? null
        : ({
            energy_scope: 'gpu',
            j_per_output_token: jPerTok,
            output_tokens_per_s: tps,
            ttft_queued: null,
            itl: null,
            e2e_queued: null,
          } as unknown as ResultRecord['metrics']),
  } as unknown as ResultRecord;
}

describe('aggregate', () => {
  const experiments = [
    { index: 1, config_hash: 'a', slug: 'small', factors: { b: 1 }, cycles: 3 },
    { index: 2, config_hash: 'b', slug: 'large', factors: { b: 8 }, cycles: 3 },
  ];
  const records = [
    record('a', 1, 'ok', 0.1),
    record('a', 2, 'ok', 0.2),
    record('a', 3, 'ok', 0.3),
    record('b', 1, 'ok', 0.5),
    record('b', 2, 'failed', null),
  ];

  it('summarises each metric over the ok cycles with a Student-t interval', () => {
    const a = aggregate(experiments, records);
    const s = a.configurations[0]!.metrics.j_per_output_token!;
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(0.2, 12);
    expect(s.median).toBeCloseTo(0.2, 12);
    expect(s.std).toBeCloseTo(0.1, 12);
    expect(s.cv).toBeCloseTo(0.5, 12);
    // t(0.975, 2) = 4.302652729911275
    expect(s.ci95_high - s.mean).toBeCloseTo((4.302652729911275 * 0.1) / Math.sqrt(3), 10);
    expect([s.min, s.max]).toEqual([0.1, 0.3]);
    expect(a.configurations[0]!.metrics.window_s!.mean).toBe(12);
    expect(a.configurations[0]!.energy_scope).toBe('gpu');
  });

  it('counts cycles by status and lists failures with their reasons', () => {
    const a = aggregate(experiments, records);
    const b = a.configurations[1]!;
    expect([b.cycles_planned, b.cycles_ok, b.cycles_failed]).toEqual([3, 1, 1]);
    expect(Number.isNaN(b.metrics.j_per_output_token!.ci95_low)).toBe(true);
    expect(a.failures).toEqual([
      {
        experiment: 2,
        cycle: 2,
        status: 'failed',
        code: 'ERR_TIMEOUT',
        message: 'too slow',
        phase: 'window',
      },
    ]);
  });

  it('renders one row per configuration', () => {
    const text = renderAggregateTable(aggregate(experiments, records));
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/small\s+3\/3\s+0\.200 ± 0\.25/);
    expect(lines[3]).toMatch(/large\s+1\/3\s+0\.500 /);
  });
});
