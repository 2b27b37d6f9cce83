// Starting and stopping a server llem measures (SPEC §3.3): an argv (never a shell string) in
// its own process group, its output line by line into run.log, readiness by `/health` or
// `/v1/models`, and a stop that signals the whole group (a server's workers included),
// escalating from SIGTERM to SIGKILL after a grace period. A server that exits early or never
// becomes ready is an `ERR_ENGINE_FAILED` carrying its last log lines.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { LlemError } from '../../core/errors.js';
import type { OpenAIClient } from './client.js';
import { GUARD_SCRIPT } from './guard.js';
import type { ServerCommand } from './presets.js';

/** Lines of server output kept for error messages. */
const TAIL_LINES = 20;

/** Options of `launchServer`. */
export interface LaunchOptions {
  /** Extra environment variables for the server. */
  env: Record<string, string>;
  log: (line: string) => void;
  clock: Clock;
  /** How long the server may take to become ready, ms. */
  readyTimeoutMs: number;
  /** Grace between SIGTERM and SIGKILL, ms. */
  stopTimeoutMs: number;
  /** Client pointed at the server's address (for the readiness probes). */
  client: OpenAIClient;
  signal?: AbortSignal | undefined;
}

/** How the server process ended. */
export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running server started by llem. */
export interface LaunchedServer {
  readonly pid: number;
  /** Set once the process has exited. */
  exit(): ServerExit | undefined;
  /** The last lines the server printed. */
  tail(): string[];
  /** Stops the process group (SIGTERM, then SIGKILL after the grace period); safe to call twice. */
  stop(): Promise<void>;
}

/** Starts `command`, waits until it answers, and returns it; throws `ERR_ENGINE_FAILED` with its last log lines. */
export async function launchServer(command: ServerCommand, o: LaunchOptions): Promise<LaunchedServer> {
  for (const [path, content] of Object.entries(command.files)) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
  const [file, ...args] = command.argv;
  if (file === undefined) throw new LlemError('ERR_CONFIG_INVALID', 'openai.launch.command is empty');
  o.log(`server: starting ${command.argv.map(quote).join(' ')}`);
  // Through the guardian (see guard.ts): it leads the server's process group and kills it if
  // llem dies without stopping the server.
  const child = spawn(process.execPath, ['-e', GUARD_SCRIPT, file, ...args], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...o.env },
  });
  const server = new ServerProcess(child, command.argv, o);
  try {
    await server.waitReady(command.healthPath);
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

class ServerProcess implements LaunchedServer {
  readonly #child: ChildProcess;
  readonly #argv: string[];
  readonly #o: LaunchOptions;
  readonly #lines: string[] = [];
  #exit: ServerExit | undefined;
  #spawnError: Error | undefined;
  readonly #exited: Promise<void>;
  readonly #killOnExit = () => this.#signal('SIGKILL');

  constructor(child: ChildProcess, argv: string[], o: LaunchOptions) {
    this.#child = child;
    this.#argv = argv;
    this.#o = o;
    this.#exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.#exit = { code, signal };
        o.log(`server: exited (${describeExit(this.#exit)})`);
        process.off('exit', this.#killOnExit);
        resolve();
      });
      child.on('error', (e) => {
        this.#spawnError = e;
        this.#exit ??= { code: null, signal: null };
        resolve();
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (text: string) => {
        const lines = (partial + text).split(/\r?\n/);
        partial = lines.pop() ?? '';
        for (const line of lines) this.#line(line);
      });
      stream?.on('end', () => partial && this.#line(partial));
    }
    // Never leave a server running behind llem, whatever ends this process.
    process.on('exit', this.#killOnExit);
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  exit(): ServerExit | undefined {
    return this.#exit;
  }

  tail(): string[] {
    return [...this.#lines];
  }

  /** Polls `healthPath`, then `/v1/models`, until one answers 200. */
  async waitReady(healthPath: string): Promise<void> {
    const { clock, client } = this.#o;
    const t0 = clock.nowMs();
    let last = 'no answer yet';
    for (;;) {
      if (this.#spawnError !== undefined) {
        throw this.#failure(`could not start node for the server's guardian: ${this.#spawnError.message}`);
      }
      if (this.#exit !== undefined) {
        throw this.#failure(`the server exited before it was ready (${describeExit(this.#exit)})`);
      }
      if (this.#o.signal?.aborted)
        throw new LlemError('ERR_ABORTED', 'interrupted while the server was starting');
      const answer = await probeReady(client, healthPath);
      if (answer.ready) {
        this.#o.log(`server: ready after ${((clock.nowMs() - t0) / 1000).toFixed(1)} s (${answer.detail})`);
        return;
      }
      last = answer.detail;
      if (clock.nowMs() - t0 >= this.#o.readyTimeoutMs) {
        throw this.#failure(
          `the server was not ready within ${this.#o.readyTimeoutMs / 1000} s (openai.launch.ready_timeout_s; last probe: ${last})`,
        );
      }
      await Promise.race([clock.sleep(250), this.#exited]);
    }
  }

  async stop(): Promise<void> {
    if (this.#exit !== undefined) return;
    this.#signal('SIGTERM');
    const graceful = await Promise.race([
      this.#exited.then(() => true),
      this.#o.clock.sleep(this.#o.stopTimeoutMs).then(() => false),
    ]);
    if (!graceful) {
      this.#o.log(`server: still running ${this.#o.stopTimeoutMs / 1000} s after SIGTERM; sending SIGKILL`);
      this.#signal('SIGKILL');
      await Promise.race([this.#exited, this.#o.clock.sleep(5_000)]);
    }
    process.off('exit', this.#killOnExit);
  }

  #signal(signal: NodeJS.Signals): void {
    const pid = this.#child.pid;
    if (pid === undefined || this.#exit !== undefined) return;
    try {
      process.kill(-pid, signal); // the whole group: servers fork workers
    } catch {
      try {
        this.#child.kill(signal);
      } catch {
        // Already gone.
      }
    }
  }

  #line(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > TAIL_LINES) this.#lines.shift();
    this.#o.log(`server: ${line}`);
  }

  #failure(message: string): LlemError {
    const tail = this.#lines.slice(-10);
    const text =
      tail.length > 0 ? `${message}; last log lines:\n${tail.join('\n')}` : `${message} (it printed nothing)`;
    return new LlemError('ERR_ENGINE_FAILED', text, {
      details: { argv: this.#argv, log_tail: tail },
    });
  }
}

/** One readiness probe: `healthPath` 200, or (when it does not exist) `/v1/models` 200. */
async function probeReady(
  client: OpenAIClient,
  healthPath: string,
): Promise<{ ready: boolean; detail: string }> {
  try {
    const health = await client.request('GET', healthPath, undefined, 2_000);
    if (health.status === 200) return { ready: true, detail: `${healthPath} 200` };
    if (health.status !== 404 && health.status !== 405)
      return { ready: false, detail: `${healthPath} ${health.status}` };
    const models = await client.request('GET', '/v1/models', undefined, 2_000);
    return { ready: models.status === 200, detail: `/v1/models ${models.status}` };
  } catch (error) {
    return { ready: false, detail: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

/** `code 1` or `signal SIGKILL`. */
export function describeExit(exit: ServerExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
