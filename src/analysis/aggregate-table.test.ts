import { describe, expect, it } from 'vitest';
import type { Summary } from '../core/stats.js';
import type { Aggregate } from './aggregate.js';
import { renderAggregateTable } from './aggregate-table.js';

const summary = (mean: number, half: number): Summary =>
  ({
    n: 3,
    mean,
    median: mean,
    std: half,
    cv: 0.012,
    ci95_low: mean - half,
    ci95_high: mean + half,
    min: mean,
    max: mean,
  }) as Summary;

const configuration = (i: number, slug: string) => ({
  experiment: i,
  slug,
  cycles_planned: 3,
  cycles_valid: 3,
  cycles_excluded: 0,
  cycles_failed: 0,
  cycles_interrupted: 0,
  energy_scope: 'estimate',
  energy_scope_note: null,
  metrics: {
    j_per_output_token: summary(0.0152 * i, 0.0004),
    output_tokens_per_s: summary(821 / i, 12),
    ttft_queued_p99_ms: summary(12.3 * i, 1),
  },
});

const agg = {
  configurations: [
    configuration(1, 'small-q4_0-seq4-kv_q8_0-threads2-flash'),
    configuration(2, 'small-q4_0-seq1-kv_f16-threads1-flash'),
  ],
  exclusions: [],
  failures: [],
  notes: [
    {
      code: 'ENERGY_REFLECTS_THROUGHPUT',
      message:
        'every configuration is measured by the estimate source and its mean power varies by under 5 %, so differences in J/output token reflect throughput only',
    },
  ],
} as unknown as Aggregate;

describe('renderAggregateTable widths', () => {
  it('keeps one row per configuration when the table fits', () => {
    const text = renderAggregateTable(agg, { width: 200 });
    expect(text.split('\n')[2]).toMatch(
      /^1 {2}small-q4_0-seq4-kv_q8_0-threads2-flash +3\/3 +0\.0152 ± 4\.0e-4/,
    );
    expect(renderAggregateTable(agg)).toBe(text.replace(/\n(?=every|differences|so )/g, ' '));
  });

  it('fits a narrow terminal: no line longer than the width, every figure still there', () => {
    for (const width of [80, 60]) {
      const text = renderAggregateTable(agg, { width });
      for (const l of text.split('\n')) expect(l.length, l).toBeLessThanOrEqual(width);
      expect(text).toMatch(
        /^#1 small-q4_0-seq4-kv_q8_0-threads2-flash · 3\/3 valid( · |\n {4})scope estimate$/m,
      );
      expect(text).toMatch(/J\/output token 0\.0152 ± 4\.0e-4/);
      expect(text).toMatch(/821 ± 12 output tok\/s/);
      expect(text).toMatch(/TTFT queued p99 24\.6 ms/);
      expect(text).toMatch(/note ENERGY_REFLECTS_THROUGHPUT/);
    }
  });
});
