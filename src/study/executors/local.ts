// `isolation: process` (SPEC §6): each (experiment, cycle) runs in a child process of llem, in its
// own process group, so a native abort, a hang or a leak costs one record, not the study. The
// child streams progress over IPC and writes its own record; when it dies without one, the
// runner writes a `failed` (or `interrupted`) record in the folder the child would have used.
// A child's start (node, the harness, node-llama-cpp's runtime: about a second) can happen during
// the gap before its run (`prepare`), so it does not lengthen the study.
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResultRecord } from '../../core/records.js';
import { pairPaths } from '../../store/layout.js';
import { readRecordFile } from '../../store/record-file.js';
import type { Executor, RunHooks, RunJob } from './executor.js';
import { appendLog, writeRunnerRecord } from './failure.js';
import { type ChildMessage, type ParentMessage, parseChildMessage } from './protocol.js';

/** Options of `createLocalExecutor`. */
export interface LocalExecutorOptions {
  /** The compiled child entry [`child.js` next to this module, or under the package's dist/]. */
  childEntry?: string;
}

/** Lines of the child's stderr kept for a crash record. */
const STDERR_TAIL = 12;

/** The compiled child entry: next to this file when running from dist/, else the package's dist/. */
export function defaultChildEntry(): string {
  const here = fileURLToPath(new URL('./child.js', import.meta.url));
  if (existsSync(here)) return here;
  return fileURLToPath(new URL('../../../dist/study/executors/child.js', import.meta.url));
}

/** A started child and what it said before a run attached to it. */
interface Spawned {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the IPC channel has closed: every message the child sent has been handled. */
  channelClosed: Promise<void>;
  /** Output lines not yet written to a run log. */
  pending: string[];
  onOutput?: (lines: string[]) => void;
  onMessage?: (m: ChildMessage) => void;
}

function spawnChild(entry: string, job: RunJob): Spawned {
  const child = fork(entry, [job.pairDir], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: job.env as NodeJS.ProcessEnv,
    // Not the runner's flags (a test runner's loaders, an inspector port): NODE_OPTIONS still applies.
    execArgv: [],
    serialization: 'json',
  });
  const s: Spawned = {
    child,
    pending: [],
    exited: new Promise((resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal }));
      child.on('error', () => resolve({ code: null, signal: null }));
    }),
    channelClosed: new Promise((resolve) => {
      if (!child.connected) resolve();
      child.on('disconnect', () => resolve());
      child.on('error', () => resolve());
    }),
  };
  const collect = (chunk: Buffer) => {
    const lines = chunk
      .toString()
      .split('\n')
      .filter((l) => l.trim() !== '');
    if (s.onOutput) s.onOutput(lines);
    else s.pending.push(...lines);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.on('message', (raw: unknown) => {
    const parsed = parseChildMessage(raw);
    s.onMessage?.(
      parsed.ok
        ? parsed.message
        : { type: 'error', error: { code: 'ERR_WORKER_PROTOCOL', message: parsed.reason } },
    );
  });
  return s;
}

/** Sends `signal` to the child's whole process group (it leads its own group: `detached`). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Creates the process-isolation executor. */
export function createLocalExecutor(options: LocalExecutorOptions = {}): Executor {
  const entry = options.childEntry ?? defaultChildEntry();
  let prepared: { pairDir: string; spawned: Spawned } | undefined;
  const discard = async () => {
    const p = prepared;
    prepared = undefined;
    if (p) {
      killGroup(p.spawned.child, 'SIGKILL');
      await p.spawned.exited;
    }
  };
  const alive = (p: Spawned) => p.child.exitCode === null && p.child.signalCode === null;
  return {
    isolation: 'process',
    prepare: (job) => {
      // Already preparing this pair (an early prepare, then the gap's): keep that child.
      if (prepared?.pairDir === job.pairDir && alive(prepared.spawned)) return;
      void discard();
      const spawned = spawnChild(entry, job);
      const message: ParentMessage = { type: 'prepare', job };
      spawned.child.send(message, (error) => {
        if (error) killGroup(spawned.child, 'SIGKILL');
      });
      prepared = { pairDir: job.pairDir, spawned };
    },
    run: async (job, hooks) => {
      let spawned: Spawned;
      if (prepared?.pairDir === job.pairDir && alive(prepared.spawned)) {
        spawned = prepared.spawned;
        prepared = undefined;
      } else {
        await discard();
        spawned = spawnChild(entry, job);
      }
      return runInChild(spawned, job, hooks);
    },
    close: discard,
  };
}

/** How long to wait, after the child's exit, for its last IPC messages. */
const CHANNEL_DRAIN_MS = 2000;

async function runInChild(s: Spawned, job: RunJob, hooks: RunHooks): Promise<ResultRecord> {
  const startedAt = new Date().toISOString();
  const { child } = s;
  let phase = 'preflight';
  let stopReason: 'timeout' | 'killed' | 'interrupted' | undefined;
  let childError: { code: string; message: string } | undefined;
  let received: ResultRecord | undefined;
  const stderrTail: string[] = [];

  if (child.pid !== undefined) hooks.onPid?.(child.pid);
  s.onOutput = (lines) => {
    stderrTail.push(...lines);
    stderrTail.splice(0, Math.max(0, stderrTail.length - STDERR_TAIL));
    appendLog(
      job.pairDir,
      lines.map((l) => `[child] ${l}`),
    );
  };
  s.onOutput(s.pending.splice(0));
  s.onMessage = (m) => {
    if (m.type === 'phase') {
      phase = m.phase;
      const detail = m.detail === undefined ? {} : { detail: m.detail };
      hooks.onEvent?.({ type: 'phase', phase: m.phase, atMs: m.at_ms, ...detail });
    } else if (m.type === 'event') hooks.onEvent?.(m.event);
    else if (m.type === 'result') received = m.record;
    else if (m.type === 'error') {
      childError ??= m.error;
      // A child that breaks the protocol cannot be trusted to finish: stop it.
      if (m.error.code === 'ERR_WORKER_PROTOCOL') killGroup(child, 'SIGKILL');
    }
  };

  const timer = setTimeout(() => {
    stopReason = 'timeout';
    killGroup(child, 'SIGKILL');
  }, job.timeoutS * 1000);
  const onStop = () => {
    stopReason ??= 'interrupted';
    // The child leads its own group, so a terminal's Ctrl-C never reaches it: forward it.
    if (child.pid !== undefined) child.kill('SIGINT');
  };
  const onKill = () => {
    stopReason = 'killed';
    killGroup(child, 'SIGKILL');
  };
  hooks.signal?.addEventListener('abort', onStop, { once: true });
  hooks.killSignal?.addEventListener('abort', onKill, { once: true });
  if (hooks.signal?.aborted) onStop();
  if (hooks.killSignal?.aborted) onKill();

  const start: ParentMessage = { type: 'start', job };
  if (child.connected) {
    child.send(start, (error) => {
      if (error) killGroup(child, 'SIGKILL');
    });
  }
  const exit = await s.exited;
  clearTimeout(timer);
  hooks.signal?.removeEventListener('abort', onStop);
  hooks.killSignal?.removeEventListener('abort', onKill);
  // Grandchildren (a trial load, a server) share the group: nothing of this run may outlive it.
  killGroup(child, 'SIGKILL');
  // Messages still in the channel (the last phase before a crash, the record) come first.
  await Promise.race([s.channelClosed, new Promise((r) => setTimeout(r, CHANNEL_DRAIN_MS).unref())]);

  // The child writes its record before sending it: the sent copy saves reading it back.
  const ours = (r: ResultRecord | undefined) =>
    r !== undefined && r.cycle === job.measure.cycle && r.study_hash === job.measure.studyHash;
  const resultPath = pairPaths(job.pairDir).result;
  if (received && stopReason !== 'timeout' && ours(received) && existsSync(resultPath)) return received;
  const onDisk = await readRecordFile(resultPath);
  if (onDisk && ours(onDisk)) return onDisk;
  if (received && stopReason !== 'timeout') return received;

  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const common = { phase, startedAt, extraLog: stderrTail.map((l) => `[child] ${l}`) };
  if (stopReason === 'timeout') {
    return writeRunnerRecord(job, {
      ...common,
      status: 'failed',
      reason: 'timeout',
      code: 'ERR_TIMEOUT',
      message: `no result after ${job.timeoutS} s (execution.experiment_timeout_s) in phase ${phase}; the experiment's process group was killed. Raise experiment_timeout_s if the experiment is just slow`,
    });
  }
  if (stopReason === 'killed' || stopReason === 'interrupted') {
    return writeRunnerRecord(job, {
      ...common,
      status: 'interrupted',
      reason: stopReason,
      code: 'ERR_ABORTED',
      message:
        stopReason === 'killed'
          ? `${killWhy(hooks)} in phase ${phase}`
          : `interrupted in phase ${phase}; the experiment process ${how}`,
    });
  }
  if (childError) {
    return writeRunnerRecord(job, {
      ...common,
      status: 'failed',
      reason: 'error',
      code: childError.code,
      message: childError.message,
    });
  }
  return writeRunnerRecord(job, {
    ...common,
    status: 'failed',
    reason: 'crash',
    code: 'ERR_ENGINE_CRASHED',
    message: `the experiment process ${how} in phase ${phase} without writing a result (a native crash, out of memory, or killed from outside); see the last log lines`,
  });
}

/** Why the run was killed: the kill signal's reason when it is an Error (e.g. "ended by Slurm"), else a second interrupt. */
function killWhy(hooks: RunHooks): string {
  const reason = hooks.killSignal?.reason as unknown;
  return reason instanceof Error && reason.message !== '' ? reason.message : 'killed by a second interrupt';
}
