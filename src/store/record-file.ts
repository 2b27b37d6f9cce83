// Writing and reading `result.json`. Every record llem writes goes through `writeRecordFile`, so
// one switch checks them all against the record schema: with `LLEM_VALIDATE_RECORDS=1` (the test
// suite sets it) a record that does not match throws instead of being written.
import { readFile } from 'node:fs/promises';
import { type ResultRecord, validateRecord } from '../core/records.js';
import { writeJsonAtomic } from './atomic.js';

/** Whether records are checked against the schema before they are written (`LLEM_VALIDATE_RECORDS=1`). */
export function validatingRecords(env: Record<string, string | undefined> = process.env): boolean {
  return env.LLEM_VALIDATE_RECORDS === '1';
}

/** Writes a record atomically (temp file + fsync + rename), validating it first when switched on. */
export async function writeRecordFile(path: string, record: ResultRecord): Promise<void> {
  if (validatingRecords()) validateRecord(JSON.parse(JSON.stringify(record)));
  await writeJsonAtomic(path, record);
}

/** Reads one `result.json`; undefined when missing, unreadable, or not a record. */
export async function readRecordFile(path: string): Promise<ResultRecord | undefined> {
  try {
    const r = JSON.parse(await readFile(path, 'utf8')) as ResultRecord;
    return typeof r === 'object' && r !== null && typeof r.status === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}
