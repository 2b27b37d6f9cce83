// manifest.json: the live state of every planned (experiment, cycle) pair. It is rewritten
// atomically after every transition, so a reader (or `llem status`, or a resume after SIGKILL)
// always sees a complete file; the records on disk stay the source of truth (see resume.ts).
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { writeJsonAtomic } from '../store/atomic.js';
import type { StudyCounts, StudyStatus } from './events.js';
import type { ManifestEntry } from './types.js';

/** Version of the `manifest.json` layout. */
export const MANIFEST_SCHEMA_VERSION = 1;

/** A manifest entry plus the process that is running it (null when none). */
export interface ManifestRunEntry extends ManifestEntry {
  /** Child process id while `running` under process isolation. */
  pid: number | null;
}

/** The content of `manifest.json`. */
export interface ManifestFile {
  schema_version: number;
  study_name: string;
  study_hash: string;
  /** `running` while a runner holds the study; how it ended otherwise. */
  status: StudyStatus;
  /** Why it stopped early (interrupt, breaker, timeout), else null. */
  reason: string | null;
  /** The runner process (a `running` manifest whose pid is dead was left by a killed runner). */
  pid: number;
  host: string;
  created_at: string;
  updated_at: string;
  /** How many times the study was started or resumed. */
  invocations: number;
  counts: StudyCounts;
  entries: ManifestRunEntry[];
}

/** Counts entries by status; `running` counts as pending (it has no record yet). */
export function countEntries(entries: readonly ManifestEntry[]): StudyCounts {
  const c: StudyCounts = { planned: entries.length, ok: 0, failed: 0, interrupted: 0, pending: 0 };
  for (const e of entries) {
    if (e.status === 'ok') c.ok++;
    else if (e.status === 'failed') c.failed++;
    else if (e.status === 'interrupted') c.interrupted++;
    else c.pending++;
  }
  return c;
}

/** Reads `manifest.json`; undefined when it does not exist or does not parse. */
export async function readManifest(path: string): Promise<ManifestFile | undefined> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as ManifestFile;
    return Array.isArray(data.entries) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Owns `manifest.json` for one runner: every change is one serialised atomic rewrite. */
export class ManifestWriter {
  readonly #path: string;
  readonly #data: ManifestFile;
  #chain: Promise<void> = Promise.resolve();

  /** Starts from reconciled entries; `previous` keeps the creation time and invocation count. */
  constructor(
    path: string,
    study: { name: string; study_hash: string },
    entries: ManifestEntry[],
    previous: ManifestFile | undefined,
  ) {
    this.#path = path;
    const now = new Date().toISOString();
    const pids = new Map((previous?.entries ?? []).map((e) => [e.position, e.pid]));
    this.#data = {
      schema_version: MANIFEST_SCHEMA_VERSION,
      study_name: study.name,
      study_hash: study.study_hash,
      status: 'running',
      reason: null,
      pid: process.pid,
      host: hostname(),
      created_at: previous?.created_at ?? now,
      updated_at: now,
      invocations: (previous?.invocations ?? 0) + 1,
      counts: countEntries(entries),
      entries: entries.map((e) => ({
        ...e,
        pid: e.status === 'running' ? (pids.get(e.position) ?? null) : null,
      })),
    };
  }

  /** A copy of the entry at plan position `position`. */
  entry(position: number): ManifestRunEntry | undefined {
    const e = this.#data.entries.find((x) => x.position === position);
    return e ? { ...e } : undefined;
  }

  /** Counts of the current entries. */
  counts(): StudyCounts {
    return countEntries(this.#data.entries);
  }

  /** The whole manifest as last written (a copy). */
  snapshot(): ManifestFile {
    return structuredClone(this.#data);
  }

  /** Changes one entry and rewrites the file. */
  update(
    position: number,
    patch: Partial<Omit<ManifestRunEntry, 'position' | 'experiment' | 'cycle'>>,
  ): Promise<void> {
    const e = this.#data.entries.find((x) => x.position === position);
    if (e === undefined) throw new RangeError(`no planned run at position ${position}`);
    Object.assign(e, patch);
    return this.write();
  }

  /** Sets the study status (and why) and rewrites the file. */
  setStatus(status: StudyStatus, reason: string | null): Promise<void> {
    this.#data.status = status;
    this.#data.reason = reason;
    return this.write();
  }

  /** Rewrites the file (writes are chained, so they land in call order). */
  write(): Promise<void> {
    this.#data.updated_at = new Date().toISOString();
    this.#data.counts = countEntries(this.#data.entries);
    const snapshot = structuredClone(this.#data);
    this.#chain = this.#chain.catch(() => undefined).then(() => writeJsonAtomic(this.#path, snapshot));
    return this.#chain;
  }
}
