import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { OpenAIClient } from './client.js';

// The TLS path of the lean HTTP/1.1 client (`Http1Connection` with `tls.connect`) and of the
// plain `node:https` requests, against a real loopback `node:https` server with a self-signed
// certificate made by the `openssl` CLI (no mocks). Skipped where `openssl` is not on PATH.

const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;

const token = (t: string) => `data: ${JSON.stringify({ choices: [{ text: t, finish_reason: null }] })}\n\n`;
const FINISH = `data: ${JSON.stringify({ choices: [{ text: '', finish_reason: 'length' }] })}\n\ndata: [DONE]\n\n`;
const MODELS = JSON.stringify({ object: 'list', data: [{ id: 'tiny', object: 'model' }] });

/** Resolves once `cond()` holds (checked every turn of the event loop); throws after 2 s. */
async function until(cond: () => boolean, what: string): Promise<void> {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > 2_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe.skipIf(!hasOpenssl)(
  `OpenAIClient over TLS${hasOpenssl ? '' : ' (skipped: the openssl CLI is not on PATH)'}`,
  () => {
    let dir = '';
    let cert = '';
    let key = '';
    let server: https.Server | undefined;
    /** TLS handshakes the server completed. */
    let handshakes = 0;
    /** The raw TCP sockets the server accepted (to reset one: a TLS socket cannot be reset). */
    const rawSockets: net.Socket[] = [];
    const clients: OpenAIClient[] = [];
    const serverErrors: unknown[] = [];
    /** How the server answers POST /v1/completions (GET /v1/models is always the model list). */
    let onStream: (res: http.ServerResponse) => void | Promise<void> = () => {};

    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'http1-tls-'));
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=IP:127.0.0.1,DNS:localhost',
          '-keyout',
          path.join(dir, 'key.pem'),
          '-out',
          path.join(dir, 'cert.pem'),
        ],
        { stdio: 'pipe' },
      );
      cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
      key = readFileSync(path.join(dir, 'key.pem'), 'utf8');
    });

    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    afterEach(async () => {
      for (const c of clients.splice(0)) c.close();
      for (const s of rawSockets.splice(0)) s.destroy();
      const s = server;
      server = undefined;
      if (s !== undefined) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      expect(serverErrors.splice(0)).toEqual([]);
    });

    async function serve(): Promise<number> {
      handshakes = 0;
      const s = https.createServer({ cert, key }, (req, res) => {
        if (req.method === 'GET' && req.url === '/v1/models') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(MODELS);
          return;
        }
        if (req.method === 'POST' && req.url === '/v1/completions') {
          req.resume();
          req.on('end', () => {
            res.writeHead(200, { 'content-type': 'text/event-stream' }); // chunked: no length
            Promise.resolve()
              .then(() => onStream(res))
              .catch((e: unknown) => serverErrors.push(e));
          });
          return;
        }
        res.writeHead(404);
        res.end();
      });
      s.on('connection', (socket: net.Socket) => rawSockets.push(socket));
      s.on('secureConnection', () => handshakes++);
      server = s;
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
      return (s.address() as net.AddressInfo).port;
    }

    function client(port: number, ca?: string): OpenAIClient {
      const c = new OpenAIClient({
        baseUrl: `https://127.0.0.1:${port}`,
        clock: systemClock,
        maxRetries: 2,
        retryDelayMs: 1,
        ...(ca === undefined ? {} : { ca }),
      });
      clients.push(c);
      return c;
    }

    it('with `ca`: streams every token and reuses one TLS connection; request() trusts it too', async () => {
      onStream = (res) => {
        for (let i = 0; i < 4; i++) res.write(token(` t${i}`));
        res.end(FINISH);
      };
      const port = await serve();
      const c = client(port, cert);
      for (const prompt of ['a', 'b']) {
        const r = await c.stream('/v1/completions', JSON.stringify({ prompt }), 'completions');
        expect([
          r.error,
          r.attempts,
          r.state.tokenTimesMs.length,
          r.state.finishReason,
          r.state.done,
        ]).toEqual([undefined, 1, 4, 'length', true]);
      }
      expect(handshakes).toBe(1);
      expect(await c.request('GET', '/v1/models')).toEqual({ status: 200, body: MODELS });
    });

    it('without `ca`: the untrusted certificate fails at once, naming the TLS error, with no retry', async () => {
      onStream = (res) => {
        res.end(FINISH);
      };
      const port = await serve();
      const c = client(port);
      const r = await c.stream('/v1/completions', '{}', 'completions');
      expect(r.attempts).toBe(1);
      expect(r.state.tokenTimesMs).toEqual([]);
      expect(r.error).toBe(
        'connection error before the first token (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate)',
      );
      expect(handshakes).toBe(0);
      await expect(c.request('GET', '/v1/models')).rejects.toMatchObject({
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      });
    });

    it('a reset mid-stream over TLS fails naming the tokens received, with no retry', async () => {
      let c: OpenAIClient | undefined;
      onStream = async (res) => {
        // The head, then the three tokens in one write (one TLS record, so one client read), each
        // only after the client read the one before; then a TCP reset.
        res.flushHeaders();
        await until(() => c!.reads >= 1, 'the head read');
        res.write(`${token(' a')}${token(' b')}${token(' c')}`);
        await until(() => c!.reads >= 2, 'the tokens read');
        rawSockets.at(-1)!.resetAndDestroy();
      };
      const port = await serve();
      c = client(port, cert);
      const r = await c.stream('/v1/completions', '{}', 'completions');
      expect(r.error).toBe('connection error after 3 tokens (ECONNRESET)');
      expect([r.attempts, r.state.tokenTimesMs.length, handshakes]).toEqual([1, 3, 1]);
    });
  },
);
