import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** The fake OpenAI-compatible server script (see its header for the faults it knows). */
export const FAKE_SERVER = join(ROOT, 'test/helpers/openai-fake-server.mjs');

/** A running fake server. */
export interface FakeServer {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the fake server on a free port with `flags` and waits until it listens. */
export function startFakeServer(flags: string[] = []): Promise<FakeServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FAKE_SERVER, '--port', '0', ...flags], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\d+)/.exec(out);
      if (m) {
        const port = Number(m[1]);
        resolve({
          url: `http://127.0.0.1:${port}`,
          port,
          child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.on('exit', () => done());
              child.kill('SIGKILL');
            }),
        });
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`fake server exited (${code}): ${out}`)));
  });
}

/** The command (argv) that starts the fake server through `openai.launch.command`. */
export function fakeServerCommand(flags: string[] = []): string[] {
  return [process.execPath, FAKE_SERVER, '--port', '{port}', ...flags];
}

/**
 * The command (argv) that starts llama-cpp-python's server through `openai.launch.command`, on one
 * thread. `--interrupt_requests False`: its default cuts a stream short (`[DONE]` with no finish
 * reason) whenever another request waits, which llem records as a per-request error.
 */
export function llamaServerCommand(python: string): string[] {
  return [
    python,
    '-m',
    'llama_cpp.server',
    '--model',
    '{model}',
    '--host',
    '{host}',
    '--port',
    '{port}',
    '--n_threads',
    '1',
    '--interrupt_requests',
    'False',
  ];
}
