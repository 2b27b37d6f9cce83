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

  /** Interprets one payload received at `atMs`; throws `MalformedEventError` for a payload that is not JSON. */
  onData(payload: string, atMs: number): void {
    if (payload === '[DONE]') {
      this.done = true;
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
