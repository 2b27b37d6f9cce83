// The report renderers on synthetic studies with a planted truth: what the page says first, that
// every chart is a real SVG with axes and titles, that invalid figures never look ok, and that
// the page loads nothing.
import { describe, expect, it } from 'vitest';
import { invalidate, type Levels, syntheticStudy } from '../../test/helpers/synthetic-records.js';
import { topFactorLines } from './factor-lines.js';
import { downsample } from './load.js';
import { renderReport } from './render.js';
import type { ReportInput } from './types.js';

const threads = (l: Levels) => l['llamacpp.threads'] as number;

/** threads triples J/token from 1 to 8 threads; sequences does nothing. */
function input(cycles = 3, invalidHash?: (hash: string) => boolean): ReportInput {
  const s = syntheticStudy({
    factors: { 'llamacpp.threads': [1, 2, 8], 'llamacpp.sequences': [1, 4] },
    cycles,
    seed: 7,
    jPerToken: (l) => 0.01 * threads(l),
    tokensPerS: (l) => 400 / Math.sqrt(threads(l)),
  });
  const records = s.records.map((r) => (invalidHash?.(r.config_hash) ? invalidate(r) : r));
  return {
    study: {
      name: 'synthetic',
      study_hash: 'f'.repeat(64),
      execution: { n_cycles: cycles, order: 'shuffled' },
    },
    experiments: s.experiments.map((e, i) => ({ ...e, index: i + 1, cycles })),
    records,
    environment: { host: 'test-host', cpu_model: 'Test CPU', logical_cpus: 2, gpus: [] },
    timeseries: {
      runs: [
        {
          config_hash: s.experiments[0]!.config_hash,
          label: s.experiments[0]!.slug!,
          cycle: 1,
          samples: 40,
          points: Array.from({ length: 40 }, (_, i) => ({
            t_s: i * 0.05,
            device: 'gpu0',
            power_w: 200 + 10 * Math.sin(i),
            temperature_c: 60 + i / 10,
            sm_clock_mhz: null,
          })),
        },
      ],
      omitted: 5,
    },
  };
}

/** The inline SVGs of the page, by the id of their figure. */
function figures(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<figure id="([^"]+)" class="chart">([\s\S]*?)<\/figure>/g))
    out.set(m[1]!, m[2]!);
  return out;
}

describe('renderReport', () => {
  it('answers first: the headline names the planted factor, before the configuration table, with a ranking chart', async () => {
    const r = await renderReport(input(), { generatedAt: '2026-01-01T00:00:00Z', resamples: 200 });
    expect(r.analysis.headline).toMatch(/^llamacpp\.threads matters most for J\/output token/);
    const headline = r.html.indexOf(r.analysis.headline.replace(/×/g, '×').slice(0, 40));
    expect(headline).toBeGreaterThan(0);
    expect(headline).toBeLessThan(r.html.indexOf('id="configurations"'));
    expect(r.html.indexOf('id="chart-ranking"')).toBeLessThan(r.html.indexOf('id="configurations"'));
    expect(r.markdown.indexOf(r.analysis.headline)).toBeLessThan(r.markdown.indexOf('## Configurations'));
  });

  it('draws every chart as inline SVG with axes, axis titles and a label, and loads nothing', async () => {
    const r = await renderReport(input(), { generatedAt: '2026-01-01T00:00:00Z', resamples: 200 });
    const figs = figures(r.html);
    expect(figs.size).toBe(r.charts);
    // ranking, 4 metrics × 2 factors, 1 interaction, 3 Pareto fronts, power + temperature of one run
    expect(r.charts).toBe(1 + 8 + 1 + 3 + 2);
    for (const [id, fig] of figs) {
      expect(fig, id).toMatch(/^<svg role="img" aria-label="[^"]+"/);
      expect((fig.match(/role-axis"/g) ?? []).length, `${id}: two axes`).toBeGreaterThanOrEqual(2);
      expect(fig, `${id}: axis titles`).toMatch(/role-axis-title/);
      expect(fig, id).toContain('<figcaption>');
    }
    expect(figs.get('chart-ts-threads1-sequences1-c1-power_w')).toContain('power (W)');
    // Self-contained: no script, no stylesheet link, no source attribute, no remote URL but SVG namespaces.
    expect(r.html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(/i);
    const urls = [...r.html.matchAll(/https?:\/\/[^\s"')<]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(r.html).toContain("default-src 'none'");
    expect(r.html).toContain('@media print');
  });

  it('shows a configuration without a valid cycle as not valid, with no figure, and lists why its cycles were excluded', async () => {
    const s = input(3);
    const bad = s.experiments[0]!.config_hash;
    const r = await renderReport(
      input(3, (h) => h === bad),
      { generatedAt: 'x', resamples: 200 },
    );
    const row = /<tr class="invalid"><td class="num">1<\/td>([\s\S]*?)<\/tr>/.exec(r.html)?.[1];
    expect(row).toBeDefined();
    expect(row).toContain('no valid cycle');
    expect(row).toContain('NOT VALID');
    expect(row).not.toMatch(/\d\.\d+\s±/);
    // …while a valid configuration's row does show its figure with an interval.
    const table = r.html.slice(r.html.indexOf('id="configurations"'), r.html.indexOf('id="effects"'));
    expect(/<tr[^>]*><td class="num">2<\/td>([\s\S]*?)<\/tr>/.exec(table)?.[1]).toMatch(/\d\.\d+\s±\s\d/);
    const excluded = r.html.slice(r.html.indexOf('id="excluded"'), r.html.indexOf('id="warnings"'));
    expect((excluded.match(/window 2\.1 s &lt; min_window_s 10 s/g) ?? []).length).toBe(3);
    expect(r.markdown).toMatch(/\| 1 ⚠ \| threads1-sequences1 .*no valid cycle/);
  });

  it('is deterministic for the same records and time stamp, and the Markdown carries the same tables', async () => {
    const a = await renderReport(input(), { generatedAt: 't', resamples: 200 });
    const b = await renderReport(input(), { generatedAt: 't', resamples: 200 });
    expect(a.html).toBe(b.html);
    expect(a.markdown).toBe(b.markdown);
    for (const title of [
      'Configurations',
      'Main effects',
      'Interactions',
      'Trade-offs',
      'Validity checks',
      'Excluded runs',
      'Warnings',
      'Environment',
      'Methodology',
    ])
      expect(a.markdown).toContain(`## ${title}`);
    expect(a.markdown).toContain('| threads8-sequences4 |');
    expect(a.markdown).toContain('test-host');
  });

  it('a single-cycle study renders and says why it gives no intervals', async () => {
    const r = await renderReport(input(1), { generatedAt: 't', resamples: 200 });
    expect(r.html).toContain(
      'Every configuration has one valid cycle, so no confidence intervals or tests are given',
    );
    expect(r.html).not.toContain('id="interactions"');
  });
});

describe('topFactorLines', () => {
  it('one line per ranked factor, the planted one first with its best level', async () => {
    const r = await renderReport(input(), { generatedAt: 't', resamples: 200 });
    const lines = topFactorLines(r.analysis);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^1\. llamacpp\.threads\s+partial η² [01]\.\d\d\s+[\d.]+× between levels, lowest J\/output token at 1$/,
    );
    expect(lines[1]).toMatch(/^2\. llamacpp\.sequences .*not significant/);
  });
});

describe('downsample', () => {
  it('keeps at most maxPoints bucket means per device, in time order, and the mean power', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      device: i % 2 ? 'a' : 'b',
      t_ms: 999 - i,
      power_w: i % 2 ? 100 : 50,
    }));
    const pts = downsample(rows, 100);
    expect(pts.filter((p) => p.device === 'a')).toHaveLength(100);
    expect(pts.filter((p) => p.device === 'b')).toHaveLength(100);
    const a = pts.filter((p) => p.device === 'a');
    expect(a.every((p, i) => i === 0 || p.t_s > a[i - 1]!.t_s)).toBe(true);
    expect(a.every((p) => p.power_w === 100 && p.temperature_c === null)).toBe(true);
  });
});

describe('renderReport on a study without a valid run', () => {
  it('says there is nothing to analyse, shows no figure, and lists every run as excluded', async () => {
    const s = input(2, () => true);
    const r = await renderReport(s, { generatedAt: 't', resamples: 200 });
    expect(r.analysis.headline).toBe('No valid runs: nothing to analyse.');
    expect(r.html).not.toContain('id="chart-ranking"');
    expect((r.html.match(/<tr class="invalid">/g) ?? []).length).toBeGreaterThanOrEqual(6 + 12);
    expect(r.html).not.toMatch(/\d\.\d+\s±\s\d/);
    expect(r.markdown).toContain('No valid runs: nothing to analyse.');
  });
});
