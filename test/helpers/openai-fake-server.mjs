#!/usr/bin/env node
// A small OpenAI-compatible server for the openai engine's tests: streams `max_tokens` tokens per
// request (completions and chat), with or without a `usage` block, and misbehaves on request: a
// prompt containing `#reset`, `#stall`, `#malformed`, `#nodone`, `#interrupt`, `#429`, `#500` or
// `#503` gets that fault; flags make the whole server misbehave (never ready, exit at start, die mid-run).
// `--eos-after N` makes the model "finish" (finish_reason `stop`) after N tokens unless the request
// sets `ignore_eos` or a larger `min_tokens` (as vLLM does), never past `max_tokens`.
//   node openai-fake-server.mjs --port P [--usage] [--token-delay-ms D] [--no-health]
//     [--never-ready] [--exit-at-start] [--exit-after-requests N] [--model ID] [--tokenize]
//     [--retry-after S] [--ignore-sigterm] [--eos-after N]
import { createServer } from 'node:http';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const value = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const port = Number(value('port', '0'));
const model = value('model', 'fake-model');
const tokenDelayMs = Number(value('token-delay-ms', '0'));
const exitAfter = Number(value('exit-after-requests', '0'));
const retryAfter = value('retry-after', undefined);
const eosAfter = value('eos-after', undefined);
let streamed = 0;
/** Requests answered 503 per prompt, to test that retries give up (or succeed) as told. */
const seen = new Map();

if (flag('exit-at-start')) {
  console.error('fake server: cannot load the model (simulated failure)');
  process.exit(2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Tokens generated for `body`: `max_tokens`, or fewer when `--eos-after` lets the model stop early. */
function outputLength(body) {
  const max = Number(body.max_tokens ?? 16);
  if (eosAfter === undefined || body.ignore_eos === true) return max;
  return Math.min(max, Math.max(Number(eosAfter), Number(body.min_tokens ?? 0)));
}

async function stream(req, res, body, chat) {
  const prompt = chat ? (body.messages ?? []).map((m) => m.content).join('\n') : String(body.prompt ?? '');
  for (const code of [429, 500, 503]) {
    if (prompt.includes(`#${code}`)) {
      const n = (seen.get(prompt) ?? 0) + 1;
      seen.set(prompt, n);
      if (prompt.includes('#once') && n > 1) break;
      json(
        res,
        code,
        { error: { message: `simulated ${code}` } },
        retryAfter ? { 'retry-after': retryAfter } : {},
      );
      return;
    }
  }
  streamed++;
  if (exitAfter > 0 && streamed >= exitAfter) {
    console.error(`fake server: dying after ${streamed} requests (simulated crash)`);
    process.exit(3);
  }
  const n = outputLength(body);
  const finish = n < Number(body.max_tokens ?? 16) ? 'stop' : 'length';
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const id = `cmpl-${Math.random().toString(36).slice(2)}`;
  const send = (obj) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
  if (chat)
    send({
      id,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }],
    });
  for (let i = 0; i < n; i++) {
    if (i === 2 && prompt.includes('#reset')) {
      req.socket.destroy();
      return;
    }
    if (i === 2 && prompt.includes('#stall')) return; // keeps the connection open, sends nothing more
    if (i === 3 && prompt.includes('#nodone')) {
      res.end(); // a clean end before the finish reason and [DONE]
      return;
    }
    if (i === 2 && prompt.includes('#interrupt')) {
      res.end('data: [DONE]\n\n'); // cut short as llama-cpp-python does: [DONE], no finish reason
      return;
    }
    if (i === 2 && prompt.includes('#malformed')) {
      res.write('data: {"choices": [ this is not json\n\n');
    }
    const last = i === n - 1;
    const piece = ` tok${i}`;
    if (chat)
      send({
        id,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: { content: piece }, finish_reason: last ? finish : null }],
      });
    else
      send({
        id,
        object: 'text_completion',
        choices: [{ index: 0, text: piece, finish_reason: last ? finish : null }],
      });
    if (tokenDelayMs > 0) await sleep(tokenDelayMs);
  }
  if (flag('usage') && body.stream_options?.include_usage) {
    const promptTokens = prompt.split(/\s+/).filter(Boolean).length + 1;
    send({
      id,
      choices: [],
      usage: { prompt_tokens: promptTokens, completion_tokens: n, total_tokens: promptTokens + n },
    });
  }
  res.end('data: [DONE]\n\n');
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const url = req.url ?? '/';
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    if (flag('never-ready')) return json(res, 503, { error: 'loading' });
    if (url === '/health')
      return flag('no-health') ? json(res, 404, { detail: 'Not Found' }) : json(res, 200, { status: 'ok' });
    if (url === '/v1/models')
      return json(res, 200, { object: 'list', data: [{ id: model, object: 'model' }] });
    if (url === '/extras/tokenize' && flag('tokenize')) {
      const words = String(body.input ?? '')
        .split(/\s+/)
        .filter(Boolean).length;
      return json(res, 200, { tokens: Array.from({ length: words + 1 }, (_, i) => i + 1) });
    }
    if (url === '/v1/completions') return void stream(req, res, body, false);
    if (url === '/v1/chat/completions') return void stream(req, res, body, true);
    json(res, 404, { detail: 'Not Found' });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  console.log(`fake server: listening on ${server.address().port}`);
});
process.on('SIGTERM', () => {
  if (flag('ignore-sigterm')) {
    console.log('fake server: ignoring SIGTERM');
    return;
  }
  console.log('fake server: SIGTERM, closing');
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
