// The openai engine's HTTP client against a fast local SSE server (SPEC §3.3; issue 10's last
// acceptance line). Server and client run in separate processes pinned to different cores
// (`taskset`), so the client's CPU time is its own. Side by side in one run, alternating sides:
//   - CPU per token, saturated: 64 streams × 256 tokens, each response written in one go (many
//     tokens per read); llem's client (node:http + the Buffer-level SSE splitter) vs a Python
//     asyncio/aiohttp client written the way serving benchmarks write it;
//   - CPU per token with tokens arriving one per read at ~30k tokens/s (a real server's decode
//     steps), same two clients;
//   - the highest token rate llem's client sustains on one core (tokens ÷ its CPU seconds, saturated);
//   - p99 send-time error against the schedule at 200 requests/s (llem's dispatcher and paced clock).
// The Python side needs the `bench-client` environment (test/python/bench-client.requirements.txt),
// found through LLEM_BENCH_PYTHON or the CI cache; without it that side is skipped and said so.
// Run: `npm run build && node bench/openai-client.js` (LLEM_BENCH_ROUNDS, default 3).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, homedir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROUNDS = Number(process.env.LLEM_BENCH_ROUNDS ?? 3);
const TOKENS = 256;
const STREAMS = 64;
const SATURATED_REQUESTS = 640; // 163,840 tokens
const PACED_RATE = 30_000; // tokens/s over all streams, one event per write
const PACED_REQUESTS = 256; // 65,536 tokens ≈ 2.2 s at 30k/s
const SEND_RATE = 200; // requests/s for the send-error figure
const SEND_SECONDS = 5;
const SEND_WARMUP = 200; // closed-loop requests before the schedule (llem's warmup phase does the same)

const event = (last) =>
  `data: {"id":"cmpl-bench","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":" tok","logprobs":null,"finish_reason":${last ? '"length"' : 'null'}}]}\n\n`;

// ---------------------------------------------------------------------------------------------
// Server: HTTP/1.1 keep-alive over `net`, a fixed response per request (content-length known).

function serve({ port, mode, tokens }) {
  const events = Array.from({ length: tokens }, (_, i) => Buffer.from(event(i === tokens - 1)));
  events.push(Buffer.from('data: [DONE]\n\n'));
  const bodyLength = events.reduce((a, b) => a + b.length, 0);
  const head = Buffer.from(
    `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: ${bodyLength}\r\nconnection: keep-alive\r\n\r\n`,
  );
  const whole = Buffer.concat([head, ...events]);
  // Paced: one event per write, round-robin over open streams, `rate` events per second in all.
  const active = [];
  if (mode === 'paced') {
    const rate = Number(process.env.BENCH_RATE ?? PACED_RATE);
    let due = 0;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      due += ((now - last) / 1000) * rate;
      last = now;
      while (due >= 1 && active.length > 0) {
        const s = active.shift();
        s.socket.write(events[s.next++]);
        due--;
        if (s.next < events.length) active.push(s);
      }
      if (active.length === 0) due = 0;
    }, 1).unref?.();
    setInterval(() => {}, 1 << 30); // keep the process alive
  }
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headers = buf.toString('latin1', 0, end);
        const m = /content-length:\s*(\d+)/i.exec(headers);
        const total = end + 4 + (m ? Number(m[1]) : 0);
        if (buf.length < total) return;
        buf = buf.subarray(total);
        if (mode === 'paced') {
          socket.write(head);
          active.push({ socket, next: 0 });
        } else socket.write(whole);
      }
    });
    socket.on('error', () => {});
  });
  server.listen(port, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
}

// ---------------------------------------------------------------------------------------------
// llem's client: the engine's OpenAIClient, `streams` workers issuing `requests` in all.

async function llemClient({ url, streams, requests }) {
  const { OpenAIClient } = await import('../dist/engines/openai/client.js');
  const { systemClock } = await import('../dist/core/clock.js');
  const client = new OpenAIClient({ baseUrl: url, clock: systemClock, maxRetries: 0 });
  client.sizePool(streams);
  const body = JSON.stringify({ model: 'm', prompt: 'hello', max_tokens: TOKENS, stream: true });
  let left = requests;
  let tokens = 0;
  let failed = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: streams }, async () => {
      while (left-- > 0) {
        const r = await client.stream('/v1/completions', body, 'completions');
        if (r.error) failed++;
        tokens += r.state.tokenTimesMs.length;
      }
    }),
  );
  printStreamRun({ tokens, failed, reads: client.reads }, cpu0, t0);
  client.close();
}

/** The one JSON line a streaming client role prints: its counts, CPU and wall seconds since `cpu0`/`t0`. */
function printStreamRun(counts, cpu0, t0) {
  const cpu = process.cpuUsage(cpu0);
  const wall_s = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ ...counts, cpu_s: (cpu.user + cpu.system) / 1e6, wall_s }));
}

// The floor: a bare socket client on the same read path (`net` with one reusable `onread`
// buffer), that only finds each event's end and timestamps it: no HTTP parsing, no token check,
// no bookkeeping. What llem's client costs above it is llem's own work; the rest is the kernel's
// and Node's per-read cost, which no client on this runtime avoids.
async function bareClient({ url, streams, requests }) {
  const net = await import('node:net');
  const { port, hostname } = new URL(url);
  const body = JSON.stringify({ model: 'm', prompt: 'hello', max_tokens: TOKENS, stream: true });
  const request = Buffer.from(
    `POST /v1/completions HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
  );
  const END = Buffer.from('\n\n');
  const DONE = Buffer.from('data: [DONE]');
  const times = new Float64Array(1 << 16);
  let left = requests;
  let tokens = 0;
  let reads = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from(
      { length: streams },
      () =>
        new Promise((resolve) => {
          const next = () => {
            if (left-- > 0) socket.write(request);
            else {
              socket.destroy();
              resolve();
            }
          };
          const buffer = Buffer.allocUnsafe(64 * 1024);
          const socket = net.connect({
            port: Number(port),
            host: hostname,
            onread: {
              buffer,
              callback: (n, buf) => {
                reads++;
                const now = performance.now();
                let p = buf.indexOf(0x64); // the first `data:` of this read (after any head)
                while (p !== -1 && p < n) {
                  const e = buf.indexOf(END, p);
                  if (e === -1 || e >= n) break;
                  if (buf[p + 6] === DONE[6]) next();
                  else times[tokens++ & 0xffff] = now;
                  p = e + 2;
                }
                return true;
              },
            },
          });
          socket.setNoDelay(true);
          socket.on('connect', next);
        }),
    ),
  );
  printStreamRun({ tokens, failed: 0, reads }, cpu0, t0);
}

// The send-time error of llem's dispatcher with the engine's paced clock, constant arrivals. With
// `warmup`, a closed loop of that many requests through the same client comes first, as llem's
// warmup phase precedes every measured window; without, the schedule starts on a cold process.
async function sendError({ url, warmup, helpersCore }) {
  const moved = helpersCore === undefined ? [] : moveHelperThreads(helpersCore);
  const { OpenAIClient } = await import('../dist/engines/openai/client.js');
  const { systemClock } = await import('../dist/core/clock.js');
  const { dispatch } = await import('../dist/engines/dispatch.js');
  const { pacedClock } = await import('../dist/engines/openai/pacing.js');
  const { arrivalOffsetsMs } = await import('../dist/core/arrivals.js');
  const client = new OpenAIClient({ baseUrl: url, clock: systemClock, maxRetries: 0 });
  const offsets = arrivalOffsetsMs(
    { rateRps: SEND_RATE, arrival: 'poisson', burstiness: 1 },
    { count: SEND_RATE * SEND_SECONDS, seed: 42 },
  );
  const requests = offsets.map((o, id) => ({ id, prompt: 'x', maxOutputTokens: 16, scheduledOffsetMs: o }));
  client.sizePool(256);
  const body = JSON.stringify({ model: 'm', prompt: 'hello', max_tokens: 16, stream: true });
  const serve = async (_slot, r, scheduledMs) => {
    const res = await client.stream('/v1/completions', body, 'completions');
    return {
      id: r.id,
      inputTokens: 0,
      outputTokens: res.state.tokenTimesMs.length,
      scheduledMs,
      startMs: res.startMs,
      endMs: res.endMs,
    };
  };
  if (warmup > 0) {
    const warm = requests.slice(0, warmup).map((r) => ({ ...r, scheduledOffsetMs: 0 }));
    await dispatch(warm, { mode: 'concurrency', concurrency: 8 }, serve, {
      clock: pacedClock(systemClock),
      slots: 8,
    });
  }
  const cpu0 = process.cpuUsage();
  const records = await dispatch(requests, { mode: 'rate' }, serve, {
    clock: pacedClock(systemClock),
    slots: 256,
  });
  const cpu = process.cpuUsage(cpu0);
  client.close();
  const errors = records.map((r) => r.sentMs - r.scheduledMs).sort((a, b) => a - b);
  const q = (p) => errors[Math.floor(p * (errors.length - 1))];
  console.log(
    JSON.stringify({
      n: errors.length,
      p50_ms: q(0.5),
      p99_ms: q(0.99),
      max_ms: q(1),
      min_ms: q(0),
      cpu_s: (cpu.user + cpu.system) / 1e6,
      helpers_moved: moved.length,
    }),
  );
}

/**
 * Pins every thread of this process but the JavaScript one to `core` (V8's compiler and
 * collector helpers, libuv's pool): with the whole process pinned to one core those threads take
 * turns with the sending thread, and the send error measures the scheduler, not the pacer. On a
 * many-core host they run elsewhere anyway. Returns the names of the threads moved.
 */
function moveHelperThreads(core) {
  const moved = [];
  for (const tid of readdirSync('/proc/self/task')) {
    if (Number(tid) === process.pid) continue;
    let name = '?';
    try {
      name = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
    } catch {}
    if (spawnSync('taskset', ['-p', '-c', String(core), tid], { stdio: 'ignore' }).status === 0)
      moved.push(name);
  }
  return moved;
}

// ---------------------------------------------------------------------------------------------
// Orchestration.

const pinned = (core, argv) => (hasTaskset() ? ['taskset', '-c', String(core), ...argv] : argv);
let tasksetOk;
function hasTaskset() {
  tasksetOk ??= availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  return tasksetOk;
}

function startServer(mode, tokens) {
  return new Promise((resolve, reject) => {
    const [cmd, ...args] = pinned(0, [
      process.execPath,
      SELF,
      '--role',
      'server',
      '--mode',
      mode,
      '--tokens',
      String(tokens),
    ]);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, stop: () => child.kill('SIGKILL') });
    });
    child.on('error', reject);
  });
}

function runJson(argv) {
  const [cmd, ...args] = pinned(1, argv);
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

function benchPython() {
  if (process.env.LLEM_BENCH_PYTHON) return process.env.LLEM_BENCH_PYTHON;
  const root = join(process.env.LLEM_CI_CACHE ?? join(homedir(), '.cache/llem-ci'), 'venvs');
  if (!existsSync(root)) return undefined;
  const dir = readdirSync(root).find(
    (d) => d.startsWith('bench-client-') && existsSync(join(root, d, '.complete')),
  );
  return dir ? join(root, dir, 'bin/python') : undefined;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], med: s[Math.floor((s.length - 1) / 2)], max: s.at(-1) };
};
const fmt = (s, d = 2) => `${s.med.toFixed(d)} (min ${s.min.toFixed(d)}, max ${s.max.toFixed(d)})`;

async function compare(mode, requests, python, log) {
  const server = await startServer(mode, TOKENS);
  const llem = [];
  const py = [];
  const bare = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const b = runJson([
        process.execPath,
        SELF,
        '--role',
        'bare',
        '--url',
        server.url,
        '--streams',
        String(STREAMS),
        '--requests',
        String(requests),
      ]);
      bare.push(b);
      log(
        `openai-client ${mode} round ${round + 1}: bare socket ${((b.cpu_s / b.tokens) * 1e6).toFixed(2)} µs/token`,
      );
      const l = runJson([
        process.execPath,
        SELF,
        '--role',
        'llem',
        '--url',
        server.url,
        '--streams',
        String(STREAMS),
        '--requests',
        String(requests),
      ]);
      if (l.failed > 0) throw new Error(`${l.failed} llem requests failed`);
      llem.push(l);
      log(
        `openai-client ${mode} round ${round + 1}: llem ${((l.cpu_s / l.tokens) * 1e6).toFixed(2)} µs/token`,
      );
      if (python) {
        const p = runJson([
          python,
          join(import.meta.dirname, 'openai-client-aiohttp.py'),
          `${server.url}/v1/completions`,
          String(STREAMS),
          String(requests),
        ]);
        py.push(p);
        log(
          `openai-client ${mode} round ${round + 1}: python ${((p.cpu_s / p.tokens) * 1e6).toFixed(2)} µs/token`,
        );
      }
    }
  } finally {
    server.stop();
  }
  return { llem, py, bare };
}

/** Runs every measurement; returns `{ name, lines }`. */
export async function run({ log = () => {} } = {}) {
  const python = benchPython();
  const lines = [];
  const goals = [];
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  lines.push(
    `machine: ${availableParallelism()} CPUs, load average ${load}; ${hasTaskset() ? 'server on core 0, client on core 1 (taskset)' : 'not pinned (no taskset or a single CPU)'}`,
  );
  if (!python)
    lines.push(
      'python side skipped: no bench-client environment (LLEM_BENCH_PYTHON, or .ci/python-env.sh bench-client test/python/bench-client.requirements.txt)',
    );
  const perToken = (r) => (r.cpu_s / r.tokens) * 1e6;

  for (const [mode, requests, goalUs, goalRatio, label] of [
    [
      'saturated',
      SATURATED_REQUESTS,
      2.5,
      2.8,
      `saturated (${STREAMS} streams × ${TOKENS} tokens, whole responses)`,
    ],
    ['paced', PACED_REQUESTS, 9, 3, `one token per read at ~${PACED_RATE / 1000}k tokens/s`],
  ]) {
    const { llem, py, bare } = await compare(mode, requests, python, log);
    const l = stats(llem.map(perToken));
    const perRead = stats(llem.map((r) => r.tokens / r.reads));
    lines.push(`${label}: llem ${fmt(l)} µs CPU/token (${perRead.med.toFixed(2)} tokens per read)`);
    const b = stats(bare.map(perToken));
    const above = stats(bare.map((x, i) => perToken(llem[i]) - perToken(x)));
    lines.push(
      `${label}: bare socket floor ${fmt(b)} µs CPU/token (same read path, events only counted); llem above it ${fmt(above)} µs`,
    );
    goals.push([`${mode}: llem ≤ ${goalUs} µs/token`, l.med <= goalUs]);
    if (py.length > 0) {
      const p = stats(py.map(perToken));
      const ratios = stats(py.map((x, i) => perToken(x) / perToken(llem[i])));
      lines.push(`${label}: python aiohttp ${fmt(p)} µs CPU/token; python ÷ llem ${fmt(ratios)}×`);
      goals.push([`${mode}: ≥ ${goalRatio}× less CPU than python`, ratios.med >= goalRatio]);
    }
    if (mode === 'saturated') {
      const rate = stats(llem.map((r) => r.tokens / r.cpu_s));
      const wall = stats(llem.map((r) => r.tokens / r.wall_s));
      lines.push(
        `highest token rate on one core (tokens ÷ client CPU s): ${fmt({ min: rate.min / 1e3, med: rate.med / 1e3, max: rate.max / 1e3 }, 0)}k tokens/s (achieved wall rate ${(wall.med / 1e3).toFixed(0)}k/s)`,
      );
    }
  }

  const server = await startServer('saturated', 16);
  try {
    // Warm, JavaScript thread alone on core 1 (runtime helpers with the server on core 0); warm,
    // whole client on core 1; cold (no warmup), whole client on core 1. Alternated per round.
    const variants = [
      {
        runs: [],
        warmup: SEND_WARMUP,
        helpers: hasTaskset(),
        label: `after a ${SEND_WARMUP}-request warmup (as llem warms up before every window)${hasTaskset() ? ", client's JavaScript thread alone on core 1, its runtime helper threads on core 0" : ''}`,
      },
      ...(hasTaskset()
        ? [
            {
              runs: [],
              warmup: SEND_WARMUP,
              helpers: false,
              label: 'after the warmup, the whole client (helper threads too) on core 1',
            },
          ]
        : []),
      { runs: [], warmup: 0, helpers: false, label: 'cold process, no warmup' },
    ];
    for (let round = 0; round < ROUNDS; round++) {
      for (const v of variants) {
        v.runs.push(
          runJson([
            process.execPath,
            SELF,
            '--role',
            'send-error',
            '--url',
            server.url,
            '--warmup',
            String(v.warmup),
            ...(v.helpers ? ['--helpers-core', '0'] : []),
          ]),
        );
        log(
          `openai-client send error round ${round + 1} (${v.label}): p99 ${v.runs.at(-1).p99_ms.toFixed(3)} ms`,
        );
      }
    }
    for (const v of variants) {
      const p99 = stats(v.runs.map((s) => s.p99_ms));
      const p50 = stats(v.runs.map((s) => s.p50_ms));
      lines.push(
        `send-time error at ${SEND_RATE} req/s (Poisson, ${SEND_SECONDS} s), ${v.label}: p50 ${fmt(p50, 3)} ms, p99 ${fmt(p99, 3)} ms, max ${fmt(stats(v.runs.map((s) => s.max_ms)), 3)} ms; client CPU ${((stats(v.runs.map((s) => s.cpu_s)).med / SEND_SECONDS) * 100).toFixed(0)} % of a core`,
      );
    }
    goals.push([
      `p99 send error < 1 ms at ${SEND_RATE} req/s (after warmup${hasTaskset() ? ', JavaScript thread alone on its core' : ''})`,
      stats(variants[0].runs.map((s) => s.p99_ms)).med < 1,
    ]);
  } finally {
    server.stop();
  }
  for (const [goal, met] of goals) lines.push(`goal ${met ? 'met   ' : 'MISSED'}  ${goal}`);
  return { name: 'openai client (SSE, CPU per token, send-time error)', lines };
}

// ---------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const arg = (name) => argv[argv.indexOf(`--${name}`) + 1];
if (argv.includes('--role')) {
  const role = arg('role');
  if (role === 'server') serve({ port: 0, mode: arg('mode'), tokens: Number(arg('tokens')) });
  else if (role === 'llem')
    await llemClient({ url: arg('url'), streams: Number(arg('streams')), requests: Number(arg('requests')) });
  else if (role === 'bare')
    await bareClient({ url: arg('url'), streams: Number(arg('streams')), requests: Number(arg('requests')) });
  else if (role === 'send-error')
    await sendError({
      url: arg('url'),
      warmup: Number(arg('warmup') ?? 0),
      ...(argv.includes('--helpers-core') ? { helpersCore: Number(arg('helpers-core')) } : {}),
    });
} else if (process.argv[1] === SELF) {
  const result = await run({ log: (l) => console.error(`  … ${l}`) });
  console.log(`== ${result.name}`);
  for (const line of result.lines) console.log(`  ${line}`);
}
