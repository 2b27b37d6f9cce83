import { describe, expect, it } from 'vitest';
import type { RunRef, StudyEvent } from '../study/events.js';
import type { CliIo } from './io.js';
import type { ProgressMode } from './progress.js';
import { createStudyProgress } from './study-progress.js';

function harness(mode: ProgressMode) {
  const err: string[] = [];
  const io: CliIo = {
    out: () => {},
    err: (t) => err.push(t),
    isTty: mode === 'live',
    columns: 200,
    env: {},
    cwd: '/',
  };
  let t = 0;
  const p = createStudyProgress(io, mode, { nowMs: () => t, tickMs: 0, plainLockEveryMs: 30_000 });
  return {
    err,
    send: (e: StudyEvent) => p.onEvent(e),
    advance: (s: number) => {
      t += s * 1000;
    },
    /** The live line as last drawn. */
    line: () => (err.at(-1) ?? '').replace('\r\x1b[2K', ''),
    close: p.close,
  };
}

const ref = (ordinal: number): RunRef => ({
  position: ordinal - 1,
  experiment: 1,
  cycle: ordinal,
  slug: 'tiny',
  ordinal,
  of: 3,
});

const start: StudyEvent = {
  type: 'study_start',
  dir: '/r/s-12345678',
  name: 's',
  studyHash: '12345678abcdef',
  planned: 3,
  done: 0,
  todo: 3,
  resumed: false,
};

const end = (ordinal: number, durationS: number): StudyEvent => ({
  type: 'run_end',
  run: ref(ordinal),
  status: 'ok',
  durationS,
  error: null,
  valid: true,
  invalid: [],
  jPerOutputToken: 0.5,
  outputTokensPerS: 100,
  modelReused: false,
});

const power: StudyEvent = {
  type: 'experiment',
  run: ref(2),
  event: { type: 'power', watts: 12, source: 'estimate' } as never,
};

describe('study progress', () => {
  it('the ETA counts down during a run, not only between runs', () => {
    const h = harness('live');
    h.send(start);
    h.send({ type: 'run_start', run: ref(1), attempt: 1, dir: 'runs/x/cycle-1' });
    h.advance(10);
    h.send(end(1, 10));
    h.send({ type: 'run_start', run: ref(2), attempt: 1, dir: 'runs/x/cycle-2' });
    h.send(power);
    expect(h.line()).toMatch(/ETA 00:20/);
    h.advance(4);
    h.send(power);
    expect(h.line()).toMatch(/ETA 00:16/);
    h.advance(4);
    h.send(power);
    expect(h.line()).toMatch(/ETA 00:12/);
    h.close();
  });

  it('while waiting for a device lock: who holds it, since when, and the time waited', () => {
    const holder = {
      pid: 4242,
      host: 'node-7',
      study: '/r/other-abcdef12',
      since: '2026-12-03T07:55:01.123Z',
    };
    const wait = (waitedS: number): StudyEvent => ({
      type: 'lock_wait',
      lock: 'gpu-0',
      holderPid: 4242,
      holder,
      waitedS,
    });
    const plain = harness('plain');
    plain.send(wait(0));
    const first = plain.err.join('');
    expect(first).toMatch(
      /waiting for device lock gpu-0: .*process 4242 on node-7, study \/r\/other-abcdef12, held since 2026-12-03 07:55:01Z/,
    );
    expect(first).toMatch(/--wait-lock S .* --no-wait/);
    plain.advance(10);
    plain.send(wait(10));
    expect(plain.err.join('')).toBe(first); // not every poll
    plain.advance(25);
    plain.send(wait(35));
    expect(plain.err.at(-1)).toMatch(/still waiting for device lock gpu-0 \(process 4242\): 00:35 so far/);

    const live = harness('live');
    live.send(wait(0));
    live.advance(65);
    live.send(wait(65));
    expect(live.line()).toBe('waiting for device lock gpu-0 · held by process 4242 on node-7 · waited 01:05');
    live.send({ type: 'lock_acquired', locks: ['gpu-0'] });
    live.send(start);
    expect(live.line()).not.toMatch(/waiting for device lock/);
    live.close();
  });
});
