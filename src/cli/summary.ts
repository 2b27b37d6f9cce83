import type { LatencyRecord, ResultRecord } from '../core/records.js';

function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(digits - 1);
  return x.toFixed(digits);
}

function lat(l: LatencyRecord | null): string {
  return l ? `p50 ${num(l.p50_ms, 1)} · p90 ${num(l.p90_ms, 1)} · p99 ${num(l.p99_ms, 1)} ms (n=${l.n})` : '—';
}

/** A readable end-of-run summary of one result record. */
export function renderSummary(r: ResultRecord, resultPath: string): string {
  const lines: string[] = [];
  const m = r.metrics;
  lines.push(`llem ${r.status.toUpperCase()} · ${r.name} · ${r.engine.name as string} · cycle ${r.cycle}`);
  if (r.error) lines.push(`  error (${r.error.phase}): ${r.error.code}: ${r.error.message}`);
  if (m) {
    const unc = m.energy_uncertainty_j === null ? '' : ` ± ${num(m.energy_uncertainty_j, 2)}`;
    lines.push(
      `  energy        ${num(m.energy_j, 2)}${unc} J  [scope ${m.energy_scope ?? 'none'}; adjusted ${num(m.adjusted_energy_j, 2)} J]`,
    );
    const methods = r.energy.scopes.map((s) => `${s.scope}: ${s.method} via ${s.sources.join('+')}`).join('; ');
    if (methods) lines.push(`  method        ${methods}`);
    lines.push(
      `  per token     ${num(m.j_per_output_token, 4)} J/output token · ${num(m.j_per_request, 3)} J/request · ${num(m.wh_per_1000_requests, 4)} Wh/1000 req`,
    );
    lines.push(`  power         mean ${num(m.mean_power_w, 1)} W · peak ${num(m.peak_power_w, 1)} W`);
    lines.push(
      `  throughput    ${num(m.output_tokens_per_s, 1)} output tok/s · ${num(m.total_tokens_per_s, 1)} total tok/s · ${num(m.requests_per_s, 2)} req/s`,
    );
    lines.push(`  tokens        ${r.tokens.input} in · ${r.tokens.output} out · ${r.tokens.requests_ok} ok · ${r.tokens.requests_failed} failed`);
    lines.push(`  TTFT          ${lat(m.ttft)}`);
    lines.push(`  ITL           ${lat(m.itl)}`);
    lines.push(`  end-to-end    ${lat(m.e2e)}`);
    const flops = m.flops as { total?: number; per_output_token?: number; method?: string } | null;
    if (flops) lines.push(`  FLOPs         ${num(flops.total ?? null, 3)} total · ${num(flops.per_output_token ?? null, 3)}/output token (${flops.method})`);
    if (m.carbon_g !== null) lines.push(`  carbon        ${num(m.carbon_g, 4)} g CO2e`);
    lines.push(`  window        ${num(r.timings.window_s ?? null, 2)} s`);
  }
  const v = r.validity;
  lines.push(`  validity      ${v.valid ? 'valid' : 'NOT VALID'} (${v.errors} errors, ${v.warnings} warnings)`);
  for (const c of v.checks.filter((c) => !c.passed)) lines.push(`    ✗ ${c.id}: ${c.detail}`);
  for (const w of r.warnings) lines.push(`    ! ${w.code}: ${w.message}`);
  lines.push(`  result        ${resultPath}`);
  return `${lines.join('\n')}\n`;
}
