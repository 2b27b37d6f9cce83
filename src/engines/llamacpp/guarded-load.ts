import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlemError } from '../../core/errors.js';
import { nodeLlamaCppEntryUrl } from './runtime.js';
import { TRIAL_LOAD_SCRIPT } from './trial-load.js';

/** Default limit for one trial load, ms (loading is memory-mapped, so even large files are quick). */
export const TRIAL_LOAD_TIMEOUT_MS = 180_000;

/** Lines of the child's stderr kept for the error message. */
const STDERR_TAIL_LINES = 6;

/** Options of `guardedTrialLoad`. */
export interface TrialLoadOptions {
  /** Kills the child and rejects with `ERR_ABORTED`. */
  signal?: AbortSignal;
  /** Limit, ms [180 000]. */
  timeoutMs?: number;
  /** Receives the child's stderr lines (llama.cpp errors). */
  log?: (line: string) => void;
}

/** A cached outcome: success, or the error to throw again. */
type Verdict = { ok: true } | { ok: false; error: LlemError };

/** Verdicts by path, size and mtime, for this process. */
const verdicts = new Map<string, Verdict>();

/**
 * Loads the GGUF at `modelPath` once in a child process before the engine loads it in-process,
 * because a malformed file can hit a native assertion that aborts the whole process (SPEC §3.1).
 * Resolves when the child loaded the model; throws `ERR_MODEL_INVALID` when the file was refused
 * or aborted the child, `ERR_ENGINE_FAILED` when the runtime could not start or the trial timed
 * out, `ERR_ABORTED` on abort. The verdict is cached per path, size and mtime for the process.
 */
export async function guardedTrialLoad(modelPath: string, options: TrialLoadOptions = {}): Promise<void> {
  const info = await stat(modelPath).catch((error: unknown) => {
    throw new LlemError(
      'ERR_MODEL_INVALID',
      `${modelPath}: cannot read the model file (${(error as Error).message}); check the path`,
      {
        cause: error,
      },
    );
  });
  const key = `${modelPath}\0${info.size}\0${info.mtimeMs}`;
  const cached = verdicts.get(key);
  if (cached !== undefined) {
    if (cached.ok) return;
    throw cached.error;
  }
  // The script runs from a private temporary file, not `node -e`: node-llama-cpp forks a test
  // process with the parent's execArgv, which would re-run an `-e` script instead.
  const dir = await mkdtemp(join(tmpdir(), 'llem-trial-'));
  let outcome: TrialOutcome;
  try {
    const script = join(dir, 'trial-load.mjs');
    await writeFile(script, TRIAL_LOAD_SCRIPT, { mode: 0o600 });
    outcome = await runTrial(script, modelPath, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (outcome.kind === 'loaded') {
    verdicts.set(key, { ok: true });
    return;
  }
  const error = trialError(modelPath, outcome, options.timeoutMs ?? TRIAL_LOAD_TIMEOUT_MS);
  // Only verdicts about the file are cached; a timeout, an abort or a runtime problem may go differently next time.
  if (error.code === 'ERR_MODEL_INVALID') verdicts.set(key, { ok: false, error });
  throw error;
}

/** What the child did. */
type TrialOutcome =
  | { kind: 'loaded' }
  | { kind: 'refused'; stage: string; reason: string; stderr: string[] }
  | { kind: 'crashed'; exit: string; stderr: string[] }
  | { kind: 'timeout' | 'aborted' };

/** Spawns the trial child and classifies how it ended. */
function runTrial(script: string, modelPath: string, options: TrialLoadOptions): Promise<TrialOutcome> {
  const { signal, log } = options;
  if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, nodeLlamaCppEntryUrl(), modelPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stdout = '';
    const stderr: string[] = [];
    let stopped: 'timeout' | 'aborted' | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line.trim() === '') continue;
        stderr.push(line);
        if (stderr.length > STDERR_TAIL_LINES) stderr.shift();
        log?.(`trial load: ${line}`);
      }
    });
    const stop = (why: 'timeout' | 'aborted') => {
      stopped ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs ?? TRIAL_LOAD_TIMEOUT_MS);
    const onAbort = () => stop('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (outcome: TrialOutcome) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    child.on('error', (error) =>
      finish({ kind: 'refused', stage: 'runtime', reason: error.message, stderr }),
    );
    child.on('close', (code, sig) => {
      if (stopped !== undefined) return finish({ kind: stopped });
      const reply = parseReply(stdout);
      if (code === 0 && reply?.ok === true) return finish({ kind: 'loaded' });
      if (code === 1 && reply !== undefined && reply.ok === false) {
        return finish({
          kind: 'refused',
          stage: reply.stage ?? 'model',
          reason: reply.reason ?? 'unknown error',
          stderr,
        });
      }
      finish({ kind: 'crashed', exit: sig === null ? `exit code ${code}` : `signal ${sig}`, stderr });
    });
  });
}

/** The child's JSON reply line, if it wrote one. */
function parseReply(stdout: string): { ok: boolean; stage?: string; reason?: string } | undefined {
  const line = stdout.trim().split('\n').pop();
  if (line === undefined || line === '') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && 'ok' in value
      ? (value as { ok: boolean })
      : undefined;
  } catch {
    return undefined;
  }
}

/** The error for a trial that did not load, with the reason and what to do. */
function trialError(
  modelPath: string,
  outcome: Exclude<TrialOutcome, { kind: 'loaded' }>,
  timeoutMs: number,
): LlemError {
  switch (outcome.kind) {
    case 'aborted':
      return new LlemError('ERR_ABORTED', `${modelPath}: trial load aborted`);
    case 'timeout':
      return new LlemError(
        'ERR_ENGINE_FAILED',
        `${modelPath}: the trial load in a child process did not finish within ${timeoutMs / 1000} s; ` +
          'check that the file is readable and not on a stalled network mount',
      );
    case 'refused': {
      if (outcome.stage === 'runtime') {
        return new LlemError(
          'ERR_ENGINE_FAILED',
          `${modelPath}: the trial-load child could not start node-llama-cpp (${outcome.reason}); run \`llem doctor\``,
          { details: { stderr: outcome.stderr } },
        );
      }
      const detail = lastMeaningfulLine(outcome.stderr) ?? outcome.reason;
      return new LlemError(
        'ERR_MODEL_INVALID',
        `${modelPath}: llama.cpp refused the model at the ${outcome.stage} stage (${detail}); ` +
          're-download or regenerate the file, or use an architecture this node-llama-cpp version supports',
        { details: { stage: outcome.stage, reason: outcome.reason, stderr: outcome.stderr } },
      );
    }
    case 'crashed': {
      const detail = lastMeaningfulLine(outcome.stderr) ?? 'no message';
      return new LlemError(
        'ERR_MODEL_INVALID',
        `${modelPath}: loading the model aborted the native library in a child process (${outcome.exit}: ${detail}); ` +
          'the file is malformed or unsupported: re-download or regenerate it',
        { details: { exit: outcome.exit, stderr: outcome.stderr } },
      );
    }
  }
}

/** The most informative stderr line: an error or assertion if there is one, else the last. */
function lastMeaningfulLine(lines: readonly string[]): string | undefined {
  const hit = [...lines].reverse().find((l) => /error|assert|fail|abort/i.test(l));
  // Build-machine source paths say nothing to the user: keep `file.cpp:123` only.
  return (hit ?? lines.at(-1))?.trim().replace(/(?:\/[^\s/:]+)+\/([^\s/:]+:\d+)/g, '$1');
}
