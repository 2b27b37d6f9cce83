// Parquet files of a run (SPEC §7): per-request records and per-device telemetry, for pandas,
// polars and DuckDB. Every column is nullable; times are ms relative to the window start.
import { parquetWriteBuffer } from 'hyparquet-writer';
import { LlemError } from '../core/errors.js';
import type { EnergyReading } from '../energy/source.js';
import type { RequestRecord } from '../engines/engine.js';
import { writeFileAtomic } from './atomic.js';

/** A Parquet column: name and type; `DOUBLE_LIST` is a standard LIST of DOUBLE (`list<double>` in Arrow). */
export interface ParquetColumn {
  name: string;
  type: 'DOUBLE' | 'INT64' | 'INT32' | 'BOOLEAN' | 'STRING' | 'DOUBLE_LIST';
}

type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

function schemaFor(columns: readonly ParquetColumn[]): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }];
  for (const c of columns) {
    if (c.type === 'DOUBLE_LIST') {
      schema.push(
        { name: c.name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'DOUBLE', repetition_type: 'REQUIRED' },
      );
    } else if (c.type === 'STRING') {
      schema.push({ name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
    } else {
      schema.push({ name: c.name, type: c.type, repetition_type: 'OPTIONAL' });
    }
  }
  return schema;
}

function bad(column: ParquetColumn, row: number, value: unknown): never {
  throw new LlemError(
    'ERR_INTERNAL',
    `Parquet column ${column.name} (${column.type}) cannot hold ${String(value)} (row ${row})`,
    {
      details: { column: column.name, type: column.type, row },
    },
  );
}

/** Checks and converts one value; null and undefined both become a Parquet null. */
function convert(column: ParquetColumn, row: number, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (column.type) {
    case 'DOUBLE':
      return typeof v === 'number' ? v : bad(column, row, v);
    case 'INT32':
      return Number.isInteger(v) && Math.abs(v as number) <= 2 ** 31 - 1 ? v : bad(column, row, v);
    case 'INT64':
      if (typeof v === 'bigint') return v;
      return Number.isSafeInteger(v) ? BigInt(v as number) : bad(column, row, v);
    case 'BOOLEAN':
      return typeof v === 'boolean' ? v : bad(column, row, v);
    case 'STRING':
      return typeof v === 'string' ? v : bad(column, row, v);
    case 'DOUBLE_LIST':
      return Array.isArray(v) && v.every((x) => typeof x === 'number') ? v : bad(column, row, v);
  }
}

/**
 * Serialises `rows` (missing keys are nulls) to a Parquet file at `path`, atomically; a value of
 * the wrong type throws `ERR_INTERNAL`. `metadata` becomes the file's key-value metadata (what the
 * rows belong to, so a file read on its own still says which run it is).
 */
export async function writeParquetAtomic(
  path: string,
  columns: ParquetColumn[],
  rows: Record<string, unknown>[],
  metadata: Record<string, string> = {},
): Promise<void> {
  const columnData = columns.map((c) => ({
    name: c.name,
    data: rows.map((r, i) => convert(c, i, r[c.name])),
  }));
  const kvMetadata = Object.entries(metadata).map(([key, value]) => ({ key, value }));
  const buffer = parquetWriteBuffer({
    columnData,
    schema: schemaFor(columns),
    createdBy: 'llenergymeasure',
    ...(kvMetadata.length > 0 ? { kvMetadata } : {}),
  });
  await writeFileAtomic(path, new Uint8Array(buffer));
}

/**
 * Columns of `requests.parquet`: one row per request; times in ms from the window start;
 * `…_queued_ms` latencies from the scheduled send time, `…_service_ms` from the start of work;
 * `send_error_ms` = actual send − scheduled send.
 */
export const REQUEST_COLUMNS: ParquetColumn[] = [
  { name: 'request_id', type: 'INT32' },
  { name: 'input_tokens', type: 'INT32' },
  { name: 'output_tokens', type: 'INT32' },
  { name: 'scheduled_ms', type: 'DOUBLE' },
  { name: 'sent_ms', type: 'DOUBLE' },
  { name: 'send_error_ms', type: 'DOUBLE' },
  { name: 'start_ms', type: 'DOUBLE' },
  { name: 'first_token_ms', type: 'DOUBLE' },
  { name: 'end_ms', type: 'DOUBLE' },
  { name: 'ttft_queued_ms', type: 'DOUBLE' },
  { name: 'ttft_service_ms', type: 'DOUBLE' },
  { name: 'e2e_queued_ms', type: 'DOUBLE' },
  { name: 'e2e_service_ms', type: 'DOUBLE' },
  { name: 'tpot_ms', type: 'DOUBLE' },
  { name: 'token_times_ms', type: 'DOUBLE_LIST' },
  { name: 'error', type: 'STRING' },
];

/**
 * Rows for `requests.parquet`, times relative to `windowStartMs`; latencies use the same
 * definitions as `harness/latency.ts` (queued from the scheduled time, service from the start of
 * work; tpot = (end − first) / (out − 1)).
 */
export function requestRows(
  records: readonly RequestRecord[],
  windowStartMs: number,
): Record<string, unknown>[] {
  const rel = (t: number | undefined) => (t === undefined ? null : t - windowStartMs);
  return records.map((r) => ({
    request_id: r.id,
    input_tokens: r.inputTokens,
    output_tokens: r.outputTokens,
    scheduled_ms: rel(r.scheduledMs),
    sent_ms: rel(r.sentMs),
    send_error_ms: r.sentMs === undefined ? null : r.sentMs - r.scheduledMs,
    start_ms: rel(r.startMs),
    first_token_ms: rel(r.firstTokenMs),
    end_ms: rel(r.endMs),
    ttft_queued_ms: r.firstTokenMs === undefined ? null : r.firstTokenMs - r.scheduledMs,
    ttft_service_ms: r.firstTokenMs === undefined ? null : r.firstTokenMs - r.startMs,
    e2e_queued_ms: r.endMs - r.scheduledMs,
    e2e_service_ms: r.endMs - r.startMs,
    tpot_ms:
      r.firstTokenMs === undefined || r.outputTokens < 2
        ? null
        : (r.endMs - r.firstTokenMs) / (r.outputTokens - 1),
    token_times_ms: r.tokenTimesMs === undefined ? null : r.tokenTimesMs.map((t) => t - windowStartMs),
    error: r.error ?? null,
  }));
}

/** Columns of `timeseries.parquet`: one row per device per sample; `t_ms` from the window start. */
export const TIMESERIES_COLUMNS: ParquetColumn[] = [
  { name: 'source', type: 'STRING' },
  { name: 'device', type: 'STRING' },
  { name: 't_ms', type: 'DOUBLE' },
  { name: 'power_w', type: 'DOUBLE' },
  { name: 'temperature_c', type: 'DOUBLE' },
  { name: 'sm_clock_mhz', type: 'DOUBLE' },
  { name: 'mem_clock_mhz', type: 'DOUBLE' },
  { name: 'memory_used_bytes', type: 'INT64' },
  { name: 'utilization_pct', type: 'DOUBLE' },
  { name: 'throttle_reasons', type: 'INT64' },
];

/** Rows for `timeseries.parquet` from every reading's samples, in reading then sample order; absent fields are nulls. */
export function timeseriesRows(
  readings: readonly EnergyReading[],
  windowStartMs: number,
): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const reading of readings) {
    for (const s of reading.samples) {
      rows.push({
        source: reading.source,
        device: s.device,
        t_ms: s.tMs - windowStartMs,
        power_w: s.powerW ?? null,
        temperature_c: s.temperatureC ?? null,
        sm_clock_mhz: s.smClockMhz ?? null,
        mem_clock_mhz: s.memClockMhz ?? null,
        memory_used_bytes: s.memoryUsedBytes === undefined ? null : Math.round(s.memoryUsedBytes),
        utilization_pct: s.utilizationPct ?? null,
        throttle_reasons: s.throttleReasons ?? null,
      });
    }
  }
  return rows;
}
