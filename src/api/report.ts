import { analyse } from '../analysis/analyse.js';
import { topFactorLines } from '../report/factor-lines.js';
import { readPlanFile, scanRecords } from '../study/folder.js';

/** Analysis and reports of a study folder (SPEC §8), and the terminal summaries built from them. */

export { configurationsWithoutValidCycle, excludingChecks } from '../analysis/aggregate.js';
export { renderAggregateTable } from '../analysis/aggregate-table.js';
export { topFactorLines } from '../report/factor-lines.js';
export { type WriteReportOptions, type WrittenReport, writeReport } from '../report/write.js';

/** The factors that matter most for a study's headline metric, as readable lines. */
export interface TopFactors {
  /** The headline metric's label, e.g. `J/output token`. */
  metric: string;
  /** The energy scope analysed, or null when no run measured energy. */
  scope: string | null;
  /** One line per factor, best first (see `topFactorLines`). */
  lines: string[];
}

/**
 * Reads the study folder `dir` (its plan and records) and ranks its factors; undefined when the
 * folder has no plan or nothing was ranked. Throws when the records cannot be read or analysed.
 */
export async function studyTopFactors(dir: string, max = 3): Promise<TopFactors | undefined> {
  const plan = await readPlanFile(dir);
  if (plan === undefined) return undefined;
  const records = (await scanRecords(dir, plan)).map((f) => f.record);
  const analysis = analyse(records, { experiments: plan.experiments });
  const m = analysis.scopes[0]?.metrics[0];
  const lines = topFactorLines(analysis, max);
  return lines.length === 0 || !m ? undefined : { metric: m.label, scope: analysis.scope ?? null, lines };
}
