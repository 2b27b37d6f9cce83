// The analysis of one energy scope: per metric, the main effects, interactions and comparisons;
// the Pareto frontiers; and the limitations that apply, written out. Pure.
import { createRng } from '../core/random.js';
import type { ResultRecord } from '../core/records.js';
import { cv } from '../core/stats.js';
import { checkFactorial, type DesignCheck, factorialAnova } from './anova.js';
import { resampleCellMeans } from './bootstrap.js';
import { ANALYSED_METRICS, type AnalysedMetric, buildCells, type Cell } from './cells.js';
import { type Comparison, compareWithReference } from './compare.js';
import { type FactorEffect, mainEffects } from './effects.js';
import type { FactorTable } from './factors.js';
import { type Interaction, interactionsOf } from './interactions.js';
import { finite } from './json.js';
import { type Better, paretoFrontier } from './pareto.js';
import { fmt, rankingSentence } from './sentences.js';

/** The design as one metric's valid cells show it. */
export interface DesignSummary {
  /** Factors with at least two levels among the valid configurations. */
  swept: string[];
  configurations: number;
  /** Balanced full factorial: every combination once, equal valid cycles. */
  factorial: boolean;
  /** Valid cycles per configuration when equal, else null. */
  replicates: number | null;
  /** Why the design is not a balanced full factorial; null when it is. */
  reason: string | null;
  /** Configurations with a single valid cycle (no interval or test for them). */
  single_cycle: number;
  /** Fewest valid cycles of any configuration. */
  cycles_min: number;
}

/** Everything the analysis says about one metric in one scope. */
export interface MetricAnalysis {
  metric: string;
  label: string;
  better: Better;
  design: DesignSummary;
  /** Main effects, ranked (rank 1 explains the most variance). */
  factors: FactorEffect[];
  /** Two-factor interactions; empty when the design does not allow them. */
  interactions: Interaction[];
  /** The configuration the comparisons are made against. */
  reference: { config_hash: string; label: string } | null;
  comparisons: Comparison[];
}

/** The configurations on the frontier of J/output token against another metric. */
export interface ParetoFront {
  x_metric: 'j_per_output_token';
  y_metric: string;
  y_better: Better;
  /** Frontier points in order of J/output token (best first). */
  frontier: { config_hash: string; label: string; x: number; y: number }[];
}

/** One configuration's means over its valid cycles in this scope. */
export interface ConfigurationPoint {
  config_hash: string;
  label: string;
  factors: Record<string, unknown>;
  cycles_valid: number;
  /** Metric name → mean over valid cycles (null when not reported). */
  means: Record<string, number | null>;
}

/** The analysis of one energy scope. */
export interface ScopeAnalysis {
  /** Energy scope of the headline figures; null for runs without energy figures. */
  scope: string | null;
  /** The factor ranking in one sentence. */
  headline: string;
  runs_included: number;
  configurations: ConfigurationPoint[];
  metrics: MetricAnalysis[];
  pareto: ParetoFront[];
  /** Estimate scope with nearly constant mean power: energy differences only mirror throughput. */
  energy_reflects_throughput_only: boolean;
  limitations: string[];
}

/** Settings of one scope's analysis. */
export interface ScopeSettings {
  confidence: number;
  resamples: number;
  seed: string;
  /** Row in the factor table of the requested reference, or null for the first. */
  referenceRow: number | null;
  constantPowerCv: number;
}

/** Analyses the included records of one scope. */
export function analyseScope(
  scope: string | null,
  records: readonly ResultRecord[],
  table: FactorTable,
  settings: ScopeSettings,
): ScopeAnalysis {
  const limitations: string[] = [];
  const metrics: MetricAnalysis[] = [];
  const cellsByMetric = new Map<string, Cell[]>();
  for (const metric of ANALYSED_METRICS) {
    const cells = buildCells(records, table, metric.pick);
    if (cells.length === 0) continue;
    cellsByMetric.set(metric.name, cells);
    metrics.push(analyseMetric(metric, cells, table, settings, scope, limitations));
  }
  const configurations = configurationPoints(records, table);
  const headlineMetric = metrics[0];
  const headline = headlineMetric
    ? rankingSentence(headlineMetric.factors, headlineMetric.label, headlineMetric.better, scope)
    : `No metric was reported by the valid runs (${scope ?? 'no energy'} scope).`;
  if (headlineMetric) limitations.unshift(...designLimitations(headlineMetric));
  if (!cellsByMetric.has('j_per_output_token'))
    limitations.push(
      'These runs have no energy per output token, so the answer ranks factors on throughput and latency.',
    );
  const throughputOnly = scope === 'estimate' && powerIsConstant(configurations, settings.constantPowerCv);
  if (throughputOnly) {
    const spread = cv(configurations.map((c) => c.means.mean_power_w ?? Number.NaN));
    limitations.push(
      `Energy is the labelled estimate (CPU utilisation × TDP) and its mean power varies by only ${fmt(spread * 100, 2)} % across configurations, so differences in J/output token reflect throughput differences only.`,
    );
  }
  return {
    scope,
    headline,
    runs_included: records.length,
    configurations,
    metrics,
    pareto: paretoFronts(cellsByMetric),
    energy_reflects_throughput_only: throughputOnly,
    limitations,
  };
}

function analyseMetric(
  metric: AnalysedMetric,
  cells: Cell[],
  table: FactorTable,
  settings: ScopeSettings,
  scope: string | null,
  limitations: string[],
): MetricAnalysis {
  const sweptIdx = table.factors
    .map((_, f) => f)
    .filter((f) => new Set(cells.map((c) => c.levels[f])).size >= 2);
  const rng = createRng(`${settings.seed}:${scope ?? 'none'}:${metric.name}`);
  const resamples = resampleCellMeans(
    cells.map((c) => c.values),
    settings.resamples,
    rng,
  );
  const design: DesignCheck =
    sweptIdx.length === 0
      ? { factorial: false, reason: 'no factor varies' }
      : checkFactorial(cells, sweptIdx);
  const factorial = design.factorial ? factorialAnova(cells, sweptIdx, design.replicates) : null;
  const factors = mainEffects({
    cells,
    factorNames: table.factors,
    swept: sweptIdx,
    levelOrder: table.levels,
    resamples,
    factorial,
    confidence: settings.confidence,
  });
  let referenceIndex =
    settings.referenceRow === null ? 0 : cells.findIndex((c) => c.row === settings.referenceRow);
  if (referenceIndex < 0) {
    referenceIndex = 0;
    limitations.push(
      `The reference configuration ${table.rows[settings.referenceRow!]!.label} has no valid ${metric.label} in this scope, so ${metric.label} comparisons use ${cells[0]!.label} instead.`,
    );
  }
  const reference = cells[referenceIndex]!;
  const ns = cells.map((c) => c.values.length);
  return {
    metric: metric.name,
    label: metric.label,
    better: metric.better,
    design: {
      swept: sweptIdx.map((f) => table.factors[f]!),
      configurations: cells.length,
      factorial: design.factorial,
      replicates: Math.min(...ns) === Math.max(...ns) ? ns[0]! : null,
      reason: design.factorial ? null : design.reason,
      single_cycle: ns.filter((n) => n === 1).length,
      cycles_min: Math.min(...ns),
    },
    factors,
    interactions: factorial ? interactionsOf(factorial, table.factors, settings.confidence) : [],
    reference: { config_hash: reference.config_hash, label: reference.label },
    comparisons: compareWithReference(cells, resamples, referenceIndex, settings.confidence),
  };
}

/** The sentences on what the design of the headline metric allows. */
function designLimitations(m: MetricAnalysis): string[] {
  const out: string[] = [];
  const d = m.design;
  if (d.configurations === 1)
    out.push('Only one configuration has valid runs, so there is nothing to compare.');
  if (d.replicates === 1) {
    out.push(
      'Every configuration has one valid cycle, so no confidence intervals or tests are given; run at least 2 cycles (3 or more recommended).',
    );
  } else if (d.single_cycle > 0) {
    out.push(
      `${d.single_cycle} configuration(s) have one valid cycle: intervals and tests that involve them are omitted.`,
    );
  }
  if (d.cycles_min === 2) {
    out.push(
      'With 2 valid cycles in a configuration the bootstrap intervals run narrow (about 90 % coverage for a nominal 95 % in synthetic checks; the Welch and F tests are not affected): use 3 or more cycles.',
    );
  }
  if (d.swept.length >= 1 && !d.factorial && d.reason !== 'no factor varies') {
    out.push(
      `The design is not a balanced full factorial (${d.reason}), so each factor's share of variance is its one-way η², which can absorb the effects of factors varied with it, and interactions are not tested.`,
    );
  } else if (d.factorial && d.swept.length >= 2 && d.replicates === 1) {
    out.push('Interactions need at least 2 valid cycles per configuration, so they are not tested.');
  }
  if (d.factorial && d.swept.length >= 2)
    out.push(
      'Partial η² of different factors do not add up to 1: each compares one factor with the residual noise.',
    );
  if (m.comparisons.length > 1)
    out.push(
      `The ${m.comparisons.length} comparisons with the reference are not corrected for multiple testing; expect about 1 in 20 to look significant by chance when nothing differs.`,
    );
  return out;
}

function configurationPoints(records: readonly ResultRecord[], table: FactorTable): ConfigurationPoint[] {
  const extra: AnalysedMetric = {
    name: 'mean_power_w',
    label: 'mean power (W)',
    better: 'lower',
    pick: (r) => r.metrics?.mean_power_w,
  };
  const byHash = new Map<string, ResultRecord[]>();
  for (const r of records) byHash.set(r.config_hash, [...(byHash.get(r.config_hash) ?? []), r]);
  return table.rows
    .filter((row) => byHash.has(row.config_hash))
    .map((row) => {
      const mine = byHash.get(row.config_hash)!;
      const means: Record<string, number | null> = {};
      for (const m of [...ANALYSED_METRICS, extra]) {
        const xs = mine.map(m.pick).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
        means[m.name] = xs.length === 0 ? null : finite(xs.reduce((a, b) => a + b, 0) / xs.length);
      }
      return {
        config_hash: row.config_hash,
        label: row.label,
        factors: row.values,
        cycles_valid: mine.length,
        means,
      };
    });
}

function powerIsConstant(points: readonly ConfigurationPoint[], threshold: number): boolean {
  const power = points.map((p) => p.means.mean_power_w).filter((x): x is number => x !== null);
  return points.length >= 2 && power.length === points.length && cv(power) < threshold;
}

function paretoFronts(cellsByMetric: Map<string, Cell[]>): ParetoFront[] {
  const energy = cellsByMetric.get('j_per_output_token');
  if (energy === undefined) return [];
  const out: ParetoFront[] = [];
  for (const other of ANALYSED_METRICS.slice(1)) {
    const cells = cellsByMetric.get(other.name);
    if (cells === undefined) continue;
    const yOf = new Map(cells.map((c) => [c.config_hash, meanOf(c.values)]));
    const points = energy
      .filter((c) => yOf.has(c.config_hash))
      .map((c) => ({
        config_hash: c.config_hash,
        label: c.label,
        x: meanOf(c.values),
        y: yOf.get(c.config_hash)!,
      }));
    const frontier = paretoFrontier(points, 'lower', other.better).map((i) => points[i]!);
    frontier.sort((a, b) => a.x - b.x);
    out.push({ x_metric: 'j_per_output_token', y_metric: other.name, y_better: other.better, frontier });
  }
  return out;
}

function meanOf(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
