// `llem report` end to end: a tiny-model 2 × 2 study through the built CLI, its report, and the
// page opened from file:// in real headless Chromium (Debian's `chromium`, driven by
// playwright-core): no console error, no request but the file itself, every chart drawn with axes
// and labels, and a screenshot kept in test-results/ for a person to look at.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { compileFakeNvml, writeFakeScript } from '../fixtures/fake-nvml/fake-nvml.js';
import { cliEnv, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { quickYaml } from '../helpers/study.js';

const CHROMIUM = '/usr/bin/chromium';

const STUDY = `name: report-e2e
${quickYaml(20)}sweep:
  llamacpp.sequences: [1, 2]
  max_output_tokens: [8, 16]
`;

interface ChartCheck {
  id: string;
  width: number;
  axes: number;
  axisTitles: string[];
  axisLabels: number;
  marks: number;
}

describe('llem report (built CLI, tiny-model study, headless Chromium)', () => {
  it('writes a self-contained report that opens from file:// with no error and no request, every chart with axes and labels', async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing: this test drives Debian's chromium with playwright-core. Install it with \`apt-get install -y chromium\` (CI does this in .ci/run).`,
      );
    const dir = tempDir();
    writeFileSync(join(dir, 'study.yaml'), STUDY);
    // One stand-in GPU (the C libnvidia-ml stand-in, real binding): the report then has a gpu scope
    // and telemetry with power, temperature and SM clock, as on a GPU machine.
    const script = writeFakeScript(
      'count 1\nname * NVIDIA H200\npower_limit_mw * 700000\npower 0 0:150 5:320 10:180 60:300\ntemperature * 0:45 60:70\nsm_clock_mhz * 1980\nprocesses 0 self\n',
    );
    const env = cliEnv({
      LLEM_LOCK_DIR: tempDir('llem-locks-'),
      LLEM_NVML_LIB: compileFakeNvml(),
      LLEM_FAKE_NVML_SCRIPT: script,
    });
    const run = await runCli(['run', 'study.yaml', '--no-gaps', '--cycles', '2', '--plain', '-o', 'out'], {
      cwd: dir,
      env,
      timeoutMs: 240_000,
    });
    expect(run.code, run.stderr).toBe(0);
    // The end-of-study summary names the top factors, one line each.
    expect(run.stderr).toMatch(
      /what matters most for J\/output token \(gpu scope\):\n {2}1\. \S+ +(partial )?η² /,
    );
    const studyDir = join(
      dir,
      'out',
      readdirSync(join(dir, 'out')).find((n) => n.startsWith('report-e2e-'))!,
    );

    const rep = await runCli(['report', studyDir], { cwd: dir, env });
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stdout).toMatch(/matters most for J\/output token/);
    expect(rep.stdout).toContain(join(studyDir, 'report.html'));
    const html = readFileSync(join(studyDir, 'report.html'), 'utf8');
    expect(readFileSync(join(studyDir, 'report.md'), 'utf8')).toMatch(/^# Study report: report-e2e/);

    const bad = await runCli(['report', studyDir, '--reference', 'no-such-config'], { cwd: dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/reference configuration "no-such-config" matches no configuration/);
    const notStudy = await runCli(['report', dir], { cwd: dir, env });
    expect(notStudy.code).toBe(2);
    expect(notStudy.stderr).toMatch(/not a study folder \(no plan\.json\)/);

    const url = pathToFileURL(join(studyDir, 'report.html')).href;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(url, { waitUntil: 'load' });
      const charts: ChartCheck[] = await page.$$eval('figure.chart', (figs) =>
        figs.map((f) => {
          const svg = f.querySelector('svg');
          return {
            id: f.id,
            width: svg?.getBoundingClientRect().width ?? 0,
            axes: svg?.querySelectorAll('g.role-axis').length ?? 0,
            axisTitles: [...(svg?.querySelectorAll('g.role-axis-title text') ?? [])].map(
              (t) => t.textContent ?? '',
            ),
            axisLabels: svg?.querySelectorAll('g.role-axis-label text').length ?? 0,
            marks:
              svg?.querySelectorAll(
                'g.mark-symbol path, g.mark-line path, g.mark-rect path, g.mark-rule line',
              ).length ?? 0,
          };
        }),
      );
      const dir = join(ROOT, 'test-results');
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, 'report-e2e.png'), fullPage: true });

      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
      // ranking; 4 metrics × 2 factors; 3 Pareto fronts; power, temperature and SM clock of 4 runs
      expect(charts.length).toBeGreaterThanOrEqual(1 + 8 + 3 + 12);
      for (const field of ['power_w', 'temperature_c', 'sm_clock_mhz'])
        expect(charts.filter((c) => c.id.endsWith(field)).length, field).toBe(4);
      expect(charts.length).toBe((html.match(/<figure /g) ?? []).length);
      for (const c of charts) {
        expect(c.width, c.id).toBeGreaterThan(100);
        expect(c.axes, `${c.id}: x and y axes`).toBeGreaterThanOrEqual(2);
        expect(
          c.axisTitles.filter((t) => t.trim() !== '').length,
          `${c.id}: axis titles`,
        ).toBeGreaterThanOrEqual(c.id === 'chart-ranking' ? 1 : 2);
        expect(c.axisLabels, `${c.id}: tick labels`).toBeGreaterThan(2);
        expect(c.marks, `${c.id}: data drawn`).toBeGreaterThan(0);
      }
      expect(existsSync(join(dir, 'report-e2e.png'))).toBe(true);
    } finally {
      await browser.close();
    }

    // A damaged telemetry file costs its charts, not the report, and the report names it.
    const series = join(
      studyDir,
      'runs',
      readdirSync(join(studyDir, 'runs')).sort()[0]!,
      'cycle-1',
      'timeseries.parquet',
    );
    writeFileSync(series, 'not parquet');
    const other = join(dir, 'elsewhere');
    const again = await runCli(['report', studyDir, '--out', other], { cwd: dir, env });
    expect(again.code, again.stderr).toBe(0);
    const html2 = readFileSync(join(other, 'report.html'), 'utf8');
    expect(html2).toMatch(/Telemetry not drawn: cannot read the telemetry \S+timeseries\.parquet/);
    expect(existsSync(join(other, 'report.md'))).toBe(true);
  }, 300_000);
});
