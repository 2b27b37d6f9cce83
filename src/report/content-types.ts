// The report's content as data: the shapes `content.ts` builds and `html.ts`/`markdown.ts` write.
import type { ChartSpec } from './charts.js';

/** A piece of a section. */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'callout'; tone: 'warn' | 'info'; text: string }
  | { kind: 'list'; items: string[] }
  | {
      kind: 'table';
      head: string[];
      rows: string[][];
      /** Per column: numbers align right. */
      numeric: boolean[];
      /** Per row: a class that marks it (`invalid`, `reference`, `front`), or null. */
      marks?: (string | null)[];
    }
  | { kind: 'charts'; charts: ChartSpec[] };

/** A section of the report. */
export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

/** The whole report as data. */
export interface ReportContent {
  title: string;
  /** Lines under the title: study hash, folder, date. */
  meta: string[];
  headline: string;
  sections: Section[];
}
