import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  type YAMLError,
  type YAMLMap,
} from 'yaml';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { findJsonSyntaxError, lineColumnAt } from './json-syntax.js';

/** A place in a config file (1-based line and column). */
export interface SourceLocation {
  /** The file, as named when it was parsed. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** Which part of a `key: value` pair to point at: the key (default) or a scalar value. */
export type LocateTarget = 'key' | 'value';

/** A parsed YAML or JSON config document with a map from field paths to source positions. */
export interface ParsedDocument {
  /** The document as plain data (merge keys applied, anchors resolved); null for an empty file. */
  data: unknown;
  /** The file name the document was parsed as (used in every location). */
  file: string;
  /**
   * The position of the field at `path`: its key, or its value for `target: 'value'` when the
   * value is a scalar. When the path does not exist, the deepest existing ancestor's key (line 1
   * for the document root), so a missing field points at the mapping it belongs in.
   */
  locate(path: readonly (string | number)[], target?: LocateTarget): SourceLocation | undefined;
}

const SYNTAX_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MISSING_CHAR: 'close the quote or bracket that was opened',
  DUPLICATE_KEY: 'remove one of the two entries',
  BAD_INDENT: 'indent keys of one mapping by the same number of spaces',
  BLOCK_AS_IMPLICIT_KEY: 'check the indentation of this line against the line above',
  MULTILINE_IMPLICIT_KEY: 'check the indentation, or close an unclosed quote above',
  MULTIPLE_DOCS: 'a config file holds one document; remove the `---` separator',
  UNEXPECTED_TOKEN: 'check for a stray character or a missing `:`',
};

/** True for a `.json` file name (parsed as strict JSON); anything else is parsed as YAML. */
export function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}

/**
 * Parses YAML (anchors and `<<` merge keys work) or, for `.json` files, strict JSON.
 * Throws a ConfigError listing every syntax error with its line and column.
 */
export function parseConfigText(text: string, file: string): ParsedDocument {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { merge: true, lineCounter, prettyErrors: true, uniqueKeys: true });
  let data: unknown;
  if (isJsonFile(file)) {
    data = parseJson(source, file);
    const dups = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
    if (dups.length > 0) throw new ConfigError(dups.map((e) => yamlIssue(e, file)));
  } else {
    if (doc.errors.length > 0) throw new ConfigError(syntaxIssues(doc.errors, source, file));
    data = doc.toJS({ maxAliasCount: 1000 }) ?? null;
  }
  return {
    data,
    file,
    locate: (path, target = 'key') => locateIn(doc, lineCounter, file, path, target),
  };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const found = findJsonSyntaxError(text);
    const at = found === undefined ? { line: 1, column: 1 } : lineColumnAt(text, found.offset);
    const message = `invalid JSON: ${found?.message ?? (e as Error).message}`;
    throw new ConfigError([{ code: 'json_syntax', path: [], message, file, ...at }]);
  }
}

function yamlIssue(e: YAMLError, file: string): ConfigIssue {
  const first = e.message.split('\n')[0] ?? e.message;
  const message = `invalid YAML: ${first.replace(/ at line \d+, column \d+:?$/, '')}`;
  const pos = e.linePos?.[0];
  const hint = SYNTAX_HINTS[e.code];
  return {
    code: e.code === 'DUPLICATE_KEY' ? 'duplicate_key' : 'yaml_syntax',
    path: [],
    message,
    file,
    ...(pos === undefined ? {} : { line: pos.line, column: pos.col }),
    ...(hint === undefined ? {} : { suggestion: hint }),
  };
}

/** One issue per position (yaml often reports two codes for one mistake); unclosed quotes point at the opening quote. */
function syntaxIssues(errors: readonly YAMLError[], text: string, file: string): ConfigIssue[] {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  for (const e of errors) {
    const issue = yamlIssue(e, file);
    const quote = /Missing closing (["'])quote/.exec(e.message)?.[1];
    const open = quote === undefined ? undefined : openingQuote(text, quote, e.pos[0]);
    if (open !== undefined) {
      Object.assign(issue, lineColumnAt(text, open));
      issue.message = `invalid YAML: the ${quote} quote opened here is never closed`;
      issue.suggestion = `add the closing ${quote}`;
    }
    const key = `${issue.line}:${issue.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

/** The offset of the quote that opened the string still open at `before`, if any. */
function openingQuote(text: string, quote: string, before: number): number | undefined {
  let open: number | undefined;
  let comment = false;
  for (let i = 0; i < before && i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') comment = false;
    if (comment) continue;
    if (open !== undefined) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote && quote === "'" && text[i + 1] === "'") i++;
      else if (c === quote) open = undefined;
      continue;
    }
    let j = i - 1;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
    const prev = j < 0 ? '\n' : text[j]!;
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) comment = true;
    else if (c === quote && ':-[{,\n'.includes(prev)) open = i;
  }
  return open;
}

function isMergePair(pair: Pair): boolean {
  if (!isScalar(pair.key)) return false;
  const k = pair.key as { value: unknown; source?: string };
  return (
    k.value === '<<' || k.source === '<<' || (typeof k.value === 'symbol' && k.value.description === '<<')
  );
}

function deref(doc: Document, node: unknown): unknown {
  let n = node;
  for (let hops = 0; isAlias(n) && hops < 100; hops++) n = n.resolve(doc);
  return n;
}

/** Finds the pair for `key`: direct entries first, then mappings merged in with `<<`. */
function findPair(doc: Document, map: YAMLMap, key: string, depth = 0): Pair | undefined {
  for (const pair of map.items) {
    if (isPair(pair) && !isMergePair(pair) && isScalar(pair.key) && String(pair.key.value) === key)
      return pair;
  }
  if (depth > 20) return undefined;
  for (const pair of map.items) {
    if (!isPair(pair) || !isMergePair(pair)) continue;
    const value = deref(doc, pair.value);
    const sources = isSeq(value) ? value.items.map((v) => deref(doc, v)) : [value];
    for (const source of sources) {
      if (!isMap(source)) continue;
      const found = findPair(doc, source, key, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function locateIn(
  doc: Document,
  lineCounter: LineCounter,
  file: string,
  path: readonly (string | number)[],
  target: LocateTarget,
): SourceLocation {
  const at = (node: unknown): SourceLocation | undefined => {
    const range = (node as Node | null)?.range;
    if (range === undefined || range === null) return undefined;
    const pos = lineCounter.linePos(range[0]);
    return { file, line: pos.line, column: pos.col };
  };
  let node: unknown = doc.contents;
  let keyNode: unknown;
  let found = 0;
  for (const segment of path) {
    const current = deref(doc, node);
    if (isMap(current)) {
      const pair = findPair(doc, current, String(segment));
      if (pair === undefined) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(current) && /^\d+$/.test(String(segment))) {
      const item = current.items[Number(segment)];
      if (item === undefined) break;
      keyNode = item;
      node = item;
    } else break;
    found++;
  }
  if (found === path.length && target === 'value' && isScalar(deref(doc, node))) {
    const loc = at(node);
    if (loc !== undefined) return loc;
  }
  return at(keyNode) ?? { file, line: 1, column: 1 };
}
