// The report's sections on effects (pure): main effects with intervals, interactions, Pareto
// frontiers and comparisons against the reference, each a table and its charts.
import type { MetricAnalysis, ScopeAnalysis } from '../analysis/scope.js';
import { fmt } from '../analysis/sentences.js';
import { effectChart, interactionChart, paretoChart } from './charts.js';
import type { Block, Section } from './content-types.js';
import type { ReportInput } from './types.js';

/** Labels of the analysed metrics in charts (units in words). */
const AXIS_LABEL: Record<string, string> = {
  output_tokens_per_s: 'output tokens/s',
  ttft_queued_p99_ms: 'p99 TTFT, queue included (ms)',
  e2e_queued_p99_ms: 'p99 end-to-end latency (ms)',
};

/** Most interaction charts drawn (the strongest first); the table lists every pair. */
const MAX_INTERACTIONS = 6;

/** Main effects of every analysed metric: the ranked table and one chart per factor. */
export function effectsSection(head: ScopeAnalysis, confidence: number): Section {
  const blocks: Block[] = [];
  for (const m of head.metrics) {
    if (m.factors.length === 0) continue;
    blocks.push({ kind: 'heading', text: m.label }, { kind: 'paragraph', text: effectSummary(m) });
    blocks.push({
      kind: 'table',
      head: ['rank', 'factor', 'share of variance', 'ratio (high/low)', 'best level', 'p', 'significant'],
      rows: m.factors.map((e) => [
        String(e.rank),
        e.factor,
        `${fmt(e.share_basis === 'partial_eta_squared' ? e.partial_eta_squared : e.eta_squared, 2)} (${e.share_basis === 'partial_eta_squared' ? 'partial η²' : 'η²'})`,
        e.ratio === null ? '—' : `${fmt(e.ratio)}×`,
        m.better === 'lower' ? e.lowest_level : e.highest_level,
        e.p_value === null ? '—' : e.p_value < 1e-4 ? '< 0.0001' : fmt(e.p_value, 2),
        e.significant === null ? '—' : e.significant ? 'yes' : 'not significant',
      ]),
      numeric: [true, false, true, true, false, true, false],
    });
    blocks.push({ kind: 'charts', charts: m.factors.map((e) => effectChart(m, e, confidence)) });
  }
  return { id: 'effects', title: `Main effects (${head.scope ?? 'no energy'} scope)`, blocks };
}

function effectSummary(m: MetricAnalysis): string {
  const d = m.design;
  return `${d.configurations} configurations with a value, ${d.factorial ? `a balanced full factorial with ${d.replicates} valid cycle(s) each` : `not a balanced full factorial (${d.reason})`}.`;
}

/** Two-factor interactions of the headline metric, when the design tested them; else null. */
export function interactionSection(head: ScopeAnalysis, input: ReportInput): Section | null {
  const m = head.metrics[0];
  // Without replicates the interactions are not tested (the limitations say so): no section.
  if (!m?.interactions.some((i) => i.p_value !== null)) return null;
  const levelOrder = levelOrders(input);
  const shown = [...m.interactions]
    .sort((a, b) => (b.partial_eta_squared ?? 0) - (a.partial_eta_squared ?? 0))
    .slice(0, MAX_INTERACTIONS);
  return {
    id: 'interactions',
    title: 'Interactions',
    blocks: [
      {
        kind: 'table',
        head: ['factors', 'partial η²', 'F', 'p', 'significant'],
        rows: m.interactions.map((i) => [
          i.factors.join(' × '),
          fmt(i.partial_eta_squared, 2),
          fmt(i.f),
          i.p_value === null ? '—' : i.p_value < 1e-4 ? '< 0.0001' : fmt(i.p_value, 2),
          i.significant === null ? '—' : i.significant ? 'yes' : 'not significant',
        ]),
        numeric: [false, true, true, true, false],
      },
      {
        kind: 'charts',
        charts: shown.map((i) => interactionChart(m, i.factors, head.configurations, levelOrder)),
      },
    ],
  };
}

function levelOrders(input: ReportInput): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const names = new Set(input.experiments.flatMap((e) => Object.keys(e.factors)));
  for (const f of names) {
    const values = input.experiments.map((e) => e.factors[f]);
    const numeric = values.every((v) => typeof v === 'number');
    const uniq = [
      ...new Map(values.map((v) => [typeof v === 'string' ? v : JSON.stringify(v ?? null), v])).entries(),
    ];
    if (numeric) uniq.sort((a, b) => (a[1] as number) - (b[1] as number));
    out[f] = uniq.map(([k]) => k);
  }
  return out;
}

/** The Pareto frontiers of J/output token against throughput and latency. */
export function paretoSection(head: ScopeAnalysis): Section {
  if (head.pareto.length === 0)
    return {
      id: 'pareto',
      title: 'Trade-offs (Pareto frontiers)',
      blocks: [
        {
          kind: 'paragraph',
          text: 'No energy per output token was measured, so there is no trade-off to draw.',
        },
      ],
    };
  const label = (metric: string) => AXIS_LABEL[metric] ?? metric;
  return {
    id: 'pareto',
    title: 'Trade-offs (Pareto frontiers)',
    blocks: [
      {
        kind: 'charts',
        charts: head.pareto.map((f) => paretoChart(f, head.configurations, label(f.y_metric))),
      },
      {
        kind: 'list',
        items: head.pareto.map(
          (f) =>
            `Frontier against ${label(f.y_metric)}: ${f.frontier.map((p) => `${p.label} (${fmt(p.x)} J/token, ${fmt(p.y)})`).join('; ')}.`,
        ),
      },
    ],
  };
}

/** Every configuration against the reference, on the headline metric. */
export function comparisonSection(head: ScopeAnalysis): Section {
  const m = head.metrics[0]!;
  return {
    id: 'comparisons',
    title: `Against the reference (${m.reference?.label ?? '—'})`,
    blocks: [
      {
        kind: 'paragraph',
        text: `Each configuration's mean ${m.label} against the reference: difference with its bootstrap interval, ratio, and Welch's t-test. Choose another reference with --reference.`,
      },
      {
        kind: 'table',
        head: ['configuration', 'n', 'mean', 'difference', 'interval', 'ratio', 'p (Welch)', 'verdict'],
        rows: m.comparisons.map((c) => [
          c.label,
          String(c.n),
          fmt(c.mean),
          fmt(c.difference),
          c.ci_low === null || c.ci_high === null ? '—' : `[${fmt(c.ci_low)}, ${fmt(c.ci_high)}]`,
          c.ratio === null ? '—' : `${fmt(c.ratio)}×`,
          c.p_value === null ? '—' : c.p_value < 1e-4 ? '< 0.0001' : fmt(c.p_value, 2),
          c.verdict,
        ]),
        numeric: [false, true, true, true, true, true, true, false],
      },
    ],
  };
}
