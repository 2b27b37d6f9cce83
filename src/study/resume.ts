// Which planned (experiment, cycle) pairs still have to run. Pure: the folder scan lives in
// folder.ts. Invariant (property-tested): resume ∪ done = plan, and no pair appears twice.
import type { RunStatus } from '../core/records.js';
import type { ManifestEntry, PlannedRun } from './types.js';

/** A key that identifies one (experiment, cycle) pair. */
export function pairKey(experiment: number, cycle: number): string {
  return `${experiment}:${cycle}`;
}

/** A record found on disk for a planned pair. */
export interface FoundRecord {
  experiment: number;
  cycle: number;
  status: RunStatus;
}

/** Options of `runsToResume`. */
export interface ResumeOptions {
  /** Re-run pairs whose record is `failed` [true]; `interrupted` and missing pairs always re-run. */
  retryFailed?: boolean;
}

/**
 * The planned runs not yet done, in plan order, each once. A pair is done when a record with
 * status `ok` exists for it (and, with `retryFailed: false`, also when it is `failed`); pairs
 * found on disk that are not in the plan are ignored; a pair planned twice runs once.
 */
export function runsToResume(
  plan: readonly PlannedRun[],
  found: readonly FoundRecord[],
  options: ResumeOptions = {},
): PlannedRun[] {
  const retryFailed = options.retryFailed ?? true;
  const done = new Set(
    found
      .filter((r) => r.status === 'ok' || (!retryFailed && r.status === 'failed'))
      .map((r) => pairKey(r.experiment, r.cycle)),
  );
  const seen = new Set<string>();
  const out: PlannedRun[] = [];
  for (const run of plan) {
    const key = pairKey(run.experiment, run.cycle);
    if (done.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push(run);
  }
  return out;
}

/**
 * Manifest entries for `plan` that agree with the records on disk: a pair with a record takes its
 * status; one without a record is `pending` (including entries a killed parent left `running`,
 * and entries claiming `ok` whose record is gone). Attempts and times carry over from `previous`.
 */
export function reconcileEntries(
  plan: readonly PlannedRun[],
  previous: readonly ManifestEntry[] | undefined,
  found: readonly FoundRecord[],
): ManifestEntry[] {
  const byPair = new Map(found.map((r) => [pairKey(r.experiment, r.cycle), r]));
  const before = new Map((previous ?? []).map((e) => [pairKey(e.experiment, e.cycle), e]));
  return plan.map((run) => {
    const key = pairKey(run.experiment, run.cycle);
    const old = before.get(key);
    const record = byPair.get(key);
    return {
      position: run.position,
      experiment: run.experiment,
      cycle: run.cycle,
      status: record?.status ?? 'pending',
      dir: old?.dir ?? null,
      attempts: old?.attempts ?? (record ? 1 : 0),
      started_at: old?.started_at ?? null,
      ended_at: record ? (old?.ended_at ?? null) : null,
      error: record && record.status !== 'ok' ? (old?.error ?? null) : null,
    };
  });
}
