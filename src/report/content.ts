// The report's content as data (pure): sections of paragraphs, tables and chart slots, built once
// and written out twice, as HTML and as Markdown, so the two files always say the same thing.
import type { Aggregate, ConfigurationSummary } from '../analysis/aggregate.js';
import type { Analysis } from '../analysis/analyse.js';
import type { MetricAnalysis, ScopeAnalysis } from '../analysis/scope.js';
import { fmt } from '../analysis/sentences.js';
import type { Summary } from '../core/stats.js';
import {
  type ChartSpec,
  effectChart,
  interactionChart,
  paretoChart,
  rankingChart,
  timeseriesChart,
  timeseriesFields,
} from './charts.js';
import { environmentSection, methodologySection, qualitySections } from './content-quality.js';
import type { ReportInput } from './types.js';

/** A piece of a section. */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'callout'; tone: 'warn' | 'info'; text: string }
  | { kind: 'list'; items: string[] }
  | {
      kind: 'table';
      head: string[];
      rows: string[][];
      /** Per column: numbers align right. */
      numeric: boolean[];
      /** Per row: a class that marks it (`invalid`, `reference`, `front`), or null. */
      marks?: (string | null)[];
    }
  | { kind: 'charts'; charts: ChartSpec[] };

/** A section of the report. */
export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

/** The whole report as data. */
export interface ReportContent {
  title: string;
  /** Lines under the title: study hash, folder, date. */
  meta: string[];
  headline: string;
  sections: Section[];
}

/** Labels of the analysed metrics in charts (units in words). */
const AXIS_LABEL: Record<string, string> = {
  output_tokens_per_s: 'output tokens/s',
  ttft_queued_p99_ms: 'p99 TTFT, queue included (ms)',
  e2e_queued_p99_ms: 'p99 end-to-end latency (ms)',
};

/** Most interaction charts drawn (the strongest first); the table lists every pair. */
const MAX_INTERACTIONS = 6;

/** `mean ± half-width` of a Student-t interval (just the mean for one cycle). */
export function withCi(s: Summary | undefined): string {
  if (s === undefined) return '—';
  const half = (s.ci95_high - s.ci95_low) / 2;
  return Number.isFinite(half) ? `${fmt(s.mean)} ± ${fmt(half, 2)}` : fmt(s.mean);
}

/** Builds the report's content from its input, the analysis and the per-configuration aggregates. */
export function buildContent(
  input: ReportInput,
  analysis: Analysis,
  agg: Aggregate,
  generatedAt: string,
): ReportContent {
  const head = analysis.scopes[0];
  const sections: Section[] = [answerSection(analysis, head), configurationSection(agg, analysis, head)];
  if (head) {
    sections.push(effectsSection(head, analysis.confidence));
    const inter = interactionSection(head, input);
    if (inter) sections.push(inter);
    sections.push(paretoSection(head), comparisonSection(head));
    for (const other of analysis.scopes.slice(1)) sections.push(otherScopeSection(other));
  }
  sections.push(timeseriesSection(input));
  sections.push(...qualitySections(input, analysis, agg));
  sections.push(environmentSection(input), methodologySection(input, analysis));
  return {
    title: `Study report: ${input.study.name}`,
    meta: [
      `study ${input.study.study_hash.slice(0, 12)}`,
      ...(input.study.dir ? [input.study.dir] : []),
      `${input.experiments.length} configurations, ${input.records.length} runs (${analysis.runs.included} included, ${analysis.runs.excluded} excluded)`,
      `generated ${generatedAt}`,
    ],
    headline: analysis.headline,
    sections,
  };
}

function answerSection(analysis: Analysis, head: ScopeAnalysis | undefined): Section {
  // The headline sentence itself stands above every section (the page's first answer).
  const blocks: Block[] = [];
  if (head?.energy_reflects_throughput_only)
    blocks.push({
      kind: 'callout',
      tone: 'warn',
      text: 'Energy here is the labelled estimate with nearly constant power: differences in J/output token reflect throughput only, not a measured difference in power.',
    });
  const metric = head?.metrics[0];
  if (metric && metric.factors.length > 0) blocks.push({ kind: 'charts', charts: [rankingChart(metric)] });
  if (analysis.limitations.length > 0)
    blocks.push(
      { kind: 'paragraph', text: 'What limits this answer:' },
      { kind: 'list', items: analysis.limitations },
    );
  return { id: 'answer', title: 'The answer', blocks };
}

function validityCell(c: ConfigurationSummary): string {
  if (c.cycles_planned > 0 && c.cycles_valid === 0) return 'NOT VALID: no valid cycle';
  const parts = [];
  if (c.cycles_excluded > 0) parts.push(`${c.cycles_excluded} excluded`);
  if (c.cycles_failed > 0) parts.push(`${c.cycles_failed} failed`);
  if (c.cycles_interrupted > 0) parts.push(`${c.cycles_interrupted} interrupted`);
  return parts.length === 0 ? 'valid' : `valid (${parts.join(', ')})`;
}

function configurationSection(agg: Aggregate, analysis: Analysis, head: ScopeAnalysis | undefined): Section {
  const front = new Set(head?.pareto.flatMap((p) => p.frontier.map((f) => f.config_hash)) ?? []);
  const reference = head?.metrics[0]?.reference?.config_hash;
  const rows = agg.configurations.map((c) => {
    const none = c.cycles_planned > 0 && c.cycles_valid === 0;
    const j = c.metrics.j_per_output_token;
    return [
      String(c.experiment),
      `${c.slug}${c.config_hash === reference ? ' (reference)' : ''}${front.has(c.config_hash) ? ' ★' : ''}`,
      `${c.cycles_valid}/${c.cycles_planned}`,
      none ? 'no valid cycle' : withCi(j),
      (j?.n ?? 0) >= 2 ? `${fmt(j!.cv * 100, 2)} %` : '—',
      none ? '—' : withCi(c.metrics.output_tokens_per_s),
      none ? '—' : fmt(c.metrics.ttft_queued_p99_ms?.mean ?? null),
      none ? '—' : fmt(c.metrics.mean_power_w?.mean ?? null),
      c.energy_scope ?? '—',
      validityCell(c),
    ];
  });
  const marks = agg.configurations.map((c) =>
    c.cycles_planned > 0 && c.cycles_valid === 0
      ? 'invalid'
      : c.config_hash === reference
        ? 'reference'
        : null,
  );
  const pct = Math.round(analysis.confidence * 100);
  return {
    id: 'configurations',
    title: 'Configurations',
    blocks: [
      {
        kind: 'paragraph',
        text: `Means over valid cycles only (± half-width of the ${pct} % Student-t interval of the mean): output tokens/s, p99 time to first token with the queue included, mean power of the energy scope. ★ marks configurations on a Pareto frontier. A configuration without a valid cycle shows no figures.`,
      },
      {
        kind: 'table',
        head: [
          '#',
          'configuration',
          'valid/planned',
          'J/output token',
          'CV',
          'tokens/s',
          'p99 TTFT (ms)',
          'power (W)',
          'scope',
          'validity',
        ],
        rows,
        numeric: [true, false, true, true, true, true, true, true, false, false],
        marks,
      },
    ],
  };
}

function effectsSection(head: ScopeAnalysis, confidence: number): Section {
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

function interactionSection(head: ScopeAnalysis, input: ReportInput): Section | null {
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

function paretoSection(head: ScopeAnalysis): Section {
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

function comparisonSection(head: ScopeAnalysis): Section {
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

function otherScopeSection(s: ScopeAnalysis): Section {
  return {
    id: `scope-${s.scope ?? 'none'}`,
    title: `The ${s.scope ?? 'no-energy'} scope`,
    blocks: [
      { kind: 'paragraph', text: s.headline },
      ...(s.limitations.length > 0 ? [{ kind: 'list' as const, items: s.limitations }] : []),
    ],
  };
}

function timeseriesSection(input: ReportInput): Section {
  const ts = input.timeseries;
  const title = 'Power, temperature and clocks';
  const blocks: Block[] = [];
  if (!ts || ts.runs.length === 0) {
    blocks.push({ kind: 'paragraph', text: 'No run of this study has a telemetry time series to draw.' });
  } else {
    blocks.push({
      kind: 'paragraph',
      text: `Telemetry of each run's measurement window (timeseries.parquet; time from the window start), downsampled for drawing. One row per run.${ts.omitted > 0 ? ` ${ts.omitted} more runs are not drawn; their samples are in their timeseries.parquet.` : ''}`,
    });
    for (const run of ts.runs)
      blocks.push({ kind: 'charts', charts: timeseriesFields(run).map((f) => timeseriesChart(run, f)) });
  }
  if (ts?.unreadable && ts.unreadable.length > 0)
    blocks.push({ kind: 'callout', tone: 'warn', text: `Telemetry not drawn: ${ts.unreadable.join('; ')}` });
  return { id: 'telemetry', title, blocks };
}
