// Which records the analysis may use (SPEC §7): `ok` runs whose validity checks passed, grouped by
// the headline energy scope so that figures of different scopes are never compared. Pure.
import type { ResultRecord } from '../core/records.js';

/** A run left out of the analysis, and why. */
export interface ExcludedRun {
  config_hash: string;
  /** The configuration's name in the answer (filled in by `analyse`; the hash prefix here). */
  label: string;
  cycle: number;
  status: ResultRecord['status'];
  /** `failed`, `interrupted`, `invalid` or `no_metrics`. */
  kind: 'failed' | 'interrupted' | 'invalid' | 'no_metrics';
  reason: string;
}

/** The records split into usable ones by scope and excluded ones. */
export interface Selection {
  /** Energy scope (null: no energy figures) → included records, in input order. */
  byScope: Map<string | null, ResultRecord[]>;
  excluded: ExcludedRun[];
}

/** The failed error-severity checks of a record, as `id: detail`. */
function failedErrorChecks(r: ResultRecord): string[] {
  return (r.validity?.checks ?? [])
    .filter((c) => !c.passed && c.severity === 'error')
    .map((c) => `${c.id}: ${c.detail}`);
}

/** Splits records into included (by scope) and excluded (with the reason). */
export function selectRecords(records: readonly ResultRecord[]): Selection {
  const byScope = new Map<string | null, ResultRecord[]>();
  const excluded: ExcludedRun[] = [];
  for (const r of records) {
    const base = {
      config_hash: r.config_hash,
      label: r.config_hash.slice(0, 8),
      cycle: r.cycle,
      status: r.status,
    };
    if (r.status !== 'ok') {
      const why = r.error
        ? `${r.error.code} in ${r.error.phase}: ${r.error.message}`
        : 'stopped before it ended';
      excluded.push({ ...base, kind: r.status === 'failed' ? 'failed' : 'interrupted', reason: why });
      continue;
    }
    const failedChecks = failedErrorChecks(r);
    if (r.validity?.valid !== true || failedChecks.length > 0) {
      const why = failedChecks.length > 0 ? failedChecks.join('; ') : 'marked not valid';
      excluded.push({ ...base, kind: 'invalid', reason: why });
      continue;
    }
    if (r.metrics === null || r.metrics === undefined) {
      excluded.push({ ...base, kind: 'no_metrics', reason: 'the record has no metrics' });
      continue;
    }
    const scope = r.metrics.energy_scope ?? null;
    const list = byScope.get(scope);
    if (list) list.push(r);
    else byScope.set(scope, [r]);
  }
  return { byScope, excluded };
}
