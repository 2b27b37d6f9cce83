// The report's sections on trust (pure): validity checks, excluded runs and why, warnings, the
// environment, and the methodology (what was measured, scopes, baseline, uncertainty, carbon).
import type { Aggregate } from '../analysis/aggregate.js';
import type { Analysis } from '../analysis/analyse.js';
import type { ResultRecord } from '../core/records.js';
import type { Block, Section } from './content-types.js';
import type { ReportInput } from './types.js';

/** Validity checks, excluded runs and warnings. */
export function qualitySections(input: ReportInput, analysis: Analysis, agg: Aggregate): Section[] {
  return [validitySection(input.records), excludedSection(analysis, agg), warningsSection(input.records)];
}

function validitySection(records: readonly ResultRecord[]): Section {
  const byId = new Map<string, { severity: string; passed: number; failed: number; example: string }>();
  for (const r of records)
    for (const c of r.validity?.checks ?? []) {
      const cur = byId.get(c.id) ?? { severity: c.severity, passed: 0, failed: 0, example: '' };
      if (c.passed) cur.passed++;
      else {
        cur.failed++;
        if (cur.example === '') cur.example = c.detail;
      }
      byId.set(c.id, cur);
    }
  const rows = [...byId].map(([id, c]) => [
    id,
    c.severity,
    String(c.passed),
    String(c.failed),
    c.example || '—',
  ]);
  const marks = [...byId.values()].map((c) => (c.failed > 0 && c.severity === 'error' ? 'invalid' : null));
  const blocks: Block[] =
    rows.length === 0
      ? [{ kind: 'paragraph', text: 'No run recorded validity checks.' }]
      : [
          {
            kind: 'paragraph',
            text: 'Every run records its validity checks. A failed error-severity check excludes the run from every figure above; warnings are kept but listed.',
          },
          {
            kind: 'table',
            head: ['check', 'severity', 'passed', 'failed', 'first failure'],
            rows,
            numeric: [false, false, true, true, false],
            marks,
          },
        ];
  return { id: 'validity', title: 'Validity checks', blocks };
}

function excludedSection(analysis: Analysis, agg: Aggregate): Section {
  const blocks: Block[] = [];
  if (analysis.excluded.length === 0) {
    blocks.push({
      kind: 'paragraph',
      text: 'No run was excluded: every planned run that exists ended ok and passed its error-severity checks.',
    });
  } else {
    blocks.push({
      kind: 'table',
      head: ['configuration', 'cycle', 'status', 'why excluded'],
      rows: analysis.excluded.map((e) => [e.label, String(e.cycle), e.kind.replace('_', ' '), e.reason]),
      numeric: [false, true, false, false],
      marks: analysis.excluded.map(() => 'invalid'),
    });
  }
  const missing = agg.configurations.filter(
    (c) => c.cycles_planned > c.cycles_ok + c.cycles_failed + c.cycles_interrupted,
  );
  if (missing.length > 0)
    blocks.push({
      kind: 'callout',
      tone: 'warn',
      text: `${missing.length} configuration(s) have planned cycles without a record (the study has not finished): ${missing
        .slice(0, 10)
        .map((c) => c.slug)
        .join(', ')}${missing.length > 10 ? ', …' : ''}.`,
    });
  return { id: 'excluded', title: 'Excluded runs', blocks };
}

function warningsSection(records: readonly ResultRecord[]): Section {
  const byCode = new Map<string, { runs: number; message: string }>();
  for (const r of records)
    for (const w of r.warnings ?? []) {
      const cur = byCode.get(w.code) ?? { runs: 0, message: w.message };
      cur.runs++;
      byCode.set(w.code, cur);
    }
  const blocks: Block[] =
    byCode.size === 0
      ? [{ kind: 'paragraph', text: 'No run recorded a warning.' }]
      : [
          {
            kind: 'table',
            head: ['warning', 'runs', 'message (first run)'],
            rows: [...byCode].map(([code, w]) => [code, String(w.runs), w.message]),
            numeric: [false, true, false],
          },
        ];
  return { id: 'warnings', title: 'Warnings', blocks };
}

function str(v: unknown): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The study's machine, from `environment.json` (or the first record's environment). */
export function environmentSection(input: ReportInput): Section {
  const env = input.environment ?? input.records[0]?.environment ?? null;
  if (env === null || Object.keys(env).length === 0)
    return {
      id: 'environment',
      title: 'Environment',
      blocks: [{ kind: 'paragraph', text: 'The study folder has no environment.json.' }],
    };
  const engine = env.engine as Record<string, unknown> | undefined;
  const gpus = Array.isArray(env.gpus) ? (env.gpus as Record<string, unknown>[]) : [];
  const devices = Array.isArray(env.energy_devices) ? (env.energy_devices as Record<string, unknown>[]) : [];
  const memory =
    typeof env.memory_bytes === 'number' ? `${(env.memory_bytes / 2 ** 30).toFixed(1)} GiB` : '—';
  const rows: [string, string][] = [
    ['host', str(env.host)],
    ['system', [env.platform, env.kernel, env.arch].filter(Boolean).map(str).join(' ')],
    ['CPU', `${str(env.cpu_model)} (${str(env.logical_cpus)} logical CPUs)`],
    ['memory', memory],
    ['GPUs', gpus.length === 0 ? 'none' : gpus.map((g) => str(g.name ?? g.uuid)).join(', ')],
    ['engine', engine ? `${str(engine.name)} ${str(engine.version)} on ${str(engine.device)}` : '—'],
    [
      'energy devices',
      devices.length === 0
        ? '—'
        : devices.map((d) => `${str(d.source)}:${str(d.id)} (${str(d.scope)})`).join(', '),
    ],
    ['Node.js', str(env.node_version)],
    ['llem', str(env.llem_version)],
    ['captured', str(env.captured_at)],
  ];
  return {
    id: 'environment',
    title: 'Environment',
    blocks: [{ kind: 'table', head: ['', ''], rows, numeric: [false, false] }],
  };
}

function distinct(xs: readonly string[]): string[] {
  return [...new Set(xs.filter((x) => x !== ''))];
}

function configValue(r: ResultRecord, path: string): unknown {
  let at: unknown = r.config;
  for (const k of path.split('.')) at = (at as Record<string, unknown> | undefined)?.[k];
  return at;
}

/** What was measured and how the figures were computed. */
export function methodologySection(input: ReportInput, analysis: Analysis): Section {
  const rs = input.records.filter((r) => r.status === 'ok');
  const scopes = distinct(
    rs.flatMap((r) =>
      (r.energy?.scopes ?? []).map((s) => `${s.scope} (${s.method}, sources ${s.sources.join(', ')})`),
    ),
  );
  const chosen = distinct(rs.flatMap((r) => r.energy?.chosen ?? []));
  const accuracy = distinct(
    rs.flatMap((r) => (r.energy?.scopes ?? []).map((s) => s.uncertainty?.accuracy_basis ?? '')),
  );
  const readout = distinct(
    rs.flatMap((r) =>
      (r.energy?.scopes ?? []).map((s) => s.uncertainty?.readout_basis?.replace(/^[0-9.e-]+ J = /, '') ?? ''),
    ),
  );
  const baselineOn = rs.filter((r) => configValue(r, 'measurement.baseline.enabled') !== false).length;
  const grids = distinct(rs.map((r) => str(configValue(r, 'carbon.grid_intensity_g_per_kwh'))));
  const pues = distinct(rs.map((r) => str(configValue(r, 'carbon.pue'))));
  const exec = input.study.execution ?? {};
  const pct = Math.round(analysis.confidence * 100);
  const items = [
    `Measured: energy over each run's measurement window from ${chosen.length > 0 ? chosen.join(', ') : 'no energy source'}; output tokens, throughput and per-request latencies (TTFT and end-to-end, from the scheduled send time, so queueing is included).`,
    `Energy scopes: ${scopes.length > 0 ? scopes.join('; ') : 'none'}. Figures of different scopes are never mixed; each scope is analysed on its own.`,
    `Baseline: ${baselineOn === 0 ? 'idle baseline disabled, so J/output token includes idle power' : `idle power measured in ${baselineOn} of ${rs.length} ok runs; adjusted figures subtract it`}.`,
    `Uncertainty of each energy figure (about 95 % each, combined in quadrature): calibration ${accuracy.length > 0 ? accuracy.join('; ') : '—'}; read-out ${readout.length > 0 ? readout.slice(0, 3).join('; ') : '—'}.`,
    `Carbon: grid intensity ${grids.join(', ')} g CO2e/kWh, PUE ${pues.join(', ')}${grids.every((g) => g === '—') ? ' (no grid intensity set: no carbon figures)' : ''}.`,
    `Design: ${str(exec.n_cycles)} cycle(s) per configuration, order ${str(exec.order)}${exec.seed !== undefined && exec.seed !== null ? ` (seed ${str(exec.seed)})` : ''}.`,
    `Statistics: only valid cycles count. Means carry ${pct} % intervals: Student t in the configuration table; seeded bootstrap (${analysis.resamples} resamples, seed ${analysis.seed}) for effects and comparisons; shares of variance are partial η² from a factorial ANOVA when the design is a balanced full factorial, else one-way η²; comparisons use Welch's t-test.`,
  ];
  return { id: 'methodology', title: 'Methodology', blocks: [{ kind: 'list', items }] };
}
