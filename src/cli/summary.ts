import type {
  EnergySourceRecord,
  LatencyRecord,
  ResultRecord,
  ScheduleRecord,
  ScopeEnergy,
} from '../index.js';
import { formatFlops } from './format.js';

function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(digits - 1);
  return x.toFixed(digits);
}

function lat(l: LatencyRecord | null): string {
  return l
    ? `p50 ${num(l.p50_ms, 1)} · p90 ${num(l.p90_ms, 1)} · p99 ${num(l.p99_ms, 1)} ms (n=${l.n})`
    : '—';
}

/** Mode, requests (and how many the duration fill added), planned vs achieved rate, send-time error. */
function scheduleLine(s: ScheduleRecord): string {
  const how =
    s.mode === 'rate'
      ? `rate ${s.arrival}${s.burstiness === null ? '' : ` (shape ${num(s.burstiness, 2)})`}`
      : s.mode === 'concurrency'
        ? `concurrency ${s.concurrency}`
        : 'batch';
  const added = s.requests_added > 0 ? ` (+${s.requests_added} to fill ${s.fill_min_window_s} s)` : '';
  const rate =
    s.planned_rate_rps === null
      ? `${num(s.achieved_rate_rps, 2)} req/s sent`
      : `${num(s.planned_rate_rps, 2)} → ${num(s.achieved_rate_rps, 2)} req/s (CV ${num(s.planned_interarrival_cv, 2)} → ${num(s.achieved_interarrival_cv, 2)})`;
  const err = s.send_error
    ? ` · send error p50 ${num(s.send_error.p50_ms, 2)} · p99 ${num(s.send_error.p99_ms, 2)} · max ${num(s.send_error.max_ms, 2)} ms`
    : '';
  return `${how} · ${s.requests_total} requests${added} · ${rate}${err}`;
}

/** `12.3 ± 0.4 J`, with the relative uncertainty when it is meaningful. */
function withUnc(energyJ: number, uncJ: number): string {
  const rel = energyJ > 0 ? ` (${((uncJ / energyJ) * 100).toFixed(uncJ / energyJ < 0.01 ? 2 : 1)} %)` : '';
  return `${num(energyJ, 2)} ± ${num(uncJ, 2)} J${rel}`;
}

/** The recorded uncertainty of a scope's adjusted energy (computed by the harness), when there is one. */
function adjustedUnc(s: ScopeEnergy): number | undefined {
  return s.adjusted_uncertainty?.combined_j;
}

/** One line per scope: energy ± uncertainty, method, sources, adjusted energy. */
function scopeLines(r: ResultRecord): string[] {
  return r.energy.scopes.map((s) => {
    const u = adjustedUnc(s);
    const adjusted =
      s.adjusted_energy_j === null
        ? ''
        : `; adjusted ${num(s.adjusted_energy_j, 2)}${u === undefined ? '' : ` ± ${num(u, 2)}`} J`;
    return `    ${s.scope.padEnd(9)} ${withUnc(s.energy_j, s.uncertainty_j)} · ${s.method} via ${s.sources.join('+')}${adjusted}`;
  });
}

/** One line per device of each reading, with the counter/integrated cross-check where there is one. */
function deviceLines(sources: readonly EnergySourceRecord[]): string[] {
  const lines: string[] = [];
  for (const src of sources) {
    for (const d of src.devices) {
      const check =
        d.integrated_energy_j === undefined ? '' : ` · integrated ${num(d.integrated_energy_j, 2)} J`;
      const part = (d as { not_summed?: string }).not_summed === undefined ? '' : ' (not summed)';
      lines.push(
        `    ${`${src.source} ${d.device}`.padEnd(22)} ${withUnc(d.energy_j, d.uncertainty_j)} · ${d.method}${check}${part}`,
      );
    }
  }
  return lines;
}

/** A readable end-of-run summary of one result record. */
export function renderSummary(r: ResultRecord, resultPath: string): string {
  const lines: string[] = [];
  const m = r.metrics;
  lines.push(`llem ${r.status.toUpperCase()} · ${r.name} · ${r.engine.name as string} · cycle ${r.cycle}`);
  if (r.error) lines.push(`  error (${r.error.phase}): ${r.error.code}: ${r.error.message}`);
  if (m) {
    const energy =
      m.energy_j === null
        ? '— J'
        : m.energy_uncertainty_j === null
          ? `${num(m.energy_j, 2)} J`
          : withUnc(m.energy_j, m.energy_uncertainty_j);
    const adjUnc = m.adjusted_energy_uncertainty_j ?? undefined;
    lines.push(
      `  energy        ${energy}  [scope ${m.energy_scope ?? 'none'}; adjusted ${num(m.adjusted_energy_j, 2)}${adjUnc === undefined ? '' : ` ± ${num(adjUnc, 2)}`} J]`,
    );
    if (r.energy.scopes.length > 0) lines.push('  by scope', ...scopeLines(r));
    const devices = deviceLines(r.energy.sources);
    if (devices.length > 0) lines.push('  by device', ...devices);
    const notes = r.energy.sources.flatMap((src) => src.notes.map((n) => `${src.source}: ${n}`));
    for (const n of notes.slice(0, 5)) lines.push(`    note ${n}`);
    if (notes.length > 5) lines.push(`    … ${notes.length - 5} more notes in result.json`);
    const perTokenUnc =
      (m.j_per_output_token_uncertainty ?? null) === null
        ? ''
        : ` ± ${num(m.j_per_output_token_uncertainty, 4)}`;
    lines.push(
      `  per token     ${num(m.j_per_output_token, 4)}${perTokenUnc} J/output token · ${num(m.j_per_request, 3)} J/request · ${num(m.wh_per_1000_requests, 4)} Wh/1000 req`,
    );
    lines.push(`  power         mean ${num(m.mean_power_w, 1)} W · peak ${num(m.peak_power_w, 1)} W`);
    lines.push(
      `  throughput    ${num(m.output_tokens_per_s, 1)} output tok/s · ${num(m.total_tokens_per_s, 1)} total tok/s · ${num(m.requests_per_s, 2)} req/s`,
    );
    lines.push(
      `  tokens        ${r.tokens.input} in · ${r.tokens.output} out · ${r.tokens.requests_ok} ok · ${r.tokens.requests_failed} failed`,
    );
    lines.push(`  TTFT queued   ${lat(m.ttft_queued)}`);
    lines.push(`  TTFT service  ${lat(m.ttft_service)}`);
    lines.push(`  ITL           ${lat(m.itl)}`);
    lines.push(`  E2E queued    ${lat(m.e2e_queued)}`);
    lines.push(`  E2E service   ${lat(m.e2e_service)}`);
    if (m.schedule) lines.push(`  schedule      ${scheduleLine(m.schedule)}`);
    const flops = m.flops as { total?: number; per_output_token?: number; method?: string } | null;
    if (flops)
      lines.push(
        `  FLOPs         ${formatFlops(flops.total)} total · ${formatFlops(flops.per_output_token)}/output token (${flops.method})`,
      );
    if (m.carbon_g !== null) lines.push(`  carbon        ${num(m.carbon_g, 4)} g CO2e`);
    lines.push(`  window        ${num(r.timings.window_s ?? null, 2)} s`);
  }
  const v = r.validity;
  lines.push(
    `  validity      ${v.valid ? 'valid' : 'NOT VALID'} (${v.errors} errors, ${v.warnings} warnings)`,
  );
  // ✗ marks a failure that invalidates the run (error severity); ! a failed warning-level check.
  for (const c of v.checks.filter((c) => !c.passed))
    lines.push(`    ${c.severity === 'error' ? '✗' : '!'} ${c.id}: ${c.detail}`);
  for (const w of r.warnings) lines.push(`    ! ${w.code}: ${w.message}`);
  lines.push(`  result        ${resultPath}`);
  return `${lines.join('\n')}\n`;
}
