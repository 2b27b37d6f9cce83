// One running worker: spawns it (argv, no shell), reads its stdout line by line, validates every
// message, matches replies to requests by id, keeps stderr for the run log, and turns a worker
// that dies, stalls or speaks garbage into a typed error for every pending request.
import { type ChildProcess, spawn } from 'node:child_process';
import { LlemError } from '../../core/errors.js';
import type { WorkerLaunch } from './launch.js';
import { PROTOCOL_VERSION, parseWorkerLine, type WorkerHello, type WorkerMessage } from './protocol.js';

/** Timeouts and sinks of a worker. */
export interface WorkerOptions {
  /** Wait for `hello` (the engine import), ms [300 000]. */
  helloTimeoutMs?: number;
  /** A pending request with no line at all from the worker for this long is a stall, ms [120 000]; the worker sends a heartbeat every second. */
  stallTimeoutMs?: number;
  /** Receives stderr lines and tracebacks (the run log). */
  log?: (line: string) => void;
  /** Extra environment for the worker. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A reply with the times (performance.now() ms) the request was written and the reply read. */
export interface Reply<T extends WorkerMessage = WorkerMessage> {
  message: T;
  sentMs: number;
  receivedMs: number;
}

interface Pending {
  type: string;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
  sentMs: number;
}

const STDERR_KEPT = 20;

/** A running worker process; create with `WorkerProcess.start`. */
export class WorkerProcess {
  readonly hello: WorkerHello;
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  readonly #stderr: string[];
  #log: (line: string) => void;
  readonly #stallMs: number;
  #nextId = 1;
  #lastLineMs = performance.now();
  /** Decode steps the worker last reported (heartbeats), and when that count last moved. */
  #steps = 0;
  #lastProgressMs = performance.now();
  #failure: LlemError | undefined;
  #timer: NodeJS.Timeout | undefined;
  #exited: Promise<void>;

  private constructor(child: ChildProcess, hello: WorkerHello, state: StartState, options: WorkerOptions) {
    this.#child = child;
    this.hello = hello;
    this.#stderr = state.stderr;
    this.#log = options.log ?? (() => {});
    this.#stallMs = options.stallTimeoutMs ?? 120_000;
    this.#exited = state.exited;
    state.log = (line) => this.#log(line);
    state.onMessage = (m) => this.#onMessage(m);
    state.onFatal = (e) => this.#fail(e);
    state.onLine = () => {
      this.#lastLineMs = performance.now();
    };
    this.#timer = setInterval(() => this.#checkStall(), Math.min(1000, Math.max(50, this.#stallMs / 4)));
    this.#timer.unref();
  }

  /**
   * Spawns `launch.argv` and waits for a valid `hello` of this protocol version. Throws
   * `ERR_ENGINE_UNAVAILABLE` (no interpreter, or the engine does not import: the traceback goes
   * to `log`), `ERR_WORKER_PROTOCOL` (garbage or a different protocol version) or
   * `ERR_ENGINE_FAILED` (exit or timeout before `hello`).
   */
  static async start(launch: WorkerLaunch, options: WorkerOptions = {}): Promise<WorkerProcess> {
    const log = options.log ?? (() => {});
    const [program, ...args] = launch.argv;
    const child = spawn(program!, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1', ...options.env },
    });
    const state = watch(child);
    state.log = log;
    const timeoutMs = options.helloTimeoutMs ?? 300_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const hello = await new Promise<WorkerHello>((resolve, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new LlemError(
                'ERR_ENGINE_FAILED',
                `the Python worker sent no hello within ${timeoutMs / 1000} s (${launch.argv.join(' ')})${tail(state.stderr)}`,
              ),
            ),
          timeoutMs,
        );
        state.onFatal = reject;
        state.onMessage = (m) => {
          if (m.type === 'heartbeat') return;
          if (m.type !== 'hello')
            return reject(protocolError(`the first message must be hello, got ${m.type}`, state.stderr));
          resolve(m);
        };
        state.onSpawnError = (e) =>
          reject(
            new LlemError(
              'ERR_ENGINE_UNAVAILABLE',
              `cannot start the Python worker with ${program} (${e.message}); set LLEM_PYTHON or the user config's python map to an interpreter with the engine installed`,
              { cause: e },
            ),
          );
      });
      if (hello.protocol !== PROTOCOL_VERSION) {
        throw protocolError(
          `the worker speaks protocol ${hello.protocol}, llem speaks ${PROTOCOL_VERSION}; the worker script and llem must come from the same release`,
          state.stderr,
        );
      }
      if (hello.error !== undefined) {
        if (hello.error.traceback) log(hello.error.traceback.trimEnd());
        throw new LlemError(
          'ERR_ENGINE_UNAVAILABLE',
          `${hello.engine} does not import with ${hello.executable ?? program} (Python ${hello.python}): ${hello.error.message}`,
          { details: { python: hello.executable ?? program } },
        );
      }
      return new WorkerProcess(child, hello, state, options);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends a request and resolves with its reply; rejects with a typed error (the worker is then unusable when the failure was not the request's own). */
  request(type: string, payload: Record<string, unknown> = {}): Promise<Reply> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<Reply>((resolve, reject) => {
      const sentMs = performance.now();
      this.#pending.set(id, { type, resolve, reject, sentMs });
      this.#lastProgressMs = sentMs;
      this.#lastLineMs = Math.max(this.#lastLineMs, sentMs);
      this.#write({ type, id, ...payload });
    });
  }

  /** Asks the worker to stop the generate call in progress (it returns what it has, marked aborted). */
  cancel(): void {
    if (!this.#failure) this.#write({ type: 'cancel' });
  }

  /** Sends stderr lines and tracebacks to `log` from now on (a worker started by a probe, then used by a run). */
  setLog(log: (line: string) => void): void {
    this.#log = log;
  }

  /** The last stderr lines, oldest first. */
  stderrTail(): string[] {
    return [...this.#stderr];
  }

  /** The error that ended this worker, if one did. */
  get failure(): LlemError | undefined {
    return this.#failure;
  }

  /** Shuts the worker down (`shutdown`, then end of stdin, then SIGTERM, then SIGKILL after `graceMs`); safe to call twice. */
  async close(graceMs = 5_000): Promise<void> {
    clearInterval(this.#timer);
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      if (!this.#failure) {
        await Promise.race([this.request('shutdown').catch(() => {}), sleep(graceMs)]);
      }
      this.#child.stdin?.end();
      if (!(await exitedWithin(this.#exited, graceMs))) {
        this.#child.kill('SIGTERM');
        if (!(await exitedWithin(this.#exited, graceMs))) this.#child.kill('SIGKILL');
      }
    }
    this.#fail(new LlemError('ERR_ENGINE_FAILED', 'the Python worker was closed'), false);
  }

  /** Kills the worker at once (used after a fatal error). */
  kill(): void {
    clearInterval(this.#timer);
    this.#child.kill('SIGKILL');
  }

  #write(message: Record<string, unknown>): void {
    this.#child.stdin?.write(`${JSON.stringify(message)}\n`);
  }

  #onMessage(message: WorkerMessage): void {
    if (message.type === 'heartbeat') {
      if ((message.steps ?? 0) !== this.#steps) {
        this.#steps = message.steps ?? 0;
        this.#lastProgressMs = performance.now();
      }
      return;
    }
    this.#lastProgressMs = performance.now();
    if (message.type === 'hello') {
      this.#fail(protocolError('a second hello arrived', this.#stderr));
      return;
    }
    const id = message.id;
    const pending = id === null ? undefined : this.#pending.get(id);
    if (pending === undefined) {
      const what = message.type === 'error' ? `error ${message.code}: ${message.message}` : message.type;
      this.#fail(
        protocolError(`the worker sent a reply to no pending request (id ${id}): ${what}`, this.#stderr),
      );
      return;
    }
    this.#pending.delete(id!);
    if (message.type === 'error') {
      if (message.traceback) this.#log(message.traceback.trimEnd());
      const code = message.code === 'unknown_type' ? 'ERR_WORKER_PROTOCOL' : 'ERR_ENGINE_FAILED';
      pending.reject(
        new LlemError(code, `the Python worker failed in ${pending.type}: ${message.message}`, {
          details: { worker_code: message.code },
        }),
      );
      return;
    }
    pending.resolve({ message, sentMs: pending.sentMs, receivedMs: performance.now() });
  }

  #checkStall(): void {
    if (this.#pending.size === 0 || this.#failure) return;
    const now = performance.now();
    const silentMs = now - this.#lastLineMs;
    const types = [...this.#pending.values()].map((p) => p.type).join(', ');
    // An engine that reports decode steps (transformers) and stops advancing them while still
    // heartbeating is stuck inside a call that released the GIL (a deadlocked kernel, a collective
    // waiting for a peer): a stall too. Engines without step reports are judged by silence alone.
    const generating = [...this.#pending.values()].some((p) => p.type === 'generate' || p.type === 'warmup');
    const stuckMs = now - this.#lastProgressMs;
    if (generating && this.#steps > 0 && stuckMs >= this.#stallMs) {
      this.#fail(
        new LlemError(
          'ERR_ENGINE_FAILED',
          `the Python worker stalled: heartbeats arrive but no decode step for ${(stuckMs / 1000).toFixed(1)} s during ${types}; it was killed${tail(this.#stderr)}`,
        ),
      );
      return;
    }
    if (silentMs < this.#stallMs) return;
    this.#fail(
      new LlemError(
        'ERR_ENGINE_FAILED',
        `the Python worker stalled: no message for ${(silentMs / 1000).toFixed(1)} s during ${types}; it was killed${tail(this.#stderr)}`,
      ),
    );
  }

  /** Rejects every pending request with `error` and kills the worker; the first failure wins. */
  #fail(error: LlemError, kill = true): void {
    if (!this.#failure) this.#failure = error;
    clearInterval(this.#timer);
    for (const p of this.#pending.values()) p.reject(this.#failure);
    this.#pending.clear();
    if (kill) this.#child.kill('SIGKILL');
  }
}

/** Callbacks a starting worker routes its events to (replaced once the WorkerProcess exists). */
interface StartState {
  stderr: string[];
  exited: Promise<void>;
  log: (line: string) => void;
  onMessage: (m: WorkerMessage) => void;
  onFatal: (e: LlemError) => void;
  onLine: () => void;
  onSpawnError: (e: Error) => void;
}

/** Wires the child's streams: stdout lines → messages, stderr lines → log, exit/garbage → fatal. */
function watch(child: ChildProcess): StartState {
  let resolveExit: () => void = () => {};
  const state: StartState = {
    stderr: [],
    exited: new Promise<void>((r) => {
      resolveExit = r;
    }),
    log: () => {},
    onMessage: () => {},
    onFatal: () => {},
    onLine: () => {},
    onSpawnError: () => {},
  };
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    out += chunk;
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      const line = out.slice(0, nl).replace(/\r$/, '');
      out = out.slice(nl + 1);
      if (line.trim() === '') continue;
      state.onLine();
      const parsed = parseWorkerLine(line);
      if (parsed.ok) state.onMessage(parsed.message);
      else state.onFatal(protocolError(parsed.reason, state.stderr));
    }
  });
  let err = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    state.onLine();
    err += chunk;
    for (let nl = err.indexOf('\n'); nl >= 0; nl = err.indexOf('\n')) {
      const line = err.slice(0, nl).replace(/\r$/, '');
      err = err.slice(nl + 1);
      // Progress bars redraw with \r: keep the last state of the line.
      const shown = line.split('\r').pop() ?? '';
      if (shown.trim() === '') continue;
      state.log(`worker: ${shown}`);
      state.stderr.push(shown);
      if (state.stderr.length > STDERR_KEPT) state.stderr.shift();
    }
  });
  child.stdin?.on('error', () => {}); // EPIPE after the worker died: the exit handler reports it
  child.on('error', (e) => state.onSpawnError(e));
  child.on('exit', () => resolveExit());
  // `close` comes after the last stdout data, so a final reply is read before the exit is reported.
  child.on('close', (code, signal) => {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    state.onFatal(new LlemError('ERR_ENGINE_FAILED', `the Python worker ${how}${tail(state.stderr)}`));
  });
  return state;
}

function protocolError(reason: string, stderr: readonly string[]): LlemError {
  return new LlemError(
    'ERR_WORKER_PROTOCOL',
    `the Python worker broke the protocol: ${reason}${tail(stderr)}`,
  );
}

/** The last stderr lines as a suffix for error messages. */
function tail(stderr: readonly string[]): string {
  const last = stderr.slice(-5);
  return last.length === 0 ? '' : `; last worker output: ${last.join(' | ')}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

async function exitedWithin(exited: Promise<void>, ms: number): Promise<boolean> {
  return Promise.race([exited.then(() => true), sleep(ms).then(() => false)]);
}
