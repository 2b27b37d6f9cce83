import { describe, expect, it } from 'vitest';
import type { ResultRecord } from '../core/records.js';
import { aggregate, configurationsWithoutValidCycle, FLAT_ESTIMATE_POWER_SPREAD } from './aggregate.js';
import { NO_VALID_CYCLE, renderAggregateTable } from './aggregate-table.js';

interface Plant {
  /** Failed checks to plant: `[id, severity]`. */
  failed?: [string, 'error' | 'warning'][];
  scope?: string;
  powerW?: number;
}

function record(
  hash: string,
  cycle: number,
  status: ResultRecord['status'],
  jPerTok: number | null,
  tps = 100,
  plant: Plant = {},
): ResultRecord {
  const scope = plant.scope ?? 'gpu';
  const checks = (plant.failed ?? []).map(([id, severity]) => ({
    id,
    severity,
    passed: false,
    detail: `${id} planted failure`,
  }));
  const errors = checks.filter((c) => c.severity === 'error').length;
  const outputTokens = 100;
  return {
    tokens: { input: 10, output: outputTokens, requests_ok: 4, requests_failed: 0 },
    energy: {
      scopes:
        jPerTok === null
          ? []
          : [
              {
                scope,
                method: scope === 'estimate' ? 'estimate' : 'counter',
                energy_j: jPerTok * outputTokens,
                adjusted_energy_j: null,
                uncertainty_j: 0.1,
                baseline_power_w: null,
                mean_power_w: plant.powerW ?? 50,
                peak_power_w: (plant.powerW ?? 50) * 1.2,
                sources: [scope === 'estimate' ? 'estimate' : 'nvml'],
              },
            ],
    },
    config_hash: hash,
    cycle,
    status,
    error: status === 'ok' ? null : { code: 'ERR_TIMEOUT', message: 'too slow', phase: 'window' },
    timings: { window_s: 12, load_s: 1 },
    validity: { valid: status === 'ok' && errors === 0, errors, warnings: checks.length - errors, checks },
    metrics:
      jPerTok === null
        ? null
        : ({
            energy_scope: scope,
            mean_power_w: plant.powerW ?? 50,
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

  it('leaves cycles with an error-severity validity failure out of means and CIs, and lists them', () => {
    const planted = [
      record('a', 1, 'ok', 0.1),
      record('a', 2, 'ok', 100, 1, { failed: [['window_length', 'error']] }),
      record('a', 3, 'ok', 0.3, 100, { failed: [['throttling', 'warning']] }),
    ];
    const a = aggregate(experiments.slice(0, 1), planted);
    const c = a.configurations[0]!;
    expect([c.cycles_ok, c.cycles_valid, c.cycles_excluded]).toEqual([3, 2, 1]);
    expect(c.metrics.j_per_output_token!.n).toBe(2);
    expect(c.metrics.j_per_output_token!.mean).toBeCloseTo(0.2, 12);
    expect(c.metrics.j_per_output_token!.max).toBe(0.3);
    expect(c.metrics.output_tokens_per_s!.min).toBe(100); // the excluded cycle's 1 tok/s is out too
    expect(a.exclusions).toEqual([
      {
        experiment: 1,
        cycle: 2,
        checks: [{ id: 'window_length', detail: 'window_length planted failure' }],
        reason: 'window_length: window_length planted failure',
      },
    ]);
    const text = renderAggregateTable(a);
    expect(text).toMatch(/small\s+2\/3 \(1 excl\.\)\s+0\.200 ± /);
    expect(text).toContain('#1 cycle 2: window_length: window_length planted failure');
    expect(configurationsWithoutValidCycle(a)).toEqual([]);
  });

  it('shows no mean for a configuration whose every cycle failed validity', () => {
    const invalid = [1, 2, 3].map((cycle) =>
      record('b', cycle, 'ok', 0.5, 100, { failed: [['window_length', 'error']] }),
    );
    const a = aggregate(experiments, [...records.filter((r) => r.config_hash === 'a'), ...invalid]);
    const b = a.configurations[1]!;
    expect([b.cycles_ok, b.cycles_valid, b.cycles_excluded]).toEqual([3, 0, 3]);
    expect(b.metrics).toEqual({});
    expect(b.scopes).toEqual({});
    expect(b.energy_scope).toBeNull();
    expect(a.exclusions.map((x) => [x.experiment, x.cycle])).toEqual([
      [2, 1],
      [2, 2],
      [2, 3],
    ]);
    expect(configurationsWithoutValidCycle(a).map((c) => c.slug)).toEqual(['large']);
    const row = renderAggregateTable(a)
      .split('\n')
      .find((l) => /^\s*2\s+large/.test(l))!;
    expect(row).toContain(NO_VALID_CYCLE);
    expect(row).toMatch(/0\/3 \(3 excl\.\)/);
    expect(row).not.toMatch(/\d\.\d{3}/); // no figure at all
    expect(renderAggregateTable(a)).toMatch(/no valid cycle .*\n {2}#2 large: 3 excluded/);
  });

  it('never averages across scopes: headline energy from one scope, the others per scope', () => {
    const mixed = [
      record('a', 1, 'ok', 0.1, 100, { scope: 'gpu' }),
      record('a', 2, 'ok', 5, 120, { scope: 'estimate', powerW: 20 }),
      record('a', 3, 'ok', 0.2, 110, { scope: 'gpu' }),
    ];
    const c = aggregate(experiments.slice(0, 1), mixed).configurations[0]!;
    expect(c.energy_scope).toBe('gpu');
    expect(c.energy_scope).not.toBe('mixed');
    expect(c.metrics.j_per_output_token!.n).toBe(2);
    expect(c.metrics.j_per_output_token!.mean).toBeCloseTo(0.15, 12);
    expect(c.metrics.mean_power_w!.max).toBe(50); // the estimate's 20 W is not in the gpu mean
    expect(c.metrics.output_tokens_per_s!.n).toBe(3); // scope-free metrics use every valid cycle
    expect(c.energy_scope_note).toContain('estimate in cycle 2');
    expect(c.scopes.gpu!.cycles).toEqual([1, 3]);
    expect(c.scopes.estimate!.cycles).toEqual([2]);
    expect(c.scopes.estimate!.metrics.j_per_output_token!.mean).toBeCloseTo(5, 12);
    expect(c.scopes.gpu!.metrics.energy_j!.mean).toBeCloseTo(15, 10);
  });

  it('breaks a tie between scopes by headline order (gpu before estimate)', () => {
    const tie = [
      record('a', 1, 'ok', 5, 100, { scope: 'estimate' }),
      record('a', 2, 'ok', 0.1, 100, { scope: 'gpu' }),
    ];
    const c = aggregate(experiments.slice(0, 1), tie).configurations[0]!;
    expect(c.energy_scope).toBe('gpu');
    expect(c.metrics.j_per_output_token!.mean).toBe(0.1);
  });

  it('says energy differences reflect throughput only when every scope is estimate and power is flat', () => {
    const flat = (pb: number, scopeB = 'estimate') => [
      record('a', 1, 'ok', 0.2, 100, { scope: 'estimate', powerW: 20 }),
      record('b', 1, 'ok', 0.1, 200, { scope: scopeB, powerW: pb }),
    ];
    const one = { ...experiments[0]!, cycles: 1 };
    const two = { ...experiments[1]!, cycles: 1 };
    const notes = aggregate([one, two], flat(20 * (1 + FLAT_ESTIMATE_POWER_SPREAD / 2))).notes;
    expect(notes.map((n) => n.code)).toEqual(['ENERGY_REFLECTS_THROUGHPUT']);
    expect(notes[0]!.message).toContain('throughput only');
    expect(renderAggregateTable(aggregate([one, two], flat(20)))).toContain('ENERGY_REFLECTS_THROUGHPUT');
    expect(aggregate([one, two], flat(30)).notes).toEqual([]); // power differs: a real difference
    expect(aggregate([one, two], flat(20, 'gpu')).notes).toEqual([]); // one scope is measured
  });
});
