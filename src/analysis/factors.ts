// The factor table of a study: which configuration fields were swept, each configuration's level
// of each, and the order of the levels. Taken from the plan's experiments when given (their
// `factors`), else derived from the records' configs (the fields whose values differ). Pure.
import type { ResultRecord } from '../core/records.js';

/** One configuration of a study as the analysis needs it (a plan experiment fits). */
export interface ExperimentFactors {
  config_hash: string;
  /** Swept factor (dotted config path) → value, as in `plan.json`. */
  factors: Record<string, unknown>;
  /** Readable name used in the answer; defaults to the record's name or the hash prefix. */
  slug?: string;
}

/** One configuration in the factor table. */
export interface FactorRow {
  config_hash: string;
  label: string;
  /** Factor → level label (`(not set)` when the configuration lacks the factor). */
  levels: Record<string, string>;
  /** Factor → the value as configured (JSON-safe). */
  values: Record<string, unknown>;
}

/** The study's factors, their ordered levels, and every configuration's row, in study order. */
export interface FactorTable {
  factors: string[];
  levels: Record<string, string[]>;
  rows: FactorRow[];
  byHash: Map<string, FactorRow>;
}

/** Level label of a configured value; values come from JSON configs, so JSON text is unambiguous. */
export function levelLabel(value: unknown): string {
  if (value === undefined) return '(not set)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Config fields never treated as factors: they name or place a run, they do not change it. */
const NOT_FACTORS = new Set(['name', 'results_dir']);

function flatten(obj: Record<string, unknown>, prefix: string, out: Map<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix === '' ? k : `${prefix}.${k}`;
    if (prefix === '' && NOT_FACTORS.has(k)) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      flatten(v as Record<string, unknown>, path, out);
    else out.set(path, v);
  }
}

/** The configurations of the records in first-seen order, each with its swept fields as factors. */
function deriveExperiments(records: readonly ResultRecord[]): ExperimentFactors[] {
  const configs = new Map<string, Map<string, unknown>>();
  for (const r of records) {
    if (configs.has(r.config_hash) || r.config === undefined) continue;
    const flat = new Map<string, unknown>();
    flatten(r.config, '', flat);
    configs.set(r.config_hash, flat);
  }
  const paths = new Set([...configs.values()].flatMap((m) => [...m.keys()]));
  const varying = [...paths].filter((p) => {
    const seen = new Set([...configs.values()].map((m) => JSON.stringify(m.get(p) ?? null)));
    return seen.size > 1;
  });
  return [...configs].map(([config_hash, flat]) => ({
    config_hash,
    factors: Object.fromEntries(varying.filter((p) => flat.has(p)).map((p) => [p, flat.get(p)])),
  }));
}

/**
 * Builds the factor table from the plan's experiments, or from the records' configs when none are
 * given. Configurations in the records but missing from `experiments` are appended with no factors.
 */
export function factorTable(
  records: readonly ResultRecord[],
  experiments?: readonly ExperimentFactors[],
): FactorTable {
  const given = experiments ?? deriveExperiments(records);
  const names = new Map<string, string>();
  for (const r of records) if (!names.has(r.config_hash)) names.set(r.config_hash, r.name);
  const known = new Set(given.map((e) => e.config_hash));
  const all: ExperimentFactors[] = [
    ...given,
    ...[...names.keys()].filter((h) => !known.has(h)).map((h) => ({ config_hash: h, factors: {} })),
  ];
  const factorNames = [...new Set(all.flatMap((e) => Object.keys(e.factors)))];
  const levels: Record<string, string[]> = {};
  for (const f of factorNames) levels[f] = orderLevels(all.map((e) => e.factors[f]));
  const labels = uniqueLabels(
    all.map((e) => e.slug ?? names.get(e.config_hash) ?? e.config_hash.slice(0, 8)),
    all,
  );
  const rows = all.map(
    (e, i): FactorRow => ({
      config_hash: e.config_hash,
      label: labels[i]!,
      levels: Object.fromEntries(factorNames.map((f) => [f, levelLabel(e.factors[f])])),
      values: Object.fromEntries(factorNames.map((f) => [f, e.factors[f] ?? null])),
    }),
  );
  return { factors: factorNames, levels, rows, byHash: new Map(rows.map((r) => [r.config_hash, r])) };
}

/** Numeric levels ascending (threads 1, 2, 8); any other kind in first-seen order. */
function orderLevels(values: unknown[]): string[] {
  const distinct = [...new Map(values.map((v) => [levelLabel(v), v])).entries()];
  if (distinct.every(([, v]) => typeof v === 'number'))
    distinct.sort((a, b) => (a[1] as number) - (b[1] as number));
  return distinct.map(([label]) => label);
}

/** Labels made unique with the hash prefix where two configurations share a name. */
function uniqueLabels(labels: string[], experiments: readonly ExperimentFactors[]): string[] {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return labels.map((l, i) => (counts.get(l)! > 1 ? `${l}-${experiments[i]!.config_hash.slice(0, 8)}` : l));
}
