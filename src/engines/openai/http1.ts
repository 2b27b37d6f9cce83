// A lean HTTP/1.1 client connection for the streaming hot path (SPEC §3.3): one keep-alive
// socket, one request at a time, the response parsed straight off the socket's read buffer.
// Plain TCP reads go into one reusable buffer (`net`'s `onread`: no Buffer and no stream event
// per read), the head is parsed once per response, and the body (content-length, chunked or
// close-delimited) reaches the caller as byte ranges of that buffer, valid only during the call.
// Node's own `node:http` costs about twice the CPU per read (bench/openai-client.js), which at one
// token per read is the client's whole budget. TLS sockets take the ordinary `data` path.
import net from 'node:net';
import tls from 'node:tls';

/** What a connection reports about the response to the request it is serving. */
export interface ResponseSink {
  /** The status line and headers (names lower-cased) arrived; `atMs` is the read's time. */
  head(status: number, reason: string, headers: ReadonlyMap<string, string>, atMs: number): void;
  /** Body bytes `buf[start, end)`; the buffer is reused after the call returns. */
  body(buf: Buffer, start: number, end: number, atMs: number): void;
  /** Called after each read that leaves the response in flight (the read's time, for stall tracking). */
  read(atMs: number): void;
  /** The body is complete. */
  end(): void;
  /**
   * The connection failed before the body was complete. `code` is the socket error code
   * (`ECONNRESET`, `ECONNREFUSED`, …), a TLS error's code and message
   * (`DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate`), `closed` for a clean close, or `protocol: …`.
   */
  fail(code: string): void;
}

/** Where and how to connect. */
export interface Endpoint {
  host: string;
  port: number;
  tls: boolean;
  /** The `host` header value. */
  authority: string;
  /**
   * PEM certificate(s) to trust for TLS. These replace Node's default roots (and
   * NODE_EXTRA_CA_CERTS) for this connection; when absent, the defaults apply.
   */
  ca?: string | Buffer;
}

/** Reads of plain sockets land here; one buffer serves every connection (reads are handled synchronously). */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

const CR = 0x0d;
const LF = 0x0a;
const HEAD_END = Buffer.from('\r\n\r\n');
const MAX_HEAD = 64 * 1024;

// Where the response parser is.
const HEAD = 0;
const LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_DATA_END = 4;
const TRAILERS = 5;
const UNTIL_CLOSE = 6;
const DONE = 7;

/** One keep-alive connection; `send` one request, wait for `end`/`fail`, then send the next. */
export class Http1Connection {
  readonly #socket: net.Socket;
  readonly #clock: () => number;
  #sink: ResponseSink | undefined;
  /** A request was answered in full on this socket before (a reset before any answer may be a race). */
  reused = false;
  /** Some byte of the current response arrived. */
  responded = false;
  /** The socket can take another request. */
  alive = true;
  /** Reads counted over this connection's life (all responses). */
  reads = 0;
  #state = DONE;
  #remaining = 0;
  #keepAlive = true;
  #head: Buffer | undefined;
  #line: Buffer | undefined;
  #onIdleClose: (() => void) | undefined;
  #error: string | undefined;

  constructor(endpoint: Endpoint, clock: () => number) {
    this.#clock = clock;
    if (endpoint.tls) {
      this.#socket = tls.connect({
        host: endpoint.host,
        port: endpoint.port,
        servername: net.isIP(endpoint.host) === 0 ? endpoint.host : undefined,
        ALPNProtocols: ['http/1.1'],
        ...(endpoint.ca === undefined ? {} : { ca: endpoint.ca }),
      });
      this.#socket.on('data', (chunk: Buffer) => this.#read(chunk, chunk.length));
    } else {
      this.#socket = net.connect({
        host: endpoint.host,
        port: endpoint.port,
        onread: {
          buffer: READ_BUFFER,
          callback: (n: number, buf: Uint8Array) => {
            this.#read(buf as Buffer, n);
            return true;
          },
        },
      });
    }
    this.#socket.setNoDelay(true);
    this.#socket.on('error', (e: NodeJS.ErrnoException) => {
      // A system error is its bare code (matched for retries); any other (TLS: an untrusted
      // certificate, …) keeps its message too, as the code alone is cryptic.
      const code = e.code === undefined || /^E[A-Z0-9]+$/.test(e.code) ? e.code : `${e.code}: ${e.message}`;
      this.#error ??= code ?? e.message;
    });
    this.#socket.on('end', () => this.#closed());
    this.#socket.on('close', () => this.#closed());
  }

  /** True while a request is in flight. */
  get busy(): boolean {
    return this.#sink !== undefined;
  }

  /** Called when an idle connection is closed by the server (so the pool can drop it). */
  onIdleClose(fn: () => void): void {
    this.#onIdleClose = fn;
  }

  /** Writes one complete request (head and body) and reports its response to `sink`. */
  send(request: Buffer | string, sink: ResponseSink): void {
    this.#sink = sink;
    this.responded = false;
    this.#state = HEAD;
    this.#head = undefined;
    this.#line = undefined;
    this.#keepAlive = true;
    this.#socket.write(request);
  }

  /** Closes the socket now (a failed, stalled or aborted request); the sink hears nothing more. */
  destroy(): void {
    this.alive = false;
    this.#sink = undefined;
    this.#socket.destroy();
  }

  #closed(): void {
    const wasAlive = this.alive;
    this.alive = false;
    const sink = this.#sink;
    if (sink === undefined) {
      if (wasAlive) this.#onIdleClose?.();
      return;
    }
    if (this.#state === UNTIL_CLOSE && this.#error === undefined) {
      this.#finish();
      return;
    }
    this.#sink = undefined;
    this.#socket.destroy();
    sink.fail(this.#error ?? 'closed');
  }

  #protocolError(what: string): void {
    const sink = this.#sink;
    this.destroy();
    sink?.fail(`protocol: ${what}`);
  }

  #finish(): void {
    const sink = this.#sink;
    this.#sink = undefined;
    this.#state = DONE;
    this.reused = true;
    if (!this.#keepAlive) {
      this.alive = false;
      this.#socket.end();
    }
    sink?.end();
  }

  #read(buf: Buffer, n: number): void {
    this.reads++;
    const sink = this.#sink;
    if (sink === undefined) {
      // Bytes with no request in flight: the server broke the protocol; never reuse this socket.
      if (this.alive) {
        this.alive = false;
        this.#socket.destroy();
        this.#onIdleClose?.();
      }
      return;
    }
    const atMs = this.#clock();
    this.responded = true;
    let pos = 0;
    while (pos < n && this.#sink === sink) {
      switch (this.#state) {
        case HEAD:
          pos = this.#readHead(buf, pos, n, atMs);
          break;
        case LENGTH:
        case CHUNK_DATA: {
          const take = Math.min(this.#remaining, n - pos);
          sink.body(buf, pos, pos + take, atMs);
          pos += take;
          this.#remaining -= take;
          if (this.#remaining > 0) break;
          if (this.#state === LENGTH) this.#finish();
          else this.#state = CHUNK_DATA_END;
          break;
        }
        case UNTIL_CLOSE:
          sink.body(buf, pos, n, atMs);
          pos = n;
          break;
        case CHUNK_SIZE:
        case TRAILERS:
        case CHUNK_DATA_END:
          pos = this.#readChunkLine(buf, pos, n);
          break;
        default:
          // DONE: `#finish` detaches the sink, so the loop has already stopped (see below).
          pos = n;
      }
    }
    if (this.#sink === sink) sink.read(atMs);
    else if (pos < n && this.#state === DONE && this.alive) {
      // Bytes after a complete response in the same read (no pipelining): never reuse this socket.
      this.alive = false;
      this.#socket.destroy();
      this.#onIdleClose?.();
    }
  }

  /** Collects the head (it may span reads); returns where the body starts. */
  #readHead(buf: Buffer, pos: number, n: number, atMs: number): number {
    let head: Buffer;
    let from: number;
    if (this.#head === undefined) {
      head = buf.subarray(pos, n);
      from = 0;
    } else {
      from = Math.max(0, this.#head.length - 3);
      head = Buffer.concat([this.#head, buf.subarray(pos, n)]);
    }
    const at = head.indexOf(HEAD_END, from);
    if (at === -1) {
      if (head.length > MAX_HEAD) this.#protocolError('response head over 64 KiB');
      else this.#head = Buffer.from(head); // a copy: `buf` is reused
      return n;
    }
    const consumed = at + 4 - (this.#head?.length ?? 0);
    this.#head = undefined;
    const text = head.toString('latin1', 0, at);
    const lines = text.split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
    if (m === null) {
      this.#protocolError(`not an HTTP/1.x status line: ${JSON.stringify((lines[0] ?? '').slice(0, 60))}`);
      return n;
    }
    const status = Number(m[2]);
    const headers = new Map<string, string>();
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const prev = headers.get(name);
      headers.set(name, prev === undefined ? value : `${prev}, ${value}`);
    }
    if (status >= 100 && status < 200) return pos + consumed; // an interim answer: the real head follows
    const connection = (headers.get('connection') ?? '').toLowerCase();
    this.#keepAlive = m[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    const transfer = (headers.get('transfer-encoding') ?? '').toLowerCase();
    const length = headers.get('content-length');
    if (/\bchunked\b/.test(transfer)) this.#state = CHUNK_SIZE;
    else if (length !== undefined && /^\d+$/.test(length)) {
      this.#remaining = Number(length);
      this.#state = LENGTH;
    } else if (status === 204 || status === 304) {
      this.#remaining = 0;
      this.#state = LENGTH;
    } else {
      this.#state = UNTIL_CLOSE;
      this.#keepAlive = false;
    }
    const sink = this.#sink!;
    sink.head(status, m[3] ?? '', headers, atMs);
    if (this.#sink === sink && this.#state === LENGTH && this.#remaining === 0) this.#finish();
    return pos + consumed;
  }

  /** A chunk-size line, the CRLF after a chunk's data, or a trailer line. */
  #readChunkLine(buf: Buffer, pos: number, n: number): number {
    // Bounded to this read: a native search would run on into the stale rest of the read buffer.
    let lf = pos;
    while (lf < n && buf[lf] !== LF) lf++;
    if (lf === n) {
      const part = Buffer.from(buf.subarray(pos, n));
      this.#line = this.#line === undefined ? part : Buffer.concat([this.#line, part]);
      if (this.#line.length > 4096) this.#protocolError('chunk line over 4 KiB');
      return n;
    }
    let line: string;
    if (this.#line === undefined) {
      line = buf.toString('latin1', pos, lf > pos && buf[lf - 1] === CR ? lf - 1 : lf);
    } else {
      const all = Buffer.concat([this.#line, buf.subarray(pos, lf)]);
      this.#line = undefined;
      line = all.toString(
        'latin1',
        0,
        all.length > 0 && all[all.length - 1] === CR ? all.length - 1 : all.length,
      );
    }
    const next = lf + 1;
    if (this.#state === CHUNK_DATA_END) {
      if (line !== '') this.#protocolError('chunk data longer than its size');
      else this.#state = CHUNK_SIZE;
      return next;
    }
    if (this.#state === TRAILERS) {
      if (line === '') this.#finish();
      return next;
    }
    const size = Number.parseInt(line, 16);
    if (!/^[0-9a-fA-F]+/.test(line) || !Number.isFinite(size)) {
      this.#protocolError(`bad chunk size ${JSON.stringify(line.slice(0, 40))}`);
      return next;
    }
    if (size === 0) this.#state = TRAILERS;
    else {
      this.#remaining = size;
      this.#state = CHUNK_DATA;
    }
    return next;
  }
}
