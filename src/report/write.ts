// `writeReport`: read a study folder, render its report, write report.html and report.md
// (atomically) into the study folder or another one.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';
import { STUDY_FILES } from '../store/layout.js';
import { type LoadReportOptions, loadReportInput } from './load.js';
import { renderReport } from './render.js';
import type { RenderedReport, RenderReportOptions } from './types.js';

/** Options of `writeReport`. */
export interface WriteReportOptions extends RenderReportOptions, LoadReportOptions {
  /** Folder for report.html and report.md; default the study folder. */
  outDir?: string;
}

/** What `writeReport` wrote. */
export interface WrittenReport extends RenderedReport {
  html_path: string;
  markdown_path: string;
}

/** Reads a study folder, renders its report and writes `report.html` and `report.md`. */
export async function writeReport(
  studyDir: string,
  options: WriteReportOptions = {},
): Promise<WrittenReport> {
  const input = await loadReportInput(studyDir, options);
  const report = await renderReport(input, options);
  const out = resolve(options.outDir ?? studyDir);
  await mkdir(out, { recursive: true });
  const html_path = join(out, STUDY_FILES.reportHtml);
  const markdown_path = join(out, STUDY_FILES.reportMarkdown);
  await writeFileAtomic(html_path, report.html);
  await writeFileAtomic(markdown_path, report.markdown);
  return { ...report, html_path, markdown_path };
}
