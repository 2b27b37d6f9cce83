import { describe, expect, it } from 'vitest';
import type { ExperimentEvent } from '../harness/events.js';
import type { CliIo } from './io.js';
import { createProgress } from './progress.js';

describe('experiment progress (live)', () => {
  it('the ETA counts down between request events', () => {
    const err: string[] = [];
    const io: CliIo = {
      out: () => {},
      err: (t) => err.push(t),
      isTty: true,
      columns: 200,
      env: {},
      cwd: '/',
    };
    let t = 0;
    const p = createProgress(io, 'live', { nowMs: () => t, tickMs: 0 });
    const line = () => (err.at(-1) ?? '').replace('\r\x1b[2K', '');
    p.onEvent({ type: 'phase', phase: 'window' } as ExperimentEvent);
    t = 10_000;
    p.onEvent({ type: 'requests', phase: 'window', done: 10, total: 40 } as ExperimentEvent);
    expect(line()).toMatch(/10\/40 requests .*ETA 00:30/);
    t = 15_000;
    p.onEvent({ type: 'power', watts: 20, source: 'estimate' } as ExperimentEvent);
    expect(line()).toMatch(/ETA 00:25/);
    expect(line()).toMatch(/elapsed 00:15/);
    p.close();
  });
});
