// Vega-Lite specs of the report's charts (pure: analysis → spec objects). Rendering to SVG is in
// `svg.ts`; every chart names its axes with units, so a chart read on its own still says what it shows.
import type { FactorEffect } from '../analysis/effects.js';
import type { ConfigurationPoint, MetricAnalysis, ParetoFront } from '../analysis/scope.js';

/** A chart of the report: its anchor id, caption and Vega-Lite spec. */
export interface ChartSpec {
  id: string;
  title: string;
  caption: string;
  spec: Record<string, unknown>;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
const INK = '#1f2933';
const ACCENT = '#2b6cb0';
const MUTED = '#9aa5b1';

/** Shared look: quiet grid, readable labels, no chart border. */
const CONFIG = {
  font: FONT,
  background: 'white',
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    titleColor: INK,
    labelColor: INK,
    gridColor: '#e4e7eb',
    domainColor: MUTED,
    tickColor: MUTED,
    labelLimit: 180,
  },
  legend: { labelFontSize: 11, titleFontSize: 11, titleColor: INK, labelColor: INK },
  title: { fontSize: 13, color: INK, anchor: 'start', fontWeight: 600 },
};

/** The frame every chart shares: schema, size, inline data and the report's look. */
export function base(width: number, height: number, data: unknown[]): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height,
    data: { values: data },
    config: CONFIG,
  };
}

/** Short axis titles of the analysed metrics (units in brackets); long labels overflow a chart's height. */
const SHORT: Record<string, string> = {
  j_per_output_token: 'J/output token',
  output_tokens_per_s: 'output tokens/s',
  ttft_queued_p99_ms: 'p99 TTFT (ms)',
  e2e_queued_p99_ms: 'p99 end-to-end (ms)',
};

/** The axis title of a metric. */
export function axisTitle(metric: string, label: string): string {
  return SHORT[metric] ?? label;
}

const shareOf = (e: FactorEffect) =>
  (e.share_basis === 'partial_eta_squared' ? e.partial_eta_squared : e.eta_squared) ?? 0;

/** The headline chart: each factor's share of variance of the headline metric, ranked. */
export function rankingChart(m: MetricAnalysis): ChartSpec {
  const basis = m.factors[0]?.share_basis === 'partial_eta_squared' ? 'partial η²' : 'η²';
  const data = m.factors.map((e) => ({
    factor: e.factor,
    share: shareOf(e),
    label: `${shareOf(e).toFixed(2)}${e.ratio === null ? '' : ` · ${e.ratio.toPrecision(3)}×`}${e.significant === false ? ' (n.s.)' : ''}`,
    significant: e.significant === false ? 'not significant' : 'significant',
  }));
  const spec = {
    ...base(460, Math.max(40, 28 * data.length), data),
    encoding: {
      y: { field: 'factor', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } },
      x: {
        field: 'share',
        type: 'quantitative',
        scale: { domain: [0, 1] },
        title: `share of variance of ${m.label} (${basis})`,
      },
    },
    layer: [
      {
        mark: { type: 'bar', height: 18 },
        encoding: {
          color: {
            field: 'significant',
            type: 'nominal',
            scale: { domain: ['significant', 'not significant'], range: [ACCENT, MUTED] },
            legend: { orient: 'bottom', title: null },
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, color: INK, fontSize: 11 },
        encoding: { text: { field: 'label' } },
      },
    ],
  };
  return {
    id: 'chart-ranking',
    title: `Which factors matter most for ${m.label}`,
    caption: `Share of the variance of ${m.label} each factor explains (${basis}), ranked; the label adds the ratio between its highest and lowest level means. Grey bars are not significant.`,
    spec,
  };
}

/** One factor's level means of a metric with their bootstrap intervals. */
export function effectChart(m: MetricAnalysis, e: FactorEffect, confidence: number): ChartSpec {
  const data = e.levels.map((l) => ({
    level: l.level,
    mean: l.mean,
    low: l.ci_low ?? l.mean,
    high: l.ci_high ?? l.mean,
    n: l.n,
  }));
  const pct = Math.round(confidence * 100);
  const spec = {
    ...base(240, 170, data),
    encoding: {
      x: { field: 'level', type: 'ordinal', sort: null, title: e.factor, axis: { labelAngle: 0 } },
    },
    layer: [
      {
        mark: { type: 'rule', color: ACCENT, strokeWidth: 2 },
        encoding: {
          y: {
            field: 'low',
            type: 'quantitative',
            title: axisTitle(m.metric, m.label),
            scale: { zero: false },
          },
          y2: { field: 'high' },
        },
      },
      {
        mark: { type: 'line', color: MUTED, strokeDash: [4, 3] },
        encoding: { y: { field: 'mean', type: 'quantitative' } },
      },
      {
        mark: { type: 'point', filled: true, size: 70, color: ACCENT },
        encoding: { y: { field: 'mean', type: 'quantitative' } },
      },
    ],
  };
  return {
    id: `chart-effect-${m.metric}-${slugOf(e.factor)}`,
    title: `${e.factor} → ${m.label}`,
    caption: `Mean ${m.label} at each level of ${e.factor} (averaged over the other factors) with ${pct} % bootstrap intervals.`,
    spec,
  };
}

/** Cell means of a metric over two factors: one line per level of the second. */
export function interactionChart(
  m: MetricAnalysis,
  pair: [string, string],
  points: readonly ConfigurationPoint[],
  levelOrder: Record<string, string[]>,
): ChartSpec {
  const [a, b] = pair;
  const sums = new Map<string, { a: string; b: string; sum: number; n: number }>();
  for (const p of points) {
    const y = p.means[m.metric];
    if (y === null || y === undefined) continue;
    const la = levelText(p.factors[a]);
    const lb = levelText(p.factors[b]);
    const key = `${la}\u0000${lb}`;
    const cur = sums.get(key) ?? { a: la, b: lb, sum: 0, n: 0 };
    cur.sum += y;
    cur.n += 1;
    sums.set(key, cur);
  }
  const data = [...sums.values()].map((c) => ({ a: c.a, b: c.b, mean: c.sum / c.n }));
  const spec = {
    ...base(240, 170, data),
    mark: { type: 'line', point: { filled: true, size: 50 } },
    encoding: {
      x: { field: 'a', type: 'ordinal', sort: levelOrder[a] ?? null, title: a, axis: { labelAngle: 0 } },
      y: { field: 'mean', type: 'quantitative', title: axisTitle(m.metric, m.label), scale: { zero: false } },
      color: {
        field: 'b',
        type: 'ordinal',
        sort: levelOrder[b] ?? null,
        title: b,
        scale: { scheme: 'tableau10' },
      },
    },
  };
  return {
    id: `chart-interaction-${slugOf(a)}-${slugOf(b)}`,
    title: `${a} × ${b} → ${m.label}`,
    caption: `Mean ${m.label} for each combination of ${a} and ${b}; lines that are not parallel show an interaction.`,
    spec,
  };
}

/** Every configuration of J/output token against another metric, the frontier joined and marked. */
export function paretoChart(
  front: ParetoFront,
  points: readonly ConfigurationPoint[],
  yLabel: string,
): ChartSpec {
  const onFront = new Set(front.frontier.map((p) => p.config_hash));
  const data = points
    .filter(
      (p) => typeof p.means.j_per_output_token === 'number' && typeof p.means[front.y_metric] === 'number',
    )
    .map((p) => ({
      label: p.label,
      x: p.means.j_per_output_token,
      y: p.means[front.y_metric],
      kind: onFront.has(p.config_hash) ? 'Pareto frontier' : 'dominated',
    }));
  const frontier = front.frontier.map((p, i) => ({ x: p.x, y: p.y, order: i }));
  // Text marks do not avoid each other: beyond a dozen points the names go to the list under the charts.
  const labelled = data.length <= 12 ? data : [];
  const spec = {
    ...base(300, 220, data),
    layer: [
      {
        data: { values: frontier },
        mark: { type: 'line', color: ACCENT, strokeWidth: 1.5, interpolate: 'step-after' },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
          order: { field: 'order' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: data.length > 100 ? 25 : 60, opacity: 0.85 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'J/output token', scale: { zero: false } },
          y: {
            field: 'y',
            type: 'quantitative',
            title: axisTitle(front.y_metric, yLabel),
            scale: { zero: false },
          },
          color: {
            field: 'kind',
            type: 'nominal',
            scale: { domain: ['Pareto frontier', 'dominated'], range: [ACCENT, MUTED] },
            legend: { orient: 'bottom', title: null },
          },
        },
      },
      {
        data: { values: labelled },
        mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 10, color: INK },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
          text: { field: 'label' },
        },
      },
    ],
  };
  return {
    id: `chart-pareto-${front.y_metric}`,
    title: `Trade-off: J/output token vs ${yLabel}`,
    caption: `Each point is a configuration's mean over its valid cycles; lower J/output token and ${front.y_better} ${yLabel} are better. The blue points form the Pareto frontier: no other configuration is better on both.`,
    spec,
  };
}

function levelText(v: unknown): string {
  if (v === undefined || v === null) return '(not set)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** An id-safe form of a name (anchors in the HTML). */
export function slugOf(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  );
}
