import { appendFileSync, mkdirSync } from 'node:fs';
import { access, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultRecord } from '../core/records.js';
import type { EnergyReading } from '../energy/source.js';
import type { RequestRecord } from '../engines/engine.js';
import { writeFileAtomic, writeJsonAtomic } from '../store/atomic.js';
import {
  parseCycleDirName,
  RUN_FILES,
  RUNS_DIR,
  runDirName,
  runPaths,
  STUDY_FILES,
  slugify,
  studyDirName,
} from '../store/layout.js';
import {
  REQUEST_COLUMNS,
  requestRows,
  TIMESERIES_COLUMNS,
  timeseriesRows,
  writeParquetAtomic,
} from '../store/parquet.js';
import { writeRecordFile } from '../store/record-file.js';

/** Where one run's files go. */
export interface RunLocation {
  studyDir: string;
  runDir: string;
  cycle: number;
  paths: { dir: string; result: string; timeseries: string; requests: string; log: string };
}

/** Identity of a run inside its study. */
export interface RunIdentity {
  resultsDir: string;
  studyName: string;
  studyHash: string;
  runIndex: number;
  runSlug: string;
  configHash: string;
  /** Cycle to write; when undefined, the next cycle without a result (re-running adds a cycle). */
  cycle?: number;
}

/** Picks the run folder, creating it; never reuses a cycle that already holds a result. */
export async function prepareRunLocation(id: RunIdentity): Promise<RunLocation> {
  const studyDir = studyDirName(id.studyName, id.studyHash);
  const runDir = runDirName(id.runIndex, slugify(id.runSlug), id.configHash);
  let cycle = id.cycle ?? 1;
  if (id.cycle === undefined) {
    const existing = await readdir(join(id.resultsDir, studyDir, RUNS_DIR, runDir)).catch(
      () => [] as string[],
    );
    const used = existing.map(parseCycleDirName).filter((n): n is number => n !== undefined);
    for (const n of used.sort((a, b) => a - b)) {
      const has = await access(runPaths(id.resultsDir, studyDir, runDir, n).result).then(
        () => true,
        () => false,
      );
      if (has && n >= cycle) cycle = n + 1;
    }
  }
  const paths = runPaths(id.resultsDir, studyDir, runDir, cycle);
  await mkdir(paths.dir, { recursive: true });
  return { studyDir: join(id.resultsDir, studyDir), runDir, cycle, paths };
}

/** Writes the study-level input copy and environment snapshot (atomic). */
export async function writeStudyFiles(
  studyDir: string,
  inputText: string,
  environment: unknown,
): Promise<void> {
  await writeFileAtomic(join(studyDir, STUDY_FILES.input), inputText);
  await writeJsonAtomic(join(studyDir, STUDY_FILES.environment), environment);
}

/** An append-only run log; each line is timestamped. Appends are synchronous so a crash keeps them. */
export function openRunLog(path: string): (line: string) => void {
  mkdirSync(join(path, '..'), { recursive: true });
  return (line: string) => {
    appendFileSync(path, `${new Date().toISOString()} ${line}\n`);
  };
}

/**
 * Key-value metadata of a run's Parquet files: which study, configuration, cycle and run the rows
 * belong to, and the window's absolute start (the origin of every `t_ms`/`*_ms` column).
 */
export function parquetMetadata(
  loc: RunLocation,
  record: ResultRecord,
  windowStartWallMs: number | undefined,
): Record<string, string> {
  return {
    'llem.study_hash': record.study_hash,
    'llem.config_hash': record.config_hash,
    'llem.experiment_id': record.experiment_id,
    'llem.run_id': loc.runDir,
    'llem.cycle': String(record.cycle),
    'llem.schema_version': String(record.schema_version),
    ...(windowStartWallMs === undefined
      ? {}
      : {
          'llem.window_start': new Date(windowStartWallMs).toISOString(),
          'llem.window_start_unix_ms': String(windowStartWallMs),
        }),
  };
}

/** Writes the per-request and timeseries Parquet files, then `result.json` last (it marks completion). */
export async function persistRun(
  loc: RunLocation,
  record: ResultRecord,
  records: readonly RequestRecord[] | null,
  readings: readonly EnergyReading[] | null,
  windowStartMs: number,
  windowStartWallMs?: number,
): Promise<ResultRecord> {
  const files = { ...record.files };
  const metadata = parquetMetadata(loc, record, windowStartWallMs);
  const { requests, timeseries } = loc.paths;
  if (records !== null) {
    await writeParquetAtomic(requests, REQUEST_COLUMNS, requestRows(records, windowStartMs), metadata);
    files.requests = RUN_FILES.requests;
  }
  if (readings !== null) {
    await writeParquetAtomic(
      timeseries,
      TIMESERIES_COLUMNS,
      timeseriesRows(readings, windowStartMs),
      metadata,
    );
    files.timeseries = RUN_FILES.timeseries;
  }
  const final = { ...record, files };
  await writeRecordFile(loc.paths.result, final);
  return final;
}
