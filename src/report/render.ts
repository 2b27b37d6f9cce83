// `renderReport`: a study's records → the analysis, the charts as inline SVG, report.html and
// report.md. Reads and writes nothing (the folder side is in `load.ts` and `write.ts`).
import { aggregate } from '../analysis/aggregate.js';
import { analyse } from '../analysis/analyse.js';
import { llemVersion } from '../version.js';
import { buildContent } from './content.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderSvg } from './svg.js';
import type { RenderedReport, RenderReportOptions, ReportInput } from './types.js';

/**
 * Renders the report of a study: the factor ranking first (one sentence and a chart), the
 * configuration table over valid cycles, main effects with intervals, interactions, Pareto
 * frontiers, comparisons against a reference, per-run telemetry, validity checks, excluded runs,
 * warnings, environment and methodology. Returns one self-contained HTML page (inline SVG charts
 * drawn with Vega-Lite, no script, no network) and the same content as Markdown.
 */
export async function renderReport(
  input: ReportInput,
  options: RenderReportOptions = {},
): Promise<RenderedReport> {
  const analysis = analyse(input.records, {
    experiments: input.experiments,
    ...(options.reference === undefined ? {} : { reference: options.reference }),
    ...(options.confidence === undefined ? {} : { confidence: options.confidence }),
    ...(options.resamples === undefined ? {} : { resamples: options.resamples }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const agg = aggregate(
    input.experiments.map((e) => ({
      index: e.index,
      config_hash: e.config_hash,
      slug: e.slug ?? e.config_hash.slice(0, 8),
      factors: e.factors,
      cycles: e.cycles,
    })),
    input.records,
  );
  const content = buildContent(input, analysis, agg, options.generatedAt ?? new Date().toISOString());
  const charts = content.sections.flatMap((s) =>
    s.blocks.flatMap((b) => (b.kind === 'charts' ? b.charts : [])),
  );
  const svgs = new Map<string, string>();
  // One at a time: vega views are cheap, and a sequence keeps peak memory flat on big studies.
  for (const c of charts) svgs.set(c.id, await renderSvg(c.spec, c.title));
  const version = llemVersion();
  return {
    html: renderHtml(content, svgs, version),
    markdown: renderMarkdown(content, version),
    analysis,
    charts: charts.length,
  };
}
