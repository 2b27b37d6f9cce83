import type { StudyEvent } from '../index.js';
import type { CliIo } from './io.js';
import type { ProgressMode } from './progress.js';

function clock(s: number): string {
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const mmss = `${String(m).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

function num(x: number | null, digits = 3): string {
  if (x === null || !Number.isFinite(x)) return '—';
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(digits - 1);
  return Math.abs(x) >= 10 ** digits ? String(Number(x.toPrecision(digits))) : x.toPrecision(digits);
}

/**
 * Renders study events on stderr: a redrawn line (run i/N, experiment, phase, requests, power,
 * ETA, last result) on a terminal, one line per step otherwise, nothing when quiet; run results,
 * waits, breaker decisions and warnings are always kept as lines.
 */
export function createStudyProgress(
  io: CliIo,
  mode: ProgressMode,
  o: StudyProgressOptions = {},
): { onEvent: (e: StudyEvent) => void; close(): void } {
  const now = o.nowMs ?? (() => performance.now());
  const t0 = now();
  let run = '';
  let phase = '';
  let requests = '';
  let power = '';
  let last = '';
  let waiting = '';
  let done = 0;
  let todo = 0;
  let runSeconds = 0;
  let waitSeconds = 0;
  /** When the current run or gap started (ms on `now`), for an ETA that moves during it. */
  let runStart: number | undefined;
  let waitStart: number | undefined;
  let lockLine = '';
  let lockPlainAt = -Infinity;
  let drawn = false;
  /** Valid cycles so far per experiment index: a configuration at 0 is named on the live line. */
  const validSoFar = new Map<number, number>();
  const noValid = () => {
    const ids = [...validSoFar].filter(([, n]) => n === 0).map(([i]) => `#${i}`);
    return ids.length === 0 ? '' : `no valid cycle yet: ${ids.join(', ')}`;
  };
  const eta = () => {
    if (done === 0 || todo <= done) return '';
    // Runs left × the mean run (with its gap) so far, less the time already spent on the current one.
    const inFlight =
      (runStart === undefined ? 0 : now() - runStart) + (waitStart === undefined ? 0 : now() - waitStart);
    return `ETA ${clock(((runSeconds + waitSeconds) / done) * (todo - done) - inFlight / 1000)}`;
  };
  const clear = () => {
    if (mode === 'live' && drawn) io.err('\r\x1b[2K');
    drawn = false;
  };
  const draw = () => {
    if (mode !== 'live') return;
    const line =
      lockLine ||
      [run, waiting || phase, requests, power, eta(), last, noValid()].filter(Boolean).join(' · ');
    io.err(`\r\x1b[2K${line.slice(0, Math.max(20, io.columns - 1))}`);
    drawn = true;
  };
  /** A permanent line (kept above the live line). */
  const say = (text: string) => {
    clear();
    io.err(`${text}\n`);
  };
  const plain = (text: string) => {
    if (mode === 'plain') io.err(`${text}\n`);
  };
  const stamp = () => `[${clock((performance.now() - t0) / 1000)}]`;

  const onEvent = (e: StudyEvent) => {
    if (mode === 'quiet') return;
    switch (e.type) {
      case 'study_start':
        todo = e.todo;
        say(
          `study ${e.name} (${e.studyHash.slice(0, 8)}): ${e.planned} runs planned, ${e.done} done, ${e.todo} to run${e.resumed ? ' (resuming)' : ''}\n  folder ${e.dir}`,
        );
        break;
      case 'submitted':
        say(
          `submitted Slurm job array ${e.jobId}: ${e.tasks} task${e.tasks === 1 ? '' : 's'}${e.gres ? `, --gres=${e.gres} each` : ''} (${e.script})`,
        );
        break;
      case 'adopted':
        say(
          `watching ${e.tasks} Slurm task${e.tasks === 1 ? '' : 's'} of an earlier submission (still queued or running)`,
        );
        break;
      case 'lock_wait': {
        const h = e.holder;
        const held = Date.parse(h.since);
        const heldFor = Number.isFinite(held)
          ? `, held since ${h.since.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`
          : '';
        if (e.waitedS < 0.5 || lockLine === '') {
          say(
            `waiting for device lock ${e.lock}: another study is measuring the same device — process ${h.pid}${h.host ? ` on ${h.host}` : ''}, study ${h.study}${heldFor}\n  (--wait-lock S bounds the wait, --no-wait fails at once; Ctrl-C stops and leaves nothing to resume)`,
          );
          lockPlainAt = now();
        } else if (mode === 'plain' && now() - lockPlainAt >= (o.plainLockEveryMs ?? 30_000)) {
          plain(
            `${stamp()} still waiting for device lock ${e.lock} (process ${h.pid}): ${clock(e.waitedS)} so far`,
          );
          lockPlainAt = now();
        }
        lockLine = `waiting for device lock ${e.lock} · held by process ${h.pid}${h.host ? ` on ${h.host}` : ''} · waited ${clock(e.waitedS)}`;
        break;
      }
      case 'lock_acquired':
        lockLine = '';
        plain(`${stamp()} device locks: ${e.locks.join(', ')}`);
        break;
      case 'run_start':
        run = `run ${e.run.ordinal}/${e.run.of}: #${e.run.experiment} ${e.run.slug} cycle ${e.run.cycle}`;
        runStart = now();
        phase = '';
        requests = '';
        waiting = '';
        plain(`${stamp()} ${run}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`);
        break;
      case 'experiment': {
        const x = e.event;
        if (x.type === 'phase') {
          phase = `[${x.phase}]`;
          requests = '';
          plain(`${stamp()}   ${x.phase}${x.detail ? `: ${x.detail}` : ''}`);
        } else if (x.type === 'requests') requests = `${x.done}/${x.total} requests`;
        else if (x.type === 'power') power = `${x.watts.toFixed(1)} W`;
        else if (x.type === 'warning') plain(`${stamp()}   warning ${x.warning.code}: ${x.warning.message}`);
        break;
      }
      case 'run_end': {
        done = e.run.ordinal;
        runSeconds += e.durationS;
        runStart = undefined;
        const x = e.run.experiment;
        validSoFar.set(x, (validSoFar.get(x) ?? 0) + (e.valid === true ? 1 : 0));
        const notValid = e.status === 'ok' && e.valid === false;
        const figures =
          e.status === 'ok'
            ? `${num(e.jPerOutputToken)} J/output token · ${num(e.outputTokensPerS)} tok/s${e.modelReused ? ' · model reused' : ''}`
            : e.error
              ? `${e.error.code} in ${e.error.phase}: ${e.error.message}`
              : 'stopped during the measurement window';
        const verdict = notValid
          ? `ok but NOT VALID, left out of the means (${e.invalid.join('; ')})`
          : e.status;
        last = `last: ${notValid ? 'NOT VALID' : e.status}${e.status === 'ok' ? ` ${num(e.jPerOutputToken)} J/tok` : ''}`;
        const none = validSoFar.get(x) === 0 ? ` · #${x} has no valid cycle yet` : '';
        say(
          `${stamp()} run ${e.run.ordinal}/${e.run.of} #${x} ${e.run.slug} cycle ${e.run.cycle}: ${verdict} in ${e.durationS.toFixed(1)} s · ${figures}${none}`,
        );
        break;
      }
      case 'wait':
        waiting = `${e.kind.replace('_', ' ')} ${clock(e.seconds)}${e.cooldown === 'waiting' ? ' (or until cool)' : ''}`;
        waitStart = now();
        plain(`${stamp()} ${waiting}`);
        break;
      case 'wait_end':
        waitSeconds += e.waitedS;
        waitStart = undefined;
        waiting = '';
        if (e.endedBy === 'cool') plain(`${stamp()} cooled down after ${e.waitedS.toFixed(0)} s`);
        break;
      case 'breaker':
        say(
          e.action === 'probe'
            ? `circuit breaker: ${e.consecutiveFailures} consecutive failures; cooling down, then one probe run`
            : `circuit breaker tripped: the probe run failed too (${e.consecutiveFailures} consecutive failures); stopping the study`,
        );
        break;
      case 'warning':
        say(`warning ${e.warning.code}: ${e.warning.message}`);
        break;
      case 'study_end':
        stopTicker();
        clear();
        return;
    }
    draw();
  };
  // The live line is redrawn every second, so elapsed time and the ETA move between events too.
  const ticker =
    mode === 'live' && (o.tickMs ?? 1000) > 0
      ? setInterval(() => drawn && draw(), o.tickMs ?? 1000)
      : undefined;
  ticker?.unref();
  const stopTicker = () => {
    if (ticker) clearInterval(ticker);
  };
  return {
    onEvent,
    close: () => {
      stopTicker();
      clear();
    },
  };
}

/** Options of `createStudyProgress` (tests inject a clock). */
export interface StudyProgressOptions {
  /** Monotonic time, ms [performance.now]. */
  nowMs?: () => number;
  /** Live-line redraw interval, ms [1000]; 0 = only on events. */
  tickMs?: number;
  /** In plain mode, a "still waiting" line for a device lock at most this often, ms [30000]. */
  plainLockEveryMs?: number;
}
