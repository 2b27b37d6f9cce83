import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { configIssue, type DatasetContext, didYouMean } from './context.js';
import type { ChatMessage, Prompt } from './prompt.js';

/** Keys a prompt line may have; anything else is reported as an unknown key. */
export const JSONL_KEYS = ['prompt', 'messages', 'max_output_tokens', 'source'] as const;

/** Issues past this many are summarised in one line, so a wrong file does not flood the terminal. */
const MAX_ISSUES = 100;

/** Prompts parsed from JSONL text, plus the metadata (`_provenance`) records found in it. */
export interface ParsedPromptLines {
  prompts: Prompt[];
  /** Parsed `{"_provenance": …}` lines, in file order. */
  metadata: Record<string, unknown>[];
}

/** A prompt file as read from disk. */
export interface PromptFile extends ParsedPromptLines {
  /** Absolute path that was read. */
  file: string;
  /** SHA-256 of the file bytes, hex. */
  sha256: string;
}

type LineIssue = Omit<ConfigIssue, 'file' | 'line'>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Column (1-based) of `"key"` in the raw line, when it can be found. */
function keyColumn(raw: string, key: string): { column?: number } {
  const at = raw.indexOf(JSON.stringify(key));
  return at >= 0 ? { column: at + 1 } : {};
}

function checkMessages(value: unknown, issues: LineIssue[]): ChatMessage[] | undefined {
  const before = issues.length;
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({
      code: 'invalid_type',
      path: ['messages'],
      message: '"messages" must be a non-empty array of {"role", "content"} objects',
      suggestion: 'write "messages": [{"role": "user", "content": "…"}]',
    });
    return undefined;
  }
  const messages: ChatMessage[] = [];
  value.forEach((m: unknown, i) => {
    if (!isObject(m)) {
      issues.push({
        code: 'invalid_type',
        path: ['messages', i],
        message: 'each message must be an object',
        suggestion: 'write {"role": "user", "content": "…"}',
      });
      return;
    }
    let ok = true;
    for (const field of ['role', 'content'] as const) {
      if (typeof m[field] !== 'string' || (field === 'role' && m[field] === '')) {
        ok = false;
        issues.push({
          code: m[field] === undefined ? 'missing_field' : 'invalid_type',
          path: ['messages', i, field],
          message: `message "${field}" must be a ${field === 'role' ? 'non-empty ' : ''}string`,
          suggestion:
            field === 'role' ? 'use "system", "user" or "assistant"' : 'put the message text in "content"',
        });
      }
    }
    if (ok) messages.push({ role: m.role as string, content: m.content as string });
  });
  return issues.length === before ? messages : undefined;
}

/** Validates one parsed line; returns the prompt, or pushes issues and returns undefined. */
function checkLine(
  obj: Record<string, unknown>,
  raw: string,
  defaultSource: string,
  issues: LineIssue[],
): Prompt | undefined {
  let suggestedPromptKey = false;
  for (const key of Object.keys(obj)) {
    if ((JSONL_KEYS as readonly string[]).includes(key)) continue;
    const guess = didYouMean(key, JSONL_KEYS);
    if (guess === 'prompt' || guess === 'messages') suggestedPromptKey = true;
    issues.push({
      code: 'unknown_key',
      path: [key],
      message: `unknown key "${key}"`,
      suggestion: guess ? `did you mean "${guess}"?` : `allowed keys: ${JSONL_KEYS.join(', ')}`,
      ...keyColumn(raw, key),
    });
  }
  const prompt: Prompt = { source: defaultSource };
  const hasPrompt = obj.prompt !== undefined;
  const hasMessages = obj.messages !== undefined;
  if (hasPrompt && hasMessages) {
    issues.push({
      code: 'invalid_value',
      path: ['messages'],
      message: 'a line has both "prompt" and "messages"',
      suggestion: 'keep one: "prompt" for plain text, "messages" for chat',
      ...keyColumn(raw, 'messages'),
    });
  } else if (hasPrompt) {
    if (typeof obj.prompt !== 'string' || obj.prompt.trim() === '') {
      issues.push({
        code: typeof obj.prompt === 'string' ? 'too_small' : 'invalid_type',
        path: ['prompt'],
        message: `"prompt" must be a non-empty string, got ${JSON.stringify(obj.prompt)}`,
        suggestion: 'write "prompt": "<text>"',
        ...keyColumn(raw, 'prompt'),
      });
    } else prompt.text = obj.prompt;
  } else if (hasMessages) {
    const messages = checkMessages(obj.messages, issues);
    if (messages) prompt.messages = messages;
  } else if (!suggestedPromptKey) {
    issues.push({
      code: 'missing_field',
      path: ['prompt'],
      message: 'missing "prompt" (or chat "messages")',
      suggestion: 'add "prompt": "<text>" or "messages": [{"role": "user", "content": "<text>"}]',
    });
  }
  const maxOut = obj.max_output_tokens;
  if (maxOut !== undefined) {
    if (typeof maxOut === 'number' && Number.isSafeInteger(maxOut) && maxOut > 0)
      prompt.maxOutputTokens = maxOut;
    else
      issues.push({
        code: 'invalid_type',
        path: ['max_output_tokens'],
        message: `"max_output_tokens" must be a positive integer, got ${JSON.stringify(maxOut)}`,
        suggestion: 'write a whole number of tokens, e.g. "max_output_tokens": 128',
        ...keyColumn(raw, 'max_output_tokens'),
      });
  }
  if (obj.source !== undefined) {
    if (typeof obj.source === 'string' && obj.source !== '') prompt.source = obj.source;
    else
      issues.push({
        code: 'invalid_type',
        path: ['source'],
        message: `"source" must be a non-empty string, got ${JSON.stringify(obj.source)}`,
        suggestion: 'name the prompt\'s origin, e.g. "source": "qa"; it is used to interleave prompts',
        ...keyColumn(raw, 'source'),
      });
  }
  return issues.length === 0 ? prompt : undefined;
}

function jsonError(e: unknown): LineIssue {
  const text = e instanceof Error ? e.message : String(e);
  const position = /position (\d+)/.exec(text)?.[1];
  return {
    code: 'invalid_json',
    path: [],
    message: `invalid JSON: ${text}`,
    suggestion: 'write one JSON object per line, e.g. {"prompt": "…"}',
    ...(position === undefined ? {} : { column: Number(position) + 1 }),
  };
}

/**
 * Parses JSONL prompt text: one object per line with `prompt` or chat `messages`, optional
 * `max_output_tokens` and `source` (default `defaultSource`). Blank lines and `_provenance`
 * lines are skipped. Every bad line is reported at once as a `ConfigError` (`ERR_DATASET_INVALID`)
 * whose issues carry `file` and the 1-based `line`.
 */
export function parsePromptLines(text: string, file: string, defaultSource: string): ParsedPromptLines {
  const prompts: Prompt[] = [];
  const metadata: Record<string, unknown>[] = [];
  const issues: ConfigIssue[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((line, index) => {
    const raw = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (raw.trim() === '') return;
    const isMeta = raw.trimStart().startsWith('{"_provenance"');
    const lineIssues: LineIssue[] = [];
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      if (!isMeta) lineIssues.push(jsonError(e));
    }
    if (isObject(value) && (isMeta || '_provenance' in value)) metadata.push(value);
    else if (!isMeta && lineIssues.length === 0) {
      if (!isObject(value)) {
        lineIssues.push({
          code: 'invalid_type',
          path: [],
          message: `each line must be a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
          suggestion: 'write {"prompt": "…"}',
        });
      } else {
        const prompt = checkLine(value, raw, defaultSource, lineIssues);
        if (prompt) prompts.push(prompt);
      }
    }
    for (const issue of lineIssues) issues.push({ ...issue, file, line: index + 1 });
  });
  if (issues.length === 0 && prompts.length === 0) {
    issues.push({
      code: 'too_small',
      path: [],
      file,
      message: 'the file holds no prompts',
      suggestion: 'add lines like {"prompt": "…"}',
    });
  }
  if (issues.length > MAX_ISSUES) {
    const hidden = issues.length - MAX_ISSUES;
    issues.splice(MAX_ISSUES, hidden, {
      code: 'too_many_issues',
      path: [],
      file,
      message: `${hidden} more problems not shown`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues, 'ERR_DATASET_INVALID');
  return { prompts, metadata };
}

/** SHA-256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads and parses a prompt file; file-system errors are thrown as they come (callers word them). */
export async function readPromptFile(
  file: string,
  defaultSource: string,
  signal?: AbortSignal,
): Promise<PromptFile> {
  const bytes = await readFile(file, signal ? { signal } : {});
  return { ...parsePromptLines(bytes.toString('utf8'), file, defaultSource), file, sha256: sha256Hex(bytes) };
}

/**
 * Loads a user `<path>.jsonl` dataset (relative to `ctx.baseDir`); a missing or unreadable file is
 * a `ConfigError` placed at the config line of `dataset.source`. Prompts without a `source` field
 * are labelled with the file name.
 */
export async function loadJsonlDataset(source: string, ctx: DatasetContext): Promise<PromptFile> {
  const file = resolve(ctx.baseDir, source);
  try {
    return await readPromptFile(file, basename(file), ctx.signal);
  } catch (e) {
    if (e instanceof ConfigError || ctx.signal?.aborted) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'not found'
        : code === 'EISDIR'
          ? 'is a folder'
          : `cannot be read (${code ?? String(e)})`;
    throw new ConfigError(
      [
        configIssue(ctx.locate, ['dataset', 'source'], {
          code: code === 'ENOENT' ? 'file_not_found' : 'file_unreadable',
          message: `dataset file ${file} ${why}`,
          suggestion: `fix the path (relative paths are resolved against ${ctx.baseDir}) or use builtin, aienergyscore or synthetic`,
        }),
      ],
      'ERR_DATASET_INVALID',
    );
  }
}
