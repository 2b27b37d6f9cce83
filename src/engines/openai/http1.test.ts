import net from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { OpenAIClient } from './client.js';
import { Http1Connection, type ResponseSink } from './http1.js';

// The lean HTTP/1.1 client against real loopback servers (`node:net`, no mocks). A server that
// must show the client several reads writes one piece, then waits until the client has counted a
// read before it writes the next: every piece is its own read, with no timing involved.

const servers: net.Server[] = [];
const serverSockets = new Set<net.Socket>();
const connections: Http1Connection[] = [];
const clients: OpenAIClient[] = [];
const serverErrors: unknown[] = [];

afterEach(async () => {
  for (const c of connections.splice(0)) c.destroy();
  for (const c of clients.splice(0)) c.close();
  for (const s of serverSockets) s.destroy();
  serverSockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  const errors = serverErrors.splice(0);
  expect(errors).toEqual([]);
});

/** One request as the server read it. */
interface Request {
  head: string;
  body: string;
  socket: net.Socket;
  /** Which accepted connection (0, 1, …). */
  connection: number;
  /** Which request on that connection (0, 1, …). */
  index: number;
}

/** A loopback server calling `onRequest` for every complete request (head and content-length body). */
async function serve(
  onRequest: (req: Request) => void | Promise<void>,
): Promise<{ port: number; accepted: () => number }> {
  let accepted = 0;
  const server = net.createServer((socket) => {
    const connection = accepted++;
    serverSockets.add(socket);
    socket.on('close', () => serverSockets.delete(socket));
    socket.on('error', () => {});
    let pending = Buffer.alloc(0);
    let index = 0;
    socket.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      for (;;) {
        const at = pending.indexOf('\r\n\r\n');
        if (at === -1) return;
        const head = pending.toString('latin1', 0, at);
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < at + 4 + length) return;
        const body = pending.toString('utf8', at + 4, at + 4 + length);
        pending = pending.subarray(at + 4 + length);
        const req = { head, body, socket, connection, index: index++ };
        Promise.resolve()
          .then(() => onRequest(req))
          .catch((e: unknown) => serverErrors.push(e));
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, accepted: () => accepted };
}

function connect(port: number): Http1Connection {
  const c = new Http1Connection({ host: '127.0.0.1', port, tls: false, authority: `127.0.0.1:${port}` }, () =>
    performance.now(),
  );
  connections.push(c);
  return c;
}

const GET = 'GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n';

/** Sends `GET` on `conn` and waits until its response ended or failed. */
async function get(conn: Http1Connection): Promise<Recorder> {
  const rec = new Recorder();
  conn.send(GET, rec);
  await rec.settled;
  return rec;
}

/** Resolves once `cond()` holds (checked every turn of the event loop); throws after 2 s. */
async function until(cond: () => boolean, what: string): Promise<void> {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > 2_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A few turns of the event loop (for "nothing more happens" checks). */
async function ticks(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Writes `pieces` one by one, each only after the client counted a read of the previous one. */
async function writeInReads(socket: net.Socket, pieces: Buffer[], reads: () => number): Promise<void> {
  for (const piece of pieces) {
    const before = reads();
    socket.write(piece);
    await until(() => reads() > before, 'a client read');
  }
}

/** `bytes` cut at `cuts` (sorted, unique, inside the buffer). */
function cut(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i]!, end));
}

/** Every byte on its own. */
function bytewise(bytes: Buffer): Buffer[] {
  return Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
}

/** Records everything a connection reports. */
class Recorder implements ResponseSink {
  status = 0;
  reason = '';
  headers = new Map<string, string>();
  heads = 0;
  readonly chunks: Buffer[] = [];
  reads = 0;
  ends = 0;
  readonly fails: string[] = [];
  /** Resolves at the first `end` or `fail`. */
  readonly settled: Promise<void>;
  #settle!: () => void;

  constructor() {
    this.settled = new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  head(status: number, reason: string, headers: ReadonlyMap<string, string>): void {
    this.heads++;
    this.status = status;
    this.reason = reason;
    this.headers = new Map(headers);
  }

  body(buf: Buffer, start: number, end: number): void {
    this.chunks.push(Buffer.from(buf.subarray(start, end)));
  }

  read(): void {
    this.reads++;
  }

  end(): void {
    this.ends++;
    this.#settle();
  }

  fail(code: string): void {
    this.fails.push(code);
    this.#settle();
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }
}

type Framing = 'length' | 'chunked' | 'close';

interface ResponseSpec {
  framing: Framing;
  body: Uint8Array;
  /** Chunk sizes (cycled) for a chunked body. */
  chunkSizes: number[];
  /** A chunk extension on every size line. */
  ext: string;
  /** Trailer lines after the last chunk. */
  trailers: string[];
  upperHex: boolean;
  /** A `100 Continue` before the real head. */
  interim: boolean;
}

/** The exact bytes of a response as `spec` describes it. */
function encode(spec: ResponseSpec): Buffer {
  const body = Buffer.from(spec.body);
  const parts: Buffer[] = [];
  if (spec.interim) parts.push(Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'));
  let head = 'HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n';
  if (spec.framing === 'length') head += `Content-Length: ${body.length}\r\n`;
  if (spec.framing === 'chunked') head += 'Transfer-Encoding: chunked\r\n';
  parts.push(Buffer.from(`${head}\r\n`));
  if (spec.framing !== 'chunked') parts.push(body);
  else {
    const hex = (n: number) => (spec.upperHex ? n.toString(16).toUpperCase() : n.toString(16));
    const sizes = spec.chunkSizes.length > 0 ? spec.chunkSizes : [Math.max(1, body.length)];
    for (let pos = 0, i = 0; pos < body.length; i++) {
      const size = Math.min(sizes[i % sizes.length]!, body.length - pos);
      parts.push(
        Buffer.from(`${hex(size)}${spec.ext}\r\n`),
        body.subarray(pos, pos + size),
        Buffer.from('\r\n'),
      );
      pos += size;
    }
    parts.push(Buffer.from(`0${spec.ext}\r\n${spec.trailers.map((t) => `${t}\r\n`).join('')}\r\n`));
  }
  return Buffer.concat(parts);
}

const specArb: fc.Arbitrary<ResponseSpec> = fc.record({
  framing: fc.constantFrom<Framing>('length', 'chunked', 'close'),
  body: fc.uint8Array({ maxLength: 300 }),
  chunkSizes: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 6 }),
  ext: fc.constantFrom('', ';foo=bar', ';a="b c";d'),
  trailers: fc.constantFrom([], ['x-checksum: abc'], ['a: 1', 'b: 2']),
  upperHex: fc.boolean(),
  interim: fc.boolean(),
});

describe('Http1Connection: bodies cut into reads', () => {
  /** Sends one GET, has the server write `pieces` (each its own read), closes after them for `close`. */
  async function roundTrip(
    port: number,
    current: { pieces: Buffer[]; close: boolean; conn?: Http1Connection },
  ) {
    const conn = connect(port);
    current.conn = conn;
    const rec = await get(conn);
    await ticks();
    return { conn, rec };
  }

  async function server(current: { pieces: Buffer[]; close: boolean; conn?: Http1Connection }) {
    return serve(async ({ socket }) => {
      const conn = current.conn!;
      await writeInReads(socket, current.pieces, () => conn.reads);
      if (current.close) socket.end();
    });
  }

  it('delivers the same body and one end however the response is cut (property)', async () => {
    const current: { pieces: Buffer[]; close: boolean; conn?: Http1Connection } = {
      pieces: [],
      close: false,
    };
    const { port } = await server(current);
    await fc.assert(
      fc.asyncProperty(
        specArb.chain((spec) => {
          const bytes = encode(spec);
          return fc.record({
            spec: fc.constant(spec),
            bytes: fc.constant(bytes),
            cuts: fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 10 }),
          });
        }),
        async ({ spec, bytes, cuts }) => {
          current.pieces = cut(bytes, cuts);
          current.close = spec.framing === 'close';
          const { conn, rec } = await roundTrip(port, current);
          expect(rec.fails).toEqual([]);
          expect(rec.ends).toBe(1);
          expect(rec.heads).toBe(1);
          expect(rec.status).toBe(200);
          expect(Buffer.concat(rec.chunks).equals(Buffer.from(spec.body))).toBe(true);
          expect(conn.reads).toBe(current.pieces.length);
          expect(conn.alive).toBe(spec.framing !== 'close');
          expect(conn.busy).toBe(false);
          conn.destroy();
        },
      ),
      { numRuns: 100 },
    );
  });

  const examples: [string, ResponseSpec][] = [
    [
      'content-length',
      {
        framing: 'length',
        body: Buffer.from('hello, world'),
        chunkSizes: [],
        ext: '',
        trailers: [],
        upperHex: false,
        interim: false,
      },
    ],
    [
      'chunked, with extensions and trailers',
      {
        framing: 'chunked',
        body: Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'),
        chunkSizes: [5, 1, 17, 26],
        ext: ';foo=bar',
        trailers: ['x-checksum: abc', 'x-more: 1'],
        upperHex: true,
        interim: false,
      },
    ],
    [
      'close-delimited',
      {
        framing: 'close',
        body: Buffer.from('until the server closes'),
        chunkSizes: [],
        ext: '',
        trailers: [],
        upperHex: false,
        interim: false,
      },
    ],
    [
      'after a 100 Continue',
      {
        framing: 'chunked',
        body: Buffer.from('continued'),
        chunkSizes: [4],
        ext: '',
        trailers: [],
        upperHex: false,
        interim: true,
      },
    ],
  ];

  it.each(examples)('%s: one byte per read (every head, size line and CR/LF split)', async (_, spec) => {
    const bytes = encode(spec);
    const current: { pieces: Buffer[]; close: boolean; conn?: Http1Connection } = {
      pieces: bytewise(bytes),
      close: spec.framing === 'close',
    };
    const { port } = await server(current);
    const { conn, rec } = await roundTrip(port, current);
    expect(rec.fails).toEqual([]);
    expect(rec.ends).toBe(1);
    expect(rec.heads).toBe(1);
    expect(rec.text).toBe(Buffer.from(spec.body).toString('latin1'));
    expect(conn.reads).toBe(bytes.length);
    expect(conn.alive).toBe(spec.framing !== 'close');
  });

  it.each(examples)('%s: the whole response in one read', async (_, spec) => {
    const bytes = encode(spec);
    const current: { pieces: Buffer[]; close: boolean; conn?: Http1Connection } = {
      pieces: [bytes],
      close: spec.framing === 'close',
    };
    const { port } = await server(current);
    const { conn, rec } = await roundTrip(port, current);
    expect([rec.ends, rec.fails, rec.heads]).toEqual([1, [], 1]);
    expect(rec.text).toBe(Buffer.from(spec.body).toString('latin1'));
    expect(conn.reads).toBe(1);
  });

  it('reports the status, reason and lower-cased headers (repeated ones joined)', async () => {
    const { port } = await serve(({ socket }) => {
      socket.write('HTTP/1.1 404 Not Found\r\nX-One: a\r\nx-one: b\r\nContent-Length: 2\r\n\r\nno');
    });
    const conn = connect(port);
    const rec = await get(conn);
    expect([rec.status, rec.reason, rec.headers.get('x-one'), rec.text]).toEqual([
      404,
      'Not Found',
      'a, b',
      'no',
    ]);
  });

  it('skips a 100 Continue and ends a 204 with no body at its head', async () => {
    const { port } = await serve(({ socket }) => {
      socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n');
    });
    const conn = connect(port);
    const rec = await get(conn);
    expect([rec.heads, rec.status, rec.ends, rec.text, conn.alive]).toEqual([1, 204, 1, '', true]);
  });
});

describe('Http1Connection: keep-alive', () => {
  it('serves two requests in sequence on one socket; only the second is reused', async () => {
    const seen: [number, number][] = [];
    const { port, accepted } = await serve(({ socket, connection, index }) => {
      seen.push([connection, index]);
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\n${index}`);
    });
    const conn = connect(port);
    const reused: boolean[] = [];
    for (let i = 0; i < 2; i++) {
      const rec = new Recorder();
      conn.send(GET, rec);
      reused.push(conn.reused);
      expect(conn.busy).toBe(true);
      await rec.settled;
      expect([rec.ends, rec.fails, rec.text, conn.alive, conn.busy]).toEqual([1, [], String(i), true, false]);
    }
    expect(reused).toEqual([false, true]);
    expect(seen).toEqual([
      [0, 0],
      [0, 1],
    ]);
    expect(accepted()).toBe(1);
  });

  it.each([
    [
      'HTTP/1.1 with Connection: close',
      'HTTP/1.1 200 OK\r\nConnection: close\r\ncontent-length: 2\r\n\r\nok',
      false,
    ],
    ['HTTP/1.0 without keep-alive', 'HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok', false],
    [
      'HTTP/1.0 with Connection: keep-alive',
      'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\ncontent-length: 2\r\n\r\nok',
      true,
    ],
  ])('%s: alive after the end is %s', async (_, response, alive) => {
    let clientEnded: Promise<unknown> | undefined;
    const { port } = await serve(({ socket }) => {
      clientEnded = new Promise((resolve) => socket.once('end', resolve));
      socket.write(response);
    });
    const conn = connect(port);
    const rec = await get(conn);
    expect([rec.ends, rec.text, conn.alive]).toEqual([1, 'ok', alive]);
    if (!alive) await clientEnded; // the client closes its side of a connection it will not reuse
  });

  it('an idle connection closed by the server calls onIdleClose once', async () => {
    const { port } = await serve(({ socket }) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
      socket.end();
    });
    const conn = connect(port);
    let idleCloses = 0;
    conn.onIdleClose(() => idleCloses++);
    const rec = await get(conn);
    await until(() => idleCloses > 0, 'onIdleClose');
    await ticks();
    expect([rec.ends, rec.fails, idleCloses, conn.alive]).toEqual([1, [], 1, false]);
  });

  it('bytes from the server with no request in flight: the connection is dropped (onIdleClose)', async () => {
    let serverSocket: net.Socket | undefined;
    const { port } = await serve(({ socket }) => {
      serverSocket = socket;
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
    });
    const conn = connect(port);
    let idleCloses = 0;
    conn.onIdleClose(() => idleCloses++);
    await get(conn);
    expect(conn.alive).toBe(true);
    serverSocket!.write('HTTP/1.1 200 OK\r\n\r\n');
    await until(() => idleCloses > 0, 'onIdleClose');
    await ticks();
    expect([idleCloses, conn.alive]).toEqual([1, false]);
  });

  it('bytes after a complete response in the same read: the connection is not reused', async () => {
    const { port } = await serve(({ socket }) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokEXTRA');
    });
    const conn = connect(port);
    let idleCloses = 0;
    conn.onIdleClose(() => idleCloses++);
    const rec = await get(conn);
    await ticks();
    expect([rec.ends, rec.fails, rec.text, conn.alive, idleCloses]).toEqual([1, [], 'ok', false, 1]);
  });
});

describe('Http1Connection: failures', () => {
  const heads: Record<Framing, string> = {
    length: 'HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n',
    chunked: 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3e8\r\n',
    close: 'HTTP/1.1 200 OK\r\n\r\n',
  };

  /** The server sends a head and part of the body, waits until the client has it, then does `stop`. */
  async function cutShort(framing: Framing, stop: (s: net.Socket) => void): Promise<Recorder> {
    const rec = new Recorder();
    const { port } = await serve(async ({ socket }) => {
      socket.write(`${heads[framing]}partial`);
      await until(() => rec.chunks.length > 0, 'the first body bytes');
      stop(socket);
    });
    const conn = connect(port);
    conn.send(GET, rec);
    await rec.settled;
    await ticks();
    expect(rec.text).toBe('partial');
    expect(conn.alive).toBe(false);
    return rec;
  }

  it.each(['length', 'chunked', 'close'] as const)(
    '%s body: a reset mid-body fails with ECONNRESET, never ends',
    async (framing) => {
      const rec = await cutShort(framing, (s) => s.resetAndDestroy());
      expect([rec.ends, rec.fails]).toEqual([0, ['ECONNRESET']]);
    },
  );

  it.each(['length', 'chunked'] as const)(
    '%s body: a clean close mid-body fails with "closed"',
    async (framing) => {
      const rec = await cutShort(framing, (s) => s.end());
      expect([rec.ends, rec.fails]).toEqual([0, ['closed']]);
    },
  );

  it.each(['length', 'chunked'] as const)(
    '%s body: a destroy mid-body fails with "closed"',
    async (framing) => {
      const rec = await cutShort(framing, (s) => s.destroy());
      expect([rec.ends, rec.fails]).toEqual([0, ['closed']]);
    },
  );

  it('a clean close before any response fails with "closed"', async () => {
    const { port } = await serve(({ socket }) => {
      socket.end();
    });
    const conn = connect(port);
    const rec = await get(conn);
    expect([rec.heads, rec.fails, conn.responded]).toEqual([0, ['closed'], false]);
  });

  it.each([
    [
      'a garbage status line',
      'SSH-2.0-OpenSSH_9.6\r\n\r\n',
      'protocol: not an HTTP/1.x status line: "SSH-2.0-OpenSSH_9.6"',
    ],
    [
      'HTTP/2 in the status line',
      'HTTP/2 200\r\n\r\n',
      'protocol: not an HTTP/1.x status line: "HTTP/2 200"',
    ],
    [
      'a bad chunk size',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n',
      'protocol: bad chunk size "zz"',
    ],
    [
      'chunk data longer than its size',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabcd\r\n',
      'protocol: chunk data longer than its size',
    ],
    [
      'a head over 64 KiB',
      `HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(70 * 1024)}`,
      'protocol: response head over 64 KiB',
    ],
  ])('%s fails with a protocol error', async (_, response, code) => {
    const { port } = await serve(({ socket }) => {
      socket.write(response);
    });
    const conn = connect(port);
    const rec = await get(conn);
    await ticks();
    expect([rec.ends, rec.fails, conn.alive, conn.busy]).toEqual([0, [code], false, false]);
  });

  it('a refused connection fails with ECONNREFUSED', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const conn = connect(port);
    const rec = await get(conn);
    await ticks();
    expect([rec.ends, rec.fails, conn.responded, conn.alive]).toEqual([0, ['ECONNREFUSED'], false, false]);
  });

  it('destroy() mid-response: the sink hears nothing more', async () => {
    const { port } = await serve(async ({ socket }) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nabc');
    });
    const conn = connect(port);
    const rec = new Recorder();
    conn.send(GET, rec);
    await until(() => rec.chunks.length > 0, 'the first body bytes');
    conn.destroy();
    await ticks();
    expect([rec.ends, rec.fails, conn.alive, conn.busy]).toEqual([0, [], false, false]);
  });
});

describe('OpenAIClient.stream over Http1Connection', () => {
  const token = (t: string) => `data: ${JSON.stringify({ choices: [{ text: t, finish_reason: null }] })}\n\n`;
  const FINISH = `data: ${JSON.stringify({ choices: [{ text: '', finish_reason: 'length' }] })}\n\ndata: [DONE]\n\n`;
  const sse = (n: number) => `${Array.from({ length: n }, (_, i) => token(` t${i}`)).join('')}${FINISH}`;
  const withLength = (body: string) =>
    `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

  function client(port: number): OpenAIClient {
    const c = new OpenAIClient({
      baseUrl: `http://127.0.0.1:${port}`,
      clock: systemClock,
      maxRetries: 1,
      retryDelayMs: 1,
    });
    clients.push(c);
    return c;
  }

  it.each([
    ['closes', (s: net.Socket) => s.destroy(), 'closed'],
    ['resets', (s: net.Socket) => s.resetAndDestroy(), 'ECONNRESET'],
  ])(
    'a reused keep-alive socket the server %s on the next request is retried on a fresh one',
    async (_, stop) => {
      const seen: string[] = [];
      const { port, accepted } = await serve(({ socket, connection, index, head }) => {
        seen.push(`${connection}.${index} ${head.split('\r\n')[0]}`);
        if (connection === 0 && index === 1) stop(socket);
        else socket.write(withLength(sse(2)));
      });
      const c = client(port);
      const first = await c.stream('/v1/completions', '{"prompt":"a"}', 'completions');
      expect([first.error, first.attempts, first.state.tokenTimesMs.length]).toEqual([undefined, 1, 2]);
      const second = await c.stream('/v1/completions', '{"prompt":"b"}', 'completions');
      expect([second.error, second.attempts, second.state.tokenTimesMs.length]).toEqual([undefined, 2, 2]);
      expect(seen).toEqual([
        '0.0 POST /v1/completions HTTP/1.1',
        '0.1 POST /v1/completions HTTP/1.1',
        '1.0 POST /v1/completions HTTP/1.1',
      ]);
      expect(accepted()).toBe(2);
    },
  );

  it('the pool opens at most sizePool connections; further requests wait for a free one and all succeed', async () => {
    let inFlight = 0;
    let most = 0;
    const { port, accepted } = await serve(({ socket }) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        socket.write(withLength(sse(2)));
      }, 5);
    });
    const c = client(port);
    c.sizePool(2);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => c.stream('/v1/completions', `{"prompt":"${i}"}`, 'completions')),
    );
    expect(results.map((r) => [r.error, r.attempts, r.state.tokenTimesMs.length])).toEqual(
      Array.from({ length: 5 }, () => [undefined, 1, 2]),
    );
    expect([accepted(), most]).toEqual([2, 2]);
  });

  it('a response with bytes beyond its length: the next request goes on a fresh connection', async () => {
    const { port, accepted } = await serve(({ socket }) => {
      socket.write(`${withLength(sse(1))}HTTP/1.1 200 OK\r\n`);
    });
    const c = client(port);
    for (let i = 0; i < 2; i++) {
      const r = await c.stream('/v1/completions', '{}', 'completions');
      expect([r.error, r.attempts, r.state.tokenTimesMs.length]).toEqual([undefined, 1, 1]);
    }
    expect(accepted()).toBe(2);
  });

  it('a reset after some tokens is not retried', async () => {
    let c: OpenAIClient | undefined;
    const { accepted, port } = await serve(async ({ socket }) => {
      await writeInReads(
        socket,
        [
          Buffer.from(
            'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n',
          ),
          Buffer.from(
            `${Buffer.byteLength(sse(3)).toString(16)}\r\n${token(' a')}${token(' b')}${token(' c')}`,
          ),
        ],
        () => c!.reads,
      );
      socket.resetAndDestroy();
    });
    c = client(port);
    const r = await c.stream('/v1/completions', '{}', 'completions');
    expect(r.error).toBe('connection error after 3 tokens (ECONNRESET)');
    expect([r.attempts, r.state.tokenTimesMs.length, accepted(), c.reads]).toEqual([1, 3, 1, 2]);
  });

  it('a close-delimited stream reset after [DONE] is whole: the request succeeds', async () => {
    let c: OpenAIClient | undefined;
    const { port } = await serve(async ({ socket }) => {
      await writeInReads(
        socket,
        [Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n'), Buffer.from(sse(2))],
        () => c!.reads,
      );
      socket.resetAndDestroy();
    });
    c = client(port);
    const r = await c.stream('/v1/completions', '{}', 'completions');
    expect(r.error).toBeUndefined();
    expect([r.attempts, r.state.tokenTimesMs.length, r.state.done]).toEqual([1, 2, true]);
  });

  it('a chunked 200 stream, one event per chunk, each its own read: every token counted, every read counted', async () => {
    let c: OpenAIClient | undefined;
    const events = [...Array.from({ length: 5 }, (_, i) => token(` w${i}`)), FINISH];
    const pieces = [
      Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n'),
      ...events.map((e) => Buffer.from(`${Buffer.byteLength(e).toString(16)}\r\n${e}\r\n`)),
      Buffer.from('0\r\n\r\n'),
    ];
    const { port } = await serve(async ({ socket }) => {
      await writeInReads(socket, pieces, () => c!.reads);
    });
    c = client(port);
    expect(c.reads).toBe(0);
    const r = await c.stream('/v1/completions', '{}', 'completions');
    expect([r.error, r.attempts, r.state.tokenTimesMs.length, r.state.finishReason, r.state.done]).toEqual([
      undefined,
      1,
      5,
      'length',
      true,
    ]);
    expect(c.reads).toBe(pieces.length);
    // Token times are read times, in order, within the request.
    const times = r.state.tokenTimesMs;
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[0]!).toBeGreaterThanOrEqual(r.startMs);
    expect(times.at(-1)!).toBeLessThanOrEqual(r.endMs);
  });

  it('reads of closed connections still count', async () => {
    const { port } = await serve(({ socket }) => {
      socket.end(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n${sse(1)}`);
    });
    const c = client(port);
    const r = await c.stream('/v1/completions', '{}', 'completions');
    expect([r.error, r.state.tokenTimesMs.length]).toEqual([undefined, 1]);
    expect(c.reads).toBeGreaterThanOrEqual(1);
    const before = c.reads;
    const again = await c.stream('/v1/completions', '{}', 'completions');
    expect(again.error).toBeUndefined();
    expect(c.reads).toBeGreaterThan(before);
  });
});
