// The analysed metrics and the cells of the design: one cell per configuration, holding the
// values of one metric over its included cycles. Pure.
import type { ResultRecord } from '../core/records.js';
import type { FactorTable } from './factors.js';

/** A metric the analysis explains, and which direction is better. */
export interface AnalysedMetric {
  /** Column name, units in the name (as in `summary.json`). */
  name: string;
  /** Words for sentences. */
  label: string;
  better: 'lower' | 'higher';
  pick: (r: ResultRecord) => number | null | undefined;
}

/** Energy per output token first (the headline), then throughput and tail latency. */
export const ANALYSED_METRICS: readonly AnalysedMetric[] = [
  {
    name: 'j_per_output_token',
    label: 'J/output token',
    better: 'lower',
    pick: (r) => r.metrics?.j_per_output_token,
  },
  {
    name: 'output_tokens_per_s',
    label: 'output tokens/s',
    better: 'higher',
    pick: (r) => r.metrics?.output_tokens_per_s,
  },
  {
    name: 'ttft_queued_p99_ms',
    label: 'p99 TTFT, queue included (ms)',
    better: 'lower',
    pick: (r) => r.metrics?.ttft_queued?.p99_ms,
  },
  {
    name: 'e2e_queued_p99_ms',
    label: 'p99 end-to-end latency, queue included (ms)',
    better: 'lower',
    pick: (r) => r.metrics?.e2e_queued?.p99_ms,
  },
];

/** One configuration's values of one metric. */
export interface Cell {
  /** Position in the factor table's rows (study order). */
  row: number;
  config_hash: string;
  label: string;
  /** Level label per factor, in the order of `FactorTable.factors`. */
  levels: string[];
  values: number[];
}

/** The cells of one metric over one scope's records, in study order; configurations without a value are left out. */
export function buildCells(
  records: readonly ResultRecord[],
  table: FactorTable,
  pick: (r: ResultRecord) => number | null | undefined,
): Cell[] {
  const values = new Map<string, number[]>();
  for (const r of records) {
    const v = pick(r);
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const list = values.get(r.config_hash);
    if (list) list.push(v);
    else values.set(r.config_hash, [v]);
  }
  const cells: Cell[] = [];
  table.rows.forEach((row, i) => {
    const vs = values.get(row.config_hash);
    if (vs === undefined) return;
    cells.push({
      row: i,
      config_hash: row.config_hash,
      label: row.label,
      levels: table.factors.map((f) => row.levels[f]!),
      values: vs,
    });
  });
  return cells;
}
