// The end-of-study table (pure → string): one row per configuration over its valid cycles, then
// the cycles left out of the means and why, configurations without a valid cycle, and notes.
import type { Summary } from '../core/stats.js';
import { type Aggregate, configurationsWithoutValidCycle } from './aggregate.js';

/** What the J/output token cell of a configuration without a valid cycle says (never a number). */
export const NO_VALID_CYCLE = 'no valid cycle';

function fmt(x: number | undefined, digits = 3): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toExponential(digits - 1);
  // Significant digits without exponent notation (370, not 3.7e+2); small values keep trailing zeros.
  return Math.abs(x) >= 10 ** digits ? String(Number(x.toPrecision(digits))) : x.toPrecision(digits);
}

/** `mean ± half-width of the 95 % CI` (just the mean for one cycle). */
function withCi(s: Summary | undefined): string {
  if (s === undefined) return '—';
  const half = (s.ci95_high - s.ci95_low) / 2;
  return Number.isFinite(half) ? `${fmt(s.mean)} ± ${fmt(half, 2)}` : fmt(s.mean);
}

/**
 * The end-of-study table: one row per configuration (valid/planned cycles, J/output token ± CI
 * and CV of the headline scope, tokens/s, p99 TTFT, scope), over valid cycles only; below it the
 * excluded cycles with their failed checks, the configurations without a valid cycle, and notes.
 */
export function renderAggregateTable(a: Aggregate, o: { width?: number } = {}): string {
  const head = [
    '#',
    'configuration',
    'valid/planned',
    'J/output token (95% CI)',
    'CV',
    'output tok/s',
    'TTFT queued p99 ms',
    'scope',
  ];
  const rows = a.configurations.map((c) => {
    const none = c.cycles_valid === 0 && c.cycles_planned > 0;
    const j = c.metrics.j_per_output_token;
    return [
      String(c.experiment),
      c.slug,
      `${c.cycles_valid}/${c.cycles_planned}${c.cycles_excluded > 0 ? ` (${c.cycles_excluded} excl.)` : ''}`,
      none ? NO_VALID_CYCLE : withCi(j),
      (j?.n ?? 0) >= 2 ? `${fmt(j!.cv * 100, 2)}%` : '—',
      withCi(c.metrics.output_tokens_per_s),
      fmt(c.metrics.ttft_queued_p99_ms?.mean),
      c.energy_scope === null ? '—' : `${c.energy_scope}${c.energy_scope_note ? '*' : ''}`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const tableWidth = widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
  const width = o.width === undefined ? Number.POSITIVE_INFINITY : Math.max(40, o.width);
  const lines =
    tableWidth <= width
      ? [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
      : narrowRows(rows, width);
  for (const c of a.configurations.filter((x) => x.energy_scope_note))
    lines.push(`* #${c.experiment}: ${c.energy_scope_note}`);
  if (a.exclusions.length > 0) {
    lines.push('', 'excluded from the means (error-severity validity failures):');
    for (const x of a.exclusions) lines.push(`  #${x.experiment} cycle ${x.cycle}: ${x.reason}`);
  }
  const none = configurationsWithoutValidCycle(a);
  if (none.length > 0) {
    lines.push('', 'no valid cycle (no figures shown; the results are not valid):');
    for (const c of none)
      lines.push(
        `  #${c.experiment} ${c.slug}: ${c.cycles_excluded} excluded, ${c.cycles_failed} failed, ${c.cycles_interrupted} interrupted of ${c.cycles_planned}`,
      );
  }
  for (const n of a.notes) lines.push('', `note ${n.code}: ${n.message}`);
  return Number.isFinite(width) ? lines.flatMap((l) => wrap(l, width)).join('\n') : lines.join('\n');
}

/**
 * The table for a terminal narrower than its rows: two lines per configuration, the identity
 * (number, name, cycles, scope) then the figures, each labelled, so nothing wraps mid-cell.
 */
function narrowRows(rows: string[][], width: number): string[] {
  const out: string[] = [];
  for (const r of rows) {
    out.push(...items([`#${r[0]} ${r[1]}`, `${r[2]} valid`, `scope ${r[7]}`], width, '', '    '));
    const figures = [
      `J/output token ${r[3]}`,
      `CV ${r[4]}`,
      `${r[5]} output tok/s`,
      `TTFT queued p99 ${r[6]} ms`,
    ];
    out.push(...items(figures, width, '    ', '    '));
  }
  return out;
}

/** Joins items with ` · `, starting a new line (after `next`) where the next item would pass `width`. */
function items(parts: string[], width: number, first: string, next: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const p of parts) {
    const joined = current === '' ? `${first}${p}` : `${current} · ${p}`;
    if (current !== '' && joined.length > width) {
      out.push(current);
      current = `${next}${p}`;
    } else current = joined;
  }
  if (current !== '') out.push(current);
  return out.map((l) => clip(l, width));
}

/** Cuts a line to `width` characters, marking the cut with `…`. */
function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** Word-wraps one line to `width`, continuation lines indented like the first (or all by `indent`). */
function wrap(text: string, width: number, indent?: string): string[] {
  const lead = /^\s*/.exec(text)![0];
  const pad = indent ?? lead;
  const first = `${indent ?? ''}${text}`;
  if (first.length <= width) return [first];
  const out: string[] = [];
  let current = `${indent ?? ''}${lead}`;
  let empty = true;
  for (const word of text.slice(lead.length).split(' ')) {
    if (!empty && current.length + 1 + word.length > width) {
      out.push(current);
      current = `${pad}${word}`;
    } else current = empty ? `${current}${word}` : `${current} ${word}`;
    empty = false;
  }
  out.push(current);
  return out.map((l) => clip(l, width));
}
