import type { ExperimentEvent, Phase } from '../index.js';
import type { CliIo } from './io.js';

/** How progress is shown: redrawn status line, one line per step, or nothing. */
export type ProgressMode = 'live' | 'plain' | 'quiet';

/** Picks the progress mode from flags and the terminal. */
export function progressMode(
  io: CliIo,
  flags: { quiet?: boolean; live?: boolean; plain?: boolean },
): ProgressMode {
  if (flags.quiet) return 'quiet';
  if (flags.plain) return 'plain';
  if (flags.live) return 'live';
  return io.isTty ? 'live' : 'plain';
}

function clock(s: number): string {
  const t = Math.max(0, Math.round(s));
  const m = Math.floor(t / 60);
  return `${String(m).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}

/** Renders experiment events on stderr; returns the sink and a `close` that clears the live line. */
export function createProgress(
  io: CliIo,
  mode: ProgressMode,
  o: { nowMs?: () => number; tickMs?: number } = {},
): { onEvent: (e: ExperimentEvent) => void; close(): void } {
  const now = o.nowMs ?? (() => performance.now());
  const t0 = now();
  let phase: Phase = 'preflight';
  let phaseStart = t0;
  let detail = '';
  let requests = '';
  let power = '';
  /** Requests done at the last `requests` event, and the finish time forecast then (ms on `now`). */
  let progress: { done: number; total: number; finishAt: number } | undefined;
  let lastPlainDecile = -1;
  let drawn = false;
  const elapsed = () => (now() - t0) / 1000;
  /** Time to the forecast finish (requests left at the phase's rate so far), counting down between events. */
  const eta = () => {
    if (progress === undefined || progress.done <= 0 || progress.done >= progress.total) return '';
    return `ETA ${clock((progress.finishAt - now()) / 1000)}`;
  };
  const draw = () => {
    if (mode !== 'live') return;
    const line = [`[${phase}]`, detail, requests, power, `elapsed ${clock(elapsed())}`, eta()]
      .filter(Boolean)
      .join(' · ');
    io.err(`\r\x1b[2K${line.slice(0, Math.max(20, io.columns - 1))}`);
    drawn = true;
  };
  const plain = (text: string) => {
    if (mode === 'plain') io.err(`${text}\n`);
  };
  const onEvent = (e: ExperimentEvent) => {
    if (mode === 'quiet') return;
    switch (e.type) {
      case 'phase':
        phase = e.phase;
        phaseStart = now();
        detail = e.detail ?? '';
        requests = '';
        progress = undefined;
        lastPlainDecile = -1;
        plain(`[${clock(elapsed())}] ${e.phase}${e.detail ? `: ${e.detail}` : ''}`);
        break;
      case 'requests': {
        requests = `${e.done}/${e.total} requests`;
        const t = now();
        const perRequestMs = (t - phaseStart) / Math.max(1, e.done);
        progress = { done: e.done, total: e.total, finishAt: t + (e.total - e.done) * perRequestMs };
        const decile = Math.floor((10 * e.done) / Math.max(1, e.total));
        if (decile !== lastPlainDecile && e.phase === 'window') {
          lastPlainDecile = decile;
          plain(`[${clock(elapsed())}] ${e.phase}: ${e.done}/${e.total} requests`);
        }
        break;
      }
      case 'power':
        power = `${e.watts.toFixed(1)} W (${e.source})`;
        break;
      case 'warning':
        if (mode === 'live' && drawn) io.err('\r\x1b[2K');
        io.err(`warning ${e.warning.code}: ${e.warning.message}\n`);
        break;
      case 'log':
      case 'result':
        return;
    }
    draw();
  };
  // Redrawn every second, so the elapsed time and the ETA move while no event arrives.
  const ticker =
    mode === 'live' && (o.tickMs ?? 1000) > 0
      ? setInterval(() => drawn && draw(), o.tickMs ?? 1000)
      : undefined;
  ticker?.unref();
  return {
    onEvent,
    close: () => {
      if (ticker) clearInterval(ticker);
      if (mode === 'live' && drawn) io.err('\r\x1b[2K');
      drawn = false;
    },
  };
}
