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
): { onEvent: (e: ExperimentEvent) => void; close(): void } {
  const t0 = performance.now();
  let phase: Phase = 'preflight';
  let phaseStart = t0;
  let detail = '';
  let requests = '';
  let power = '';
  let eta = '';
  let lastPlainDecile = -1;
  let drawn = false;
  const elapsed = () => (performance.now() - t0) / 1000;
  const draw = () => {
    if (mode !== 'live') return;
    const line = [`[${phase}]`, detail, requests, power, `elapsed ${clock(elapsed())}`, eta]
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
        phaseStart = performance.now();
        detail = e.detail ?? '';
        requests = '';
        eta = '';
        lastPlainDecile = -1;
        plain(`[${clock(elapsed())}] ${e.phase}${e.detail ? `: ${e.detail}` : ''}`);
        break;
      case 'requests': {
        requests = `${e.done}/${e.total} requests`;
        const rate = e.done / ((performance.now() - phaseStart) / 1000);
        eta = rate > 0 && e.done < e.total ? `ETA ${clock((e.total - e.done) / rate)}` : '';
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
  return {
    onEvent,
    close: () => {
      if (mode === 'live' && drawn) io.err('\r\x1b[2K');
    },
  };
}
