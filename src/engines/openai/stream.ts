// What one streamed completion says, event by event: which events carry a generated token, the
// server's `usage` block, the finish reason, and in-stream errors. Servers differ in small ways
// (llama.cpp-style servers send an empty text for a token whose bytes are held back, vLLM puts
// the last token and the finish reason in one event, chat streams open with a role-only event),
// so a token is recognised by the shape of its event, not by its text alone.

/** The endpoint family: `/v1/completions` or `/v1/chat/completions`. */
export type ApiKind = 'completions' | 'chat';

/** Token counts a server reported in a `usage` block. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

/** Thrown by `StreamState.onData` for a payload that is not a completion event. */
export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

/** The running account of one stream; feed it every `data:` payload with its arrival time. */
export class StreamState {
  readonly api: ApiKind;
  /** Arrival time of each token event, ms (one per event; a server may pack several tokens in one). */
  readonly tokenTimesMs: number[] = [];
  /** Events that carried no token (role headers, usage, the finish marker). */
  otherEvents = 0;
  usage: Usage | undefined;
  finishReason: string | undefined;
  /** Set when `[DONE]` arrived. */
  done = false;
  /** An error object the server sent inside the stream. */
  serverError: string | undefined;

  constructor(api: ApiKind) {
    this.api = api;
  }

  /** The byte-level fast path for one payload `buf[start, end)`: true (and counted) when it is a plain token event. */
  onBytes(buf: Buffer, start: number, end: number, atMs: number): boolean {
    if (!isPlainTokenBytes(this.api, buf, start, end)) return false;
    this.tokenTimesMs.push(atMs);
    return true;
  }

  /** Interprets one payload received at `atMs`; throws `MalformedEventError` for a payload that is not JSON. */
  onData(payload: string, atMs: number): void {
    if (payload === '[DONE]') {
      this.done = true;
      return;
    }
    if (isPlainTokenEvent(this.api, payload)) {
      this.tokenTimesMs.push(atMs);
      return;
    }
    let event: CompletionEvent;
    try {
      event = JSON.parse(payload) as CompletionEvent;
    } catch {
      throw new MalformedEventError(`malformed SSE data (not JSON): ${snippet(payload)}`);
    }
    if (event === null || typeof event !== 'object') {
      throw new MalformedEventError(`malformed SSE data (not an object): ${snippet(payload)}`);
    }
    if (event.error !== undefined && event.error !== null) {
      this.serverError = errorText(event.error);
      return;
    }
    const usage = event.usage;
    if (usage !== undefined && usage !== null && typeof usage.completion_tokens === 'number') {
      this.usage = { promptTokens: usage.prompt_tokens ?? 0, completionTokens: usage.completion_tokens };
    }
    const choice = event.choices?.[0];
    if (choice === undefined) {
      this.otherEvents++;
      return;
    }
    const finish = choice.finish_reason ?? null;
    if (finish !== null) this.finishReason = finish;
    if (isTokenEvent(this.api, choice, finish)) this.tokenTimesMs.push(atMs);
    else this.otherEvents++;
  }
}

interface CompletionChoice {
  text?: string;
  delta?: { role?: string; content?: string | null; reasoning_content?: string | null };
  finish_reason?: string | null;
}

interface CompletionEvent {
  choices?: CompletionChoice[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: unknown;
}

/**
 * A token event: completions: any event before the finish (an empty text is a token whose bytes
 * the server holds back), or the finishing event when it still carries text; chat: an event with
 * content (or reasoning), or a content-less delta before the finish that is not the role header.
 */
function isTokenEvent(api: ApiKind, choice: CompletionChoice, finish: string | null): boolean {
  if (api === 'completions') {
    const text = choice.text;
    return finish === null ? text !== undefined : typeof text === 'string' && text.length > 0;
  }
  const delta = choice.delta;
  if (delta === undefined) return false;
  const content = delta.content ?? delta.reasoning_content;
  if (typeof content === 'string' && content.length > 0) return true;
  return finish === null && delta.role === undefined && 'content' in delta;
}

/**
 * The hot path: most events are an ordinary token before the finish. Recognising one by its keys
 * (a JSON object with `"finish_reason": null`, before it a `text` (completions) or a `content` and
 * no `role` (chat), after it no `usage` or `error` value) costs a few short substring searches
 * instead of a JSON parse, the largest part of a token's CPU (bench/openai-client.js). Anything
 * else takes the full parse. The trade-off: such an event is not validated as JSON beyond its braces.
 */
export function isPlainTokenEvent(api: ApiKind, p: string): boolean {
  if (p.charCodeAt(0) !== 0x7b || p.charCodeAt(p.length - 1) !== 0x7d) return false;
  // Servers put `finish_reason` near the end of the choice: search from the end.
  const fr = p.lastIndexOf('"finish_reason"');
  if (fr === -1 || !isNullAt(p, fr + 15)) return false;
  // A usage block (or an error) comes after the choices when a server sends one with a token.
  const usage = p.indexOf('"usage"', fr);
  if (usage !== -1 && !isNullAt(p, usage + 7)) return false;
  if (p.indexOf('"error"', fr) !== -1) return false;
  if (api === 'completions') return p.lastIndexOf('"text"', fr) !== -1;
  return p.lastIndexOf('"content"', fr) !== -1 && p.lastIndexOf('"role"', fr) === -1;
}

const FINISH = Buffer.from('"finish_reason"');
const USAGE = Buffer.from('"usage"');
const ERROR = Buffer.from('"error"');
const TEXT = Buffer.from('"text"');
const CONTENT = Buffer.from('"content"');
const ROLE = Buffer.from('"role"');

/**
 * `isPlainTokenEvent` on the undecoded bytes `buf[s, e)` (the same rules; no decode, no string,
 * no allocation). Every search is a short JavaScript loop bounded to the payload: the keys sit
 * near its end, and a native search over the whole read would scan every later event whenever a
 * key is absent (quadratic in a 256-token read).
 */
export function isPlainTokenBytes(api: ApiKind, buf: Buffer, s: number, e: number): boolean {
  if (e - s < 2 || buf[s] !== 0x7b || buf[e - 1] !== 0x7d) return false;
  const fr = lastIndexIn(buf, FINISH, s, e);
  if (fr === -1) return false;
  const afterFr = fr + FINISH.length;
  if (!isNullBytesAt(buf, afterFr, e)) return false;
  const usage = indexIn(buf, USAGE, afterFr, e);
  if (usage !== -1 && !isNullBytesAt(buf, usage + USAGE.length, e)) return false;
  if (indexIn(buf, ERROR, afterFr, e) !== -1) return false;
  if (api === 'completions') return lastIndexIn(buf, TEXT, s, fr) !== -1;
  return lastIndexIn(buf, CONTENT, s, fr) !== -1 && lastIndexIn(buf, ROLE, s, fr) === -1;
}

/** The last start of `needle` wholly inside `buf[s, e)`, or -1. */
function lastIndexIn(buf: Buffer, needle: Buffer, s: number, e: number): number {
  const n = needle.length;
  const first = needle[0];
  outer: for (let i = e - n; i >= s; i--) {
    if (buf[i] !== first) continue;
    for (let k = 1; k < n; k++) if (buf[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** The first start of `needle` wholly inside `buf[s, e)`, or -1. */
function indexIn(buf: Buffer, needle: Buffer, s: number, e: number): number {
  const n = needle.length;
  const first = needle[0];
  outer: for (let i = s; i <= e - n; i++) {
    if (buf[i] !== first) continue;
    for (let k = 1; k < n; k++) if (buf[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

function isNullBytesAt(b: Buffer, i: number, e: number): boolean {
  let j = i;
  while (j < e && b[j] === 0x20) j++;
  if (j >= e || b[j] !== 0x3a) return false;
  j++;
  while (j < e && b[j] === 0x20) j++;
  return j + 4 <= e && b[j] === 0x6e && b[j + 1] === 0x75 && b[j + 2] === 0x6c && b[j + 3] === 0x6c;
}

/** True when the JSON value after the key ending at `i` (`: null`, spaces allowed) is null. */
function isNullAt(p: string, i: number): boolean {
  let j = i;
  while (p.charCodeAt(j) === 0x20) j++;
  if (p.charCodeAt(j) !== 0x3a) return false;
  j++;
  while (p.charCodeAt(j) === 0x20) j++;
  return p.startsWith('null', j);
}

function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return JSON.stringify(error);
}

/** The first 120 characters of `text`, for error messages. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}
