// The HTTP side of the openai engine: streaming POSTs over Node's own `node:http` with one
// keep-alive agent sized to the load (no dependency; measured in bench/openai-client.js). Every
// failure becomes a message on the request, never an exception: refused connections, resets,
// HTTP errors, malformed events, stalls and timeouts. Retries are bounded and happen only where
// no token can have been lost or generated twice for us: a refused connection, a reset of a
// reused keep-alive socket before any response, and the server's own "try later" (429, 503).
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../../core/clock.js';
import { ABORTED } from '../dispatch.js';
import { SseSplitter } from './sse.js';
import { type ApiKind, MalformedEventError, StreamState, snippet } from './stream.js';

/** Options of `OpenAIClient`. */
export interface ClientOptions {
  /** Server root, e.g. `http://127.0.0.1:8000` (a trailing `/v1` is accepted). */
  baseUrl: string;
  clock: Clock;
  /** Longest a request may take from its first send to its last byte, ms [600 000]. */
  requestTimeoutMs?: number;
  /** Longest gap with no byte from the server once a request is sent, ms [60 000]. */
  stallTimeoutMs?: number;
  /** Retries of a request that failed in a retry-safe way [2]. */
  maxRetries?: number;
  /** First retry delay, doubled per retry, ms [100]; a `Retry-After` header wins (capped at 5 s). */
  retryDelayMs?: number;
  /** Extra request headers (an `Authorization` header, for example). */
  headers?: Record<string, string>;
}

/** What one streamed request produced. */
export interface StreamResult {
  /** When the first attempt was written, ms. */
  startMs: number;
  /** When the last byte arrived or the request failed, ms. */
  endMs: number;
  state: StreamState;
  /** Attempts made (1 without retries). */
  attempts: number;
  /** Why the request failed, when it did. */
  error?: string;
}

/** A non-streaming answer. */
export interface JsonAnswer {
  status: number;
  body: string;
}

type Attempt =
  | { kind: 'ok' }
  | { kind: 'retry'; reason: string; afterMs?: number }
  | { kind: 'failed'; reason: string };

interface InFlight {
  lastByteMs: number;
  deadlineMs: number;
  fail: (reason: string) => void;
  tokens: () => number;
}

/** Retry-safe connection errors (nothing of the request can have been processed). */
const REFUSED = new Set(['ECONNREFUSED']);
const REUSED_SOCKET_RACE = new Set(['ECONNRESET', 'EPIPE']);

/** A small client for OpenAI-compatible servers; call `close()` to release its sockets. */
export class OpenAIClient {
  readonly #url: URL;
  readonly #prefix: string;
  readonly #o: Required<Omit<ClientOptions, 'headers' | 'baseUrl' | 'clock'>>;
  readonly #clock: Clock;
  readonly #headers: Record<string, string>;
  readonly #transport: typeof http | typeof https;
  #agent: http.Agent;
  #sockets = 0;
  readonly #inFlight = new Set<InFlight>();
  #watchdog: NodeJS.Timeout | undefined;
  /** Socket reads of streamed bodies so far (tokens ÷ reads tells how many tokens arrive per read). */
  reads = 0;

  constructor(options: ClientOptions) {
    this.#url = new URL(options.baseUrl);
    this.#prefix = this.#url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.#clock = options.clock;
    this.#headers = options.headers ?? {};
    this.#o = {
      requestTimeoutMs: options.requestTimeoutMs ?? 600_000,
      stallTimeoutMs: options.stallTimeoutMs ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
      retryDelayMs: options.retryDelayMs ?? 100,
    };
    this.#transport = this.#url.protocol === 'https:' ? https : http;
    this.#agent = this.#newAgent(16);
  }

  /** Keeps up to `n` connections open to the server (the load's concurrency); never shrinks below in-flight use. */
  sizePool(n: number): void {
    if (n === this.#sockets) return;
    if (this.#inFlight.size === 0) {
      this.#agent.destroy();
      this.#agent = this.#newAgent(n);
    }
  }

  /** Streams one POST to `path` (e.g. `/v1/completions`) with the JSON `body`; never throws. */
  async stream(path: string, body: string, api: ApiKind, signal?: AbortSignal): Promise<StreamResult> {
    const startMs = this.#clock.nowMs();
    const deadlineMs = startMs + this.#o.requestTimeoutMs;
    let attempts = 0;
    for (;;) {
      attempts++;
      const state = new StreamState(api);
      const outcome = await this.#attempt(path, body, state, deadlineMs, signal);
      const endMs = this.#clock.nowMs();
      if (outcome.kind === 'ok') return { startMs, endMs, state, attempts };
      const canRetry = outcome.kind === 'retry' && attempts <= this.#o.maxRetries && signal?.aborted !== true;
      const delayMs =
        outcome.kind === 'retry'
          ? Math.min(5_000, outcome.afterMs ?? this.#o.retryDelayMs * 2 ** (attempts - 1))
          : 0;
      if (!canRetry || endMs + delayMs >= deadlineMs) {
        const suffix = attempts > 1 ? ` (after ${attempts} attempts)` : '';
        return { startMs, endMs, state, attempts, error: `${outcome.reason}${suffix}` };
      }
      try {
        await this.#clock.sleep(delayMs, signal);
      } catch {
        return { startMs, endMs: this.#clock.nowMs(), state, attempts, error: ABORTED };
      }
    }
  }

  /** A plain request with a JSON body (or none), for readiness, model lists and tokenizers; throws on network errors. */
  request(method: 'GET' | 'POST', path: string, json?: unknown, timeoutMs = 10_000): Promise<JsonAnswer> {
    const payload = json === undefined ? undefined : JSON.stringify(json);
    return new Promise((resolve, reject) => {
      const req = this.#transport.request(this.#target(path), {
        method,
        agent: this.#agent,
        headers: {
          ...this.#headers,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
        timeout: timeoutMs,
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      req.end(payload);
    });
  }

  /** Closes every socket and stops the watchdog. */
  close(): void {
    for (const f of this.#inFlight) f.fail(ABORTED);
    if (this.#watchdog) clearInterval(this.#watchdog);
    this.#watchdog = undefined;
    this.#agent.destroy();
  }

  #newAgent(n: number): http.Agent {
    this.#sockets = Math.max(1, n);
    const Agent = this.#transport === https ? https.Agent : http.Agent;
    return new Agent({ keepAlive: true, maxSockets: this.#sockets, maxFreeSockets: this.#sockets });
  }

  #target(path: string): URL {
    return new URL(`${this.#prefix}${path}`, this.#url);
  }

  #attempt(
    path: string,
    body: string,
    state: StreamState,
    deadlineMs: number,
    signal: AbortSignal | undefined,
  ): Promise<Attempt> {
    return new Promise<Attempt>((resolve) => {
      if (signal?.aborted) {
        resolve({ kind: 'failed', reason: ABORTED });
        return;
      }
      let settled = false;
      let responded = false;
      const entry: InFlight = {
        lastByteMs: this.#clock.nowMs(),
        deadlineMs,
        fail: (reason) => finish({ kind: 'failed', reason }),
        tokens: () => state.tokenTimesMs.length,
      };
      const onAbort = () => finish({ kind: 'failed', reason: ABORTED });
      const finish = (outcome: Attempt) => {
        if (settled) return;
        settled = true;
        this.#inFlight.delete(entry);
        signal?.removeEventListener('abort', onAbort);
        if (outcome.kind !== 'ok') req.destroy();
        resolve(outcome);
      };
      const after = () => {
        const n = state.tokenTimesMs.length;
        return n === 0 ? 'before the first token' : `after ${n} token${n === 1 ? '' : 's'}`;
      };
      const req = this.#transport.request(this.#target(path), {
        method: 'POST',
        agent: this.#agent,
        headers: {
          ...this.#headers,
          'content-type': 'application/json',
          accept: 'text/event-stream',
          'content-length': Buffer.byteLength(body),
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#inFlight.add(entry);
      this.#startWatchdog();
      req.on('error', (e: NodeJS.ErrnoException) => {
        const code = e.code ?? e.message;
        if (!responded && (REFUSED.has(code) || (req.reusedSocket && REUSED_SOCKET_RACE.has(code)))) {
          finish({ kind: 'retry', reason: `connection failed (${code})` });
        } else {
          finish({ kind: 'failed', reason: `connection error ${after()} (${code})` });
        }
      });
      req.on('response', (res) => {
        responded = true;
        entry.lastByteMs = this.#clock.nowMs();
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          collectError(res, (text) => {
            const reason = `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}${text ? `: ${text}` : ''}`;
            if (status === 429 || status === 503) {
              const afterMs = retryAfterMs(res.headers['retry-after']);
              finish({ kind: 'retry', reason, ...(afterMs === undefined ? {} : { afterMs }) });
            } else finish({ kind: 'failed', reason });
          });
          return;
        }
        const splitter = new SseSplitter(
          (payload) => state.onData(payload, entry.lastByteMs),
          (buf, start, end) => state.onBytes(buf, start, end, entry.lastByteMs),
        );
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          this.reads++;
          entry.lastByteMs = this.#clock.nowMs();
          try {
            splitter.push(chunk);
          } catch (e) {
            if (e instanceof MalformedEventError)
              finish({ kind: 'failed', reason: `${e.message} ${after()}` });
            else throw e;
          }
          if (state.serverError !== undefined) {
            finish({ kind: 'failed', reason: `server error in stream ${after()}: ${state.serverError}` });
          }
        });
        res.on('end', () => {
          splitter.end();
          if (state.done || state.finishReason !== undefined) finish({ kind: 'ok' });
          else finish({ kind: 'failed', reason: `stream ended without [DONE] ${after()}` });
        });
        res.on('close', () => {
          if (!res.complete) finish({ kind: 'failed', reason: `connection closed mid-stream ${after()}` });
        });
        res.on('error', (e: NodeJS.ErrnoException) =>
          finish({ kind: 'failed', reason: `connection error ${after()} (${e.code ?? e.message})` }),
        );
      });
      req.end(body);
    });
  }

  /** One timer for every request: checks stalls and deadlines without a timer per token. */
  #startWatchdog(): void {
    if (this.#watchdog !== undefined) return;
    const everyMs = Math.max(5, Math.min(250, this.#o.stallTimeoutMs / 4));
    this.#watchdog = setInterval(() => {
      const now = this.#clock.nowMs();
      for (const f of this.#inFlight) {
        const n = f.tokens();
        const where = n === 0 ? 'before the first token' : `after ${n} tokens`;
        if (now >= f.deadlineMs) {
          f.fail(`timed out ${where} (request_timeout_s ${this.#o.requestTimeoutMs / 1000})`);
        } else if (now - f.lastByteMs >= this.#o.stallTimeoutMs) {
          f.fail(
            `stalled ${where}: no data for ${((now - f.lastByteMs) / 1000).toFixed(1)} s (stall_timeout_s ${this.#o.stallTimeoutMs / 1000})`,
          );
        }
      }
      if (this.#inFlight.size === 0 && this.#watchdog) {
        clearInterval(this.#watchdog);
        this.#watchdog = undefined;
      }
    }, everyMs);
    this.#watchdog.unref();
  }
}

/** Reads up to 2 KiB of an error body and hands it over as one line. */
function collectError(res: http.IncomingMessage, done: (text: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let called = false;
  const end = () => {
    if (called) return;
    called = true;
    done(snippet(Buffer.concat(chunks).toString('utf8')));
  };
  res.on('data', (c: Buffer) => {
    if (size < 2048) chunks.push(c);
    size += c.length;
  });
  res.on('end', end);
  res.on('close', end);
  res.on('error', end);
}

/** `Retry-After` in ms (seconds or an HTTP date); undefined when absent or unreadable. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
