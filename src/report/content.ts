// The report's content as data (pure): sections of paragraphs, tables and chart slots, built once
// and written out twice, as HTML and as Markdown, so the two files always say the same thing.
import type { Aggregate, ConfigurationSummary } from '../analysis/aggregate.js';
import type { Analysis } from '../analysis/analyse.js';
import type { ScopeAnalysis } from '../analysis/scope.js';
import { fmt } from '../analysis/sentences.js';
import type { Summary } from '../core/stats.js';
import { rankingChart } from './charts.js';
import { timeseriesChart, timeseriesFields } from './charts-telemetry.js';
import { comparisonSection, effectsSection, interactionSection, paretoSection } from './content-effects.js';
import { environmentSection, methodologySection, qualitySections } from './content-quality.js';
import type { Block, ReportContent, Section } from './content-types.js';
import type { ReportInput } from './types.js';

/** `mean ± half-width` of a Student-t interval (just the mean for one cycle). */
export function withCi(s: Summary | undefined): string {
  if (s === undefined) return '—';
  const half = (s.ci95_high - s.ci95_low) / 2;
  // No-break spaces: a figure and its interval stay together when a narrow page wraps the cell.
  return Number.isFinite(half) ? `${fmt(s.mean)}\u00a0±\u00a0${fmt(half, 2)}` : fmt(s.mean);
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
      (j?.n ?? 0) >= 2 ? `${fmt(j!.cv * 100, 2)}\u00a0%` : '—',
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
