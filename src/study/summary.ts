// summary.json: the study's state after a runner invocation, with the aggregates across cycles.
import { join } from 'node:path';
import { type Aggregate, aggregate } from '../analysis/aggregate.js';
import type { Clock } from '../core/clock.js';
import { writeJsonAtomic } from '../store/atomic.js';
import { STUDY_FILES } from '../store/layout.js';
import type { StudyCounts, StudyStatus } from './events.js';
import { type StudyPlanFile, scanRecords } from './folder.js';

/**
 * Version of the `summary.json` layout. 2: aggregates over valid cycles only, with `exclusions`,
 * `notes`, per-scope `scopes` and `energy_scope_note` (1 averaged every `ok` cycle, scopes `mixed`).
 */
export const SUMMARY_SCHEMA_VERSION = 2;

/** The study's state after a runner invocation (also `summary.json`). */
export interface StudySummary extends Aggregate {
  schema_version: number;
  study_name: string;
  study_hash: string;
  /** The study folder (absolute). */
  dir: string;
  generated_at: string;
  status: StudyStatus;
  /** Why it stopped early, else null. */
  reason: string | null;
  counts: StudyCounts;
  /** This invocation: wall time, time spent in configured gaps and cool-downs, runs executed. */
  invocation: { wall_s: number; waits_s: number; runs_executed: number; resumed: boolean };
}

/** Aggregates the records on disk and writes `summary.json` (atomic). */
export async function writeSummary(
  ctx: { studyDir: string; clock: Clock },
  plan: StudyPlanFile,
  status: StudyStatus,
  reason: string | null,
  counts: StudyCounts,
  invocation: StudySummary['invocation'],
): Promise<StudySummary> {
  const records = (await scanRecords(ctx.studyDir, plan)).map((f) => f.record);
  const cycles = new Map<number, number>();
  for (const r of plan.runs) cycles.set(r.experiment, (cycles.get(r.experiment) ?? 0) + 1);
  const agg = aggregate(
    plan.experiments.map((e) => ({
      index: e.index,
      config_hash: e.config_hash,
      slug: e.slug,
      factors: e.factors,
      cycles: cycles.get(e.index) ?? 0,
    })),
    records,
  );
  const summary: StudySummary = {
    schema_version: SUMMARY_SCHEMA_VERSION,
    study_name: plan.name,
    study_hash: plan.study_hash,
    dir: ctx.studyDir,
    generated_at: new Date(ctx.clock.wallMs()).toISOString(),
    status,
    reason,
    counts,
    invocation,
    ...agg,
  };
  await writeJsonAtomic(join(ctx.studyDir, STUDY_FILES.summary), summary);
  return summary;
}
