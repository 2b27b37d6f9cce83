import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Repository root (tests run the built CLI from here). */
export const ROOT = resolve(import.meta.dirname, '../..');
/** The built CLI entry point. */
export const BIN = join(ROOT, 'bin/llem.js');

/** Result of one CLI invocation. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A temp dir that lives for the test process. */
export function tempDir(prefix = 'llem-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A model cache shared by the e2e tests of one worker (generated tiny models are reused). */
export const SHARED_CACHE = tempDir('llem-cache-');

/** llem variables a CLI run inherits: the suite's switches, not a user's settings. */
const INHERITED = new Set(['LLEM_VALIDATE_RECORDS']);

/**
 * Environment for a CLI run: isolated user config and cache, no inherited llem variables except
 * the suite's switches (`LLEM_VALIDATE_RECORDS`: every record the CLI writes is schema-checked).
 */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && (!k.startsWith('LLEM_') || INHERITED.has(k))) env[k] = v;
  }
  return { ...env, XDG_CONFIG_HOME: tempDir('llem-xdg-'), LLEM_CACHE_DIR: SHARED_CACHE, ...extra };
}

/** Runs the built CLI; `onSpawn` gets the child (to send signals). */
export function runCli(
  args: string[],
  o: {
    cwd?: string;
    env?: Record<string, string>;
    timeoutMs?: number;
    onStderr?: (chunk: string, kill: (s: NodeJS.Signals) => void) => void;
  } = {},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd ?? ROOT, env: o.env ?? cliEnv() });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 120_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      o.onStderr?.(d.toString(), (s) => child.kill(s));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}
