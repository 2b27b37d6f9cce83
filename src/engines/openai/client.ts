// The HTTP side of the openai engine. Streaming POSTs, the hot path, go over a lean HTTP/1.1
// connection pool sized to the load (`http1.ts`: one reusable read buffer, the SSE parsed off it
// with one clock read per socket read; measured in bench/openai-client.js); the occasional plain
// request (readiness, model list, tokenizer) uses Node's own `node:http`. Every failure of a
// stream becomes a message on the request, never an exception: refused connections, resets, HTTP
// errors, malformed events, stalls and timeouts. Retries are bounded and happen only where no
// token can have been lost or generated twice for us: a refused connection, a reset of a reused
// keep-alive socket before any response, and the server's own "try later" (429, 503).
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../../core/clock.js';
import { ABORTED } from '../dispatch.js';
import { Http1Connection, type ResponseSink } from './http1.js';
import { ConnectionPool } from './pool.js';
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
  /**
   * PEM certificate(s) to trust for an https base_url, e.g. a private CA (they replace the
   * default roots); default: Node's roots and NODE_EXTRA_CA_CERTS.
   */
  ca?: string;
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
const REUSED_SOCKET_RACE = new Set(['ECONNRESET', 'EPIPE', 'closed']);

/** A small client for OpenAI-compatible servers; call `close()` to release its sockets. */
export class OpenAIClient {
  readonly #url: URL;
  readonly #prefix: string;
  readonly #o: Required<Omit<ClientOptions, 'headers' | 'baseUrl' | 'clock' | 'ca'>>;
  readonly #clock: Clock;
  readonly #headers: Record<string, string>;
  readonly #transport: typeof http | typeof https;
  readonly #agent: http.Agent;
  readonly #pool: ConnectionPool;
  /** The request head up to (not including) the content-length value, per path. */
  readonly #heads = new Map<string, string>();
  readonly #inFlight = new Set<InFlight>();
  #watchdog: NodeJS.Timeout | undefined;

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
    const secure = this.#url.protocol === 'https:';
    this.#transport = secure ? https : http;
    const Agent = secure ? https.Agent : http.Agent;
    const ca = secure && options.ca !== undefined ? { ca: options.ca } : {};
    this.#agent = new Agent({ keepAlive: true, maxSockets: 4, maxFreeSockets: 4, ...ca });
    const host = this.#url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(this.#url.port || (secure ? 443 : 80));
    const clock = this.#clock;
    this.#pool = new ConnectionPool({ host, port, tls: secure, authority: this.#url.host, ...ca }, () =>
      clock.nowMs(),
    );
  }

  /** Socket reads of streamed bodies so far (tokens ÷ reads tells how many tokens arrive per read). */
  get reads(): number {
    return this.#pool.reads;
  }

  /** Keeps up to `n` streaming connections open to the server (the load's concurrency). */
  sizePool(n: number): void {
    this.#pool.resize(n);
  }

  /** Streams one POST to `path` (e.g. `/v1/completions`) with the JSON `body`; never throws. */
  async stream(path: string, body: string, api: ApiKind, signal?: AbortSignal): Promise<StreamResult> {
    const startMs = this.#clock.nowMs();
    const deadlineMs = startMs + this.#o.requestTimeoutMs;
    const request = this.#requestBytes(path, body);
    let attempts = 0;
    for (;;) {
      attempts++;
      const state = new StreamState(api);
      const outcome = await this.#attempt(request, state, deadlineMs, signal);
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
    this.#pool.close();
  }

  #target(path: string): URL {
    return new URL(`${this.#prefix}${path}`, this.#url);
  }

  /** The whole request, head and body, as one buffer (one write per attempt). */
  #requestBytes(path: string, body: string): Buffer {
    let head = this.#heads.get(path);
    if (head === undefined) {
      const extra = Object.entries(this.#headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      head =
        `POST ${this.#prefix}${path} HTTP/1.1\r\nhost: ${this.#url.host}\r\n${extra}` +
        'content-type: application/json\r\naccept: text/event-stream\r\ncontent-length: ';
      this.#heads.set(path, head);
    }
    return Buffer.from(`${head}${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  async #attempt(
    request: Buffer,
    state: StreamState,
    deadlineMs: number,
    signal: AbortSignal | undefined,
  ): Promise<Attempt> {
    if (signal?.aborted) return { kind: 'failed', reason: ABORTED };
    const pooled = this.#pool.acquire();
    const conn = pooled instanceof Http1Connection ? pooled : await pooled;
    return new Promise<Attempt>((resolve) => {
      let settled = false;
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
        if (outcome.kind !== 'ok' && conn.busy) conn.destroy();
        this.#pool.release(conn);
        resolve(outcome);
      };
      const after = () => {
        const n = state.tokenTimesMs.length;
        return n === 0 ? 'before the first token' : `after ${n} token${n === 1 ? '' : 's'}`;
      };
      // Every generation ends with a finish reason; `[DONE]` without one is a stream the server
      // cut short, not a short answer (llama-cpp-python does so whenever another request waits).
      const whole = (): Attempt =>
        state.finishReason !== undefined
          ? { kind: 'ok' }
          : {
              kind: 'failed',
              reason: `stream cut short by the server: [DONE] with no finish_reason ${after()} (llama-cpp-python's server does this when another request arrives unless started with --interrupt_requests False)`,
            };
      if (signal?.aborted) {
        finish({ kind: 'failed', reason: ABORTED });
        return;
      }
      let error: ErrorBody | undefined;
      let splitter: SseSplitter | undefined;
      const sink: ResponseSink = {
        head: (status, reason, headers, atMs) => {
          entry.lastByteMs = atMs;
          if (status === 200) {
            splitter = new SseSplitter(
              (payload) => state.onData(payload, entry.lastByteMs),
              (buf, start, end) => state.onBytes(buf, start, end, entry.lastByteMs),
            );
            return;
          }
          error = {
            reason: `HTTP ${status}${reason ? ` ${reason}` : ''}`,
            retry: status === 429 || status === 503,
            afterMs: retryAfterMs(headers.get('retry-after')),
            chunks: [],
            size: 0,
          };
        },
        body: (buf, start, end, atMs) => {
          if (error !== undefined) {
            if (error.size < 2048) error.chunks.push(Buffer.from(buf.subarray(start, end)));
            error.size += end - start;
            return;
          }
          if (settled || splitter === undefined) return;
          entry.lastByteMs = atMs;
          try {
            splitter.pushRange(buf, start, end);
          } catch (e) {
            if (e instanceof MalformedEventError) {
              finish({ kind: 'failed', reason: `${e.message} ${after()}` });
              return;
            }
            throw e;
          }
          if (state.serverError !== undefined) {
            finish({ kind: 'failed', reason: `server error in stream ${after()}: ${state.serverError}` });
          }
        },
        read: (atMs) => {
          entry.lastByteMs = atMs;
        },
        end: () => {
          if (error !== undefined) {
            finish(errorOutcome(error));
            return;
          }
          splitter?.end();
          if (state.done) finish(whole());
          else if (state.finishReason !== undefined) finish({ kind: 'ok' });
          else finish({ kind: 'failed', reason: `stream ended without [DONE] ${after()}` });
        },
        fail: (code) => {
          if (error !== undefined) {
            // The error body was cut short; the status line is what matters.
            finish(errorOutcome(error));
          } else if (state.done) {
            // `[DONE]` arrived: the stream is whole, however the socket went afterwards.
            finish(whole());
          } else if (
            !conn.responded &&
            (REFUSED.has(code) || (conn.reused && REUSED_SOCKET_RACE.has(code)))
          ) {
            finish({ kind: 'retry', reason: `connection failed (${code})` });
          } else if (code === 'closed' && conn.responded) {
            finish({ kind: 'failed', reason: `connection closed mid-stream ${after()}` });
          } else if (code.startsWith('protocol: ')) {
            finish({ kind: 'failed', reason: `bad HTTP from the server ${after()} (${code.slice(10)})` });
          } else {
            finish({ kind: 'failed', reason: `connection error ${after()} (${code})` });
          }
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#inFlight.add(entry);
      this.#startWatchdog();
      conn.send(request, sink);
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

/** A non-200 answer being read: its status, whether it may be retried, and up to 2 KiB of its body. */
interface ErrorBody {
  reason: string;
  retry: boolean;
  afterMs: number | undefined;
  chunks: Buffer[];
  size: number;
}

function errorOutcome(e: ErrorBody): Attempt {
  const text = snippet(Buffer.concat(e.chunks).toString('utf8'));
  const reason = `${e.reason}${text ? `: ${text}` : ''}`;
  if (!e.retry) return { kind: 'failed', reason };
  return { kind: 'retry', reason, ...(e.afterMs === undefined ? {} : { afterMs: e.afterMs }) };
}

/** `Retry-After` in ms (seconds or an HTTP date); undefined when absent or unreadable. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
