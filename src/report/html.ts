// The report's content → one self-contained HTML page (pure): inline CSS with print rules, inline
// SVG charts, no script, no external resource, so it opens from file:// and prints as it shows.
import type { Block, ReportContent, Section } from './content-types.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const CSS = `
:root { --ink:#1f2933; --muted:#616e7c; --line:#e4e7eb; --accent:#2b6cb0; --warn:#b7791f; --bad:#c53030; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #f7f8fa; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 32px 40px 64px; background: white; }
header h1 { font-size: 26px; margin: 0 0 4px; }
.meta { color: var(--muted); font-size: 12.5px; margin: 0; }
.meta span + span::before { content: " · "; }
.headline { margin: 20px 0 8px; padding: 16px 20px; border-left: 4px solid var(--accent); background: #ebf4ff; font-size: 16px; font-weight: 500; }
nav { margin: 16px 0 8px; font-size: 12.5px; display: flex; flex-wrap: wrap; gap: 4px 16px; }
nav a { color: var(--accent); text-decoration: none; white-space: nowrap; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 4px; }
p, li { max-width: 80ch; }
ul { padding-left: 20px; }
.callout { padding: 10px 14px; border-radius: 4px; margin: 12px 0; }
.callout.warn { background: #fffaf0; border: 1px solid #f6e05e; }
.callout.info { background: #f0f4f8; border: 1px solid var(--line); }
.table-wrap { overflow-x: auto; margin: 10px 0 14px; }
table { border-collapse: collapse; font-size: 12.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f0f4f8; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
/* Names and figures stay on one line; the last column (reasons, messages) wraps. */
td:not(:last-child) { white-space: nowrap; }
tr.invalid td { color: var(--bad); background: #fff5f5; }
tr.reference td { background: #f0f7ff; }
.charts { display: flex; flex-wrap: wrap; gap: 18px 28px; margin: 12px 0 18px; }
figure { margin: 0; break-inside: avoid; display: flex; flex-direction: column; }
figure svg { max-width: 100%; height: auto; display: block; }
/* The caption wraps to the chart's width instead of widening the figure. */
figcaption { font-size: 12px; color: var(--muted); width: 0; min-width: 100%; margin-top: 2px; }
figcaption b { color: var(--ink); font-weight: 600; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 14mm; }
@media print {
  body { background: white; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; }
  table, figure, .headline { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  /* On paper a table cannot scroll: let every cell wrap so wide tables fit the page. */
  table { font-size: 8pt; }
  th, td, td:not(:last-child), td.num, th.num { white-space: normal; padding: 2px 5px; }
  a { color: inherit; text-decoration: none; }
}
`;

function block(b: Block, svgs: ReadonlyMap<string, string>): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'heading':
      return `<h3>${escapeHtml(b.text)}</h3>`;
    case 'callout':
      return `<div class="callout ${b.tone}">${escapeHtml(b.text)}</div>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'table': {
      const cls = (i: number) => (b.numeric[i] ? ' class="num"' : '');
      const head = b.head.every((h) => h === '')
        ? ''
        : `<thead><tr>${b.head.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
      const rows = b.rows
        .map((r, k) => {
          const mark = b.marks?.[k];
          return `<tr${mark ? ` class="${mark}"` : ''}>${r.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`;
        })
        .join('\n');
      return `<div class="table-wrap"><table>${head}<tbody>\n${rows}\n</tbody></table></div>`;
    }
    case 'charts':
      return `<div class="charts">${b.charts
        .map(
          (c) =>
            `<figure id="${c.id}" class="chart">${svgs.get(c.id) ?? ''}<figcaption><b>${escapeHtml(c.title)}.</b> ${escapeHtml(c.caption)}</figcaption></figure>`,
        )
        .join('\n')}</div>`;
  }
}

function section(s: Section, svgs: ReadonlyMap<string, string>): string {
  return `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>\n${s.blocks.map((b) => block(b, svgs)).join('\n')}</section>`;
}

/** Renders the content as a standalone HTML page; `svgs` maps chart ids to their SVG text. */
export function renderHtml(
  content: ReportContent,
  svgs: ReadonlyMap<string, string>,
  version: string,
): string {
  const [answer, ...rest] = content.sections;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(content.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(content.title)}</h1>
<p class="meta">${content.meta.map((m) => `<span>${escapeHtml(m)}</span>`).join('')}</p>
</header>
<p class="headline">${escapeHtml(content.headline)}</p>
<nav>${content.sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('')}</nav>
${answer ? section(answer, svgs) : ''}
${rest.map((s) => section(s, svgs)).join('\n')}
<footer>Generated by llem ${escapeHtml(version)} (llenergymeasure). Charts: Vega-Lite, rendered to SVG at report time; this file loads nothing else.</footer>
</main>
</body>
</html>
`;
}
