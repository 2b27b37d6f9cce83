// A study folder → the report's input: plan.json (design and planned cycles), the records of the
// planned pairs, environment.json, and the telemetry of a few runs (timeseries.parquet, read with
// hyparquet and downsampled so a long window stays a small chart).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LlemError } from '../core/errors.js';
import type { ResultRecord } from '../core/records.js';
import { pairDir, STUDY_FILES } from '../store/layout.js';
import { requirePlanFile, scanRecords } from '../study/folder.js';
import type { ReportInput, RunTimeseries, TimeseriesPoint } from './types.js';

/** Options of `loadReportInput`. */
export interface LoadReportOptions {
  /** Runs whose telemetry is drawn (the first ok cycle of each configuration, in study order); default 12. */
  maxTimeseriesRuns?: number;
  /** Points per device and run after downsampling (bucket means); default 200. */
  maxPointsPerDevice?: number;
}

/** Reads a study folder into a `ReportInput`; a folder without `plan.json` is a usage error. */
export async function loadReportInput(
  studyDir: string,
  options: LoadReportOptions = {},
): Promise<ReportInput> {
  const dir = resolve(studyDir);
  const plan = await requirePlanFile(dir, 'give the folder `llem run <study.yaml>` printed after "results"');
  const found = await scanRecords(dir, plan);
  const cycles = new Map<number, number>();
  for (const r of plan.runs) cycles.set(r.experiment, (cycles.get(r.experiment) ?? 0) + 1);
  const environment = await readFile(join(dir, STUDY_FILES.environment), 'utf8')
    .then((t) => JSON.parse(t) as Record<string, unknown>)
    .catch(() => null);
  const maxRuns = options.maxTimeseriesRuns ?? 12;
  const withSeries = found
    .filter((f) => f.record.status === 'ok' && f.record.files?.timeseries)
    .sort((a, b) => a.experiment - b.experiment || a.cycle - b.cycle);
  const firstPerConfig = withSeries.filter(
    (f, i) => i === 0 || withSeries[i - 1]!.experiment !== f.experiment,
  );
  const chosen = firstPerConfig.slice(0, maxRuns);
  const byIndex = new Map(plan.experiments.map((e) => [e.index, e]));
  const runs: RunTimeseries[] = [];
  const unreadable: string[] = [];
  for (const f of chosen) {
    const e = byIndex.get(f.experiment)!;
    const path = join(dir, pairDir(e, f.cycle), f.record.files.timeseries!);
    // One damaged telemetry file should not cost the whole report: the report names it instead.
    try {
      runs.push(await readTimeseries(path, f.record, e.slug, options.maxPointsPerDevice ?? 200));
    } catch (err) {
      unreadable.push((err as Error).message);
    }
  }
  return {
    study: {
      name: plan.name,
      study_hash: plan.study_hash,
      created_at: plan.created_at ?? null,
      dir,
      execution: plan.execution as unknown as Record<string, unknown>,
    },
    experiments: plan.experiments.map((e) => ({
      index: e.index,
      config_hash: e.config_hash,
      slug: e.slug,
      factors: e.factors,
      cycles: cycles.get(e.index) ?? 0,
    })),
    records: found.map((f) => f.record),
    environment,
    timeseries: { runs, omitted: withSeries.length - chosen.length, unreadable },
  };
}

async function readTimeseries(
  path: string,
  record: ResultRecord,
  label: string,
  maxPoints: number,
): Promise<RunTimeseries> {
  let rows: Record<string, unknown>[];
  try {
    const { parquetReadObjects } = await import('hyparquet');
    const bytes = await readFile(path);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    rows = (await parquetReadObjects({
      file,
      columns: ['device', 't_ms', 'power_w', 'temperature_c', 'sm_clock_mhz'],
    })) as Record<string, unknown>[];
  } catch (e) {
    throw new LlemError('ERR_STORE_IO', `cannot read the telemetry ${path}: ${(e as Error).message}`, {
      cause: e,
      details: { path },
    });
  }
  return {
    config_hash: record.config_hash,
    label,
    cycle: record.cycle,
    samples: rows.length,
    points: downsample(rows, maxPoints),
  };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Bucket means per device: at most `maxPoints` points per device, each the mean of its bucket's samples. */
export function downsample(rows: readonly Record<string, unknown>[], maxPoints: number): TimeseriesPoint[] {
  const byDevice = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const d = String(r.device ?? '?');
    const list = byDevice.get(d);
    if (list) list.push(r);
    else byDevice.set(d, [r]);
  }
  const out: TimeseriesPoint[] = [];
  for (const [device, list] of byDevice) {
    list.sort((a, b) => (num(a.t_ms) ?? 0) - (num(b.t_ms) ?? 0));
    const size = Math.max(1, Math.ceil(list.length / maxPoints));
    for (let i = 0; i < list.length; i += size) {
      const bucket = list.slice(i, i + size);
      const mean = (k: string) => {
        const xs = bucket.map((r) => num(r[k])).filter((x): x is number => x !== null);
        return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
      };
      out.push({
        t_s: (mean('t_ms') ?? 0) / 1000,
        device,
        power_w: mean('power_w'),
        temperature_c: mean('temperature_c'),
        sm_clock_mhz: mean('sm_clock_mhz'),
      });
    }
  }
  return out;
}
