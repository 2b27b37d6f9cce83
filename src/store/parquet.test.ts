import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLlemError } from '../core/errors.js';
import type { EnergyReading } from '../energy/source.js';
import type { RequestRecord } from '../engines/engine.js';
import { latencyMetrics } from '../harness/latency.js';
import {
  type ParquetColumn,
  REQUEST_COLUMNS,
  requestRows,
  TIMESERIES_COLUMNS,
  timeseriesRows,
  writeParquetAtomic,
} from './parquet.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llem-parquet-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readBack(path: string): Promise<Record<string, unknown>[]> {
  const bytes = await readFile(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return parquetReadObjects({ file });
}

const records: RequestRecord[] = [
  {
    id: 0,
    inputTokens: 12,
    outputTokens: 3,
    scheduledMs: 1000,
    sentMs: 1000.5,
    startMs: 1002,
    firstTokenMs: 1010,
    endMs: 1030,
    tokenTimesMs: [1010, 1020, 1030],
  },
  {
    id: 1,
    inputTokens: 8,
    outputTokens: 0,
    scheduledMs: 1000,
    startMs: 1003,
    endMs: 1004,
    error: 'context overflow',
  },
];

describe('requests.parquet', () => {
  it('writes and reads back values, nulls and token-time lists, relative to the window start', async () => {
    const path = join(dir, 'requests.parquet');
    await writeParquetAtomic(path, REQUEST_COLUMNS, requestRows(records, 1000));
    const rows = await readBack(path);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      request_id: 0,
      input_tokens: 12,
      output_tokens: 3,
      scheduled_ms: 0,
      sent_ms: 0.5,
      send_error_ms: 0.5,
      start_ms: 2,
      first_token_ms: 10,
      end_ms: 30,
      ttft_queued_ms: 10,
      ttft_service_ms: 8,
      e2e_queued_ms: 30,
      e2e_service_ms: 28,
      tpot_ms: 10,
      token_times_ms: [10, 20, 30],
      error: null,
    });
    // hyparquet reads a null as null (flat columns) or leaves it out (a null list).
    expect(rows[1]).toMatchObject({
      request_id: 1,
      output_tokens: 0,
      e2e_queued_ms: 4,
      e2e_service_ms: 1,
      error: 'context overflow',
    });
    for (const k of [
      'sent_ms',
      'send_error_ms',
      'first_token_ms',
      'ttft_queued_ms',
      'tpot_ms',
      'token_times_ms',
    ])
      expect(rows[1]?.[k] ?? null).toBeNull();
    expect(await readdir(dir)).toEqual(['requests.parquet']);
  });

  it('derives ttft, e2e and tpot exactly as latencyMetrics does', () => {
    const row = requestRows([records[0]!], 0)[0]!;
    const m = latencyMetrics([records[0]!]);
    expect(row.ttft_queued_ms).toBe(m.ttftQueued?.mean_ms);
    expect(row.ttft_service_ms).toBe(m.ttftService?.mean_ms);
    expect(row.e2e_queued_ms).toBe(m.e2eQueued.mean_ms);
    expect(row.e2e_service_ms).toBe(m.e2eService.mean_ms);
    expect(row.tpot_ms).toBe(m.tpot?.mean_ms);
  });

  it('writes an empty file that reads back as no rows', async () => {
    const path = join(dir, 'empty.parquet');
    await writeParquetAtomic(path, REQUEST_COLUMNS, []);
    expect(await readBack(path)).toEqual([]);
  });
});

describe('timeseries.parquet', () => {
  it('writes one row per sample with nulls for fields a source cannot read', async () => {
    const reading: EnergyReading = {
      source: 'nvml',
      scope: 'gpu',
      method: 'counter',
      energyJ: 10,
      uncertaintyJ: 0.1,
      uncertaintyBasis: 'test',
      accuracy: { fraction: 0.05, basis: 'test class' },
      durationS: 1,
      devices: [],
      expectedSamples: 2,
      notes: [],
      samples: [
        {
          tMs: 5000,
          device: 'gpu0',
          powerW: 250.5,
          temperatureC: 61,
          smClockMhz: 1980,
          memClockMhz: 2619,
          memoryUsedBytes: 80 * 2 ** 30,
          utilizationPct: 99,
          throttleReasons: 0x4,
        },
        { tMs: 5100, device: 'gpu0', powerW: 251 },
      ],
    };
    const path = join(dir, 'timeseries.parquet');
    await writeParquetAtomic(path, TIMESERIES_COLUMNS, timeseriesRows([reading], 5000));
    const rows = await readBack(path);
    expect(rows[0]).toEqual({
      source: 'nvml',
      device: 'gpu0',
      t_ms: 0,
      power_w: 250.5,
      temperature_c: 61,
      sm_clock_mhz: 1980,
      mem_clock_mhz: 2619,
      memory_used_bytes: 80n * 2n ** 30n,
      utilization_pct: 99,
      throttle_reasons: 4n,
    });
    expect(rows[1]).toMatchObject({ source: 'nvml', device: 'gpu0', t_ms: 100, power_w: 251 });
    expect(rows[1]?.temperature_c ?? null).toBeNull();
    expect(rows[1]?.memory_used_bytes ?? null).toBeNull();
  });
});

describe('writeParquetAtomic', () => {
  it('writes every column type and treats missing keys as nulls', async () => {
    const columns: ParquetColumn[] = [
      { name: 'd', type: 'DOUBLE' },
      { name: 'i32', type: 'INT32' },
      { name: 'i64', type: 'INT64' },
      { name: 'b', type: 'BOOLEAN' },
      { name: 's', type: 'STRING' },
      { name: 'l', type: 'DOUBLE_LIST' },
    ];
    const path = join(dir, 'all.parquet');
    await writeParquetAtomic(path, columns, [{ d: 1.5, i32: -7, i64: 2 ** 40, b: true, s: 'ü', l: [] }, {}]);
    const rows = await readBack(path);
    expect(rows[0]).toEqual({ d: 1.5, i32: -7, i64: 2n ** 40n, b: true, s: 'ü', l: [] });
    expect(Object.values(rows[1] ?? {}).filter((v) => v !== null && v !== undefined)).toEqual([]);
  });

  it('rejects a value of the wrong type before touching the file', async () => {
    const path = join(dir, 'bad.parquet');
    const err = await writeParquetAtomic(path, [{ name: 'n', type: 'INT32' }], [{ n: 1.5 }]).catch(
      (e: unknown) => e,
    );
    expect(isLlemError(err, 'ERR_INTERNAL')).toBe(true);
    expect((err as Error).message).toMatch(/column n/);
    expect(await readdir(dir)).toEqual([]);
  });
});
