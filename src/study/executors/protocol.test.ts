import { describe, expect, it } from 'vitest';
import { parseChildMessage, parseFaults, parseParentMessage } from './protocol.js';

describe('IPC protocol', () => {
  it('accepts the child messages the runner handles', () => {
    for (const m of [
      { type: 'phase', phase: 'window', at_ms: 12.5, detail: '24 requests' },
      { type: 'ready', prepare_s: 0.4 },
      { type: 'event', event: { type: 'requests', phase: 'window', done: 1, total: 2 } },
      { type: 'result', record: { status: 'ok', cycle: 1, study_hash: 'x' } },
      { type: 'error', error: { code: 'ERR_CONFIG_INVALID', message: 'bad' } },
    ]) {
      expect(parseChildMessage(m)).toEqual({ ok: true, message: m });
    }
  });

  it('names what is wrong with a malformed child message', () => {
    const bad = [
      [{ type: 'phase', phase: 'lunch', at_ms: 1 }, 'phase'],
      [{ type: 'phase', phase: 'window' }, 'at_ms'],
      [{ type: 'result', record: { status: 'great', cycle: 1 } }, 'record.status'],
      [{ type: 'hello' }, 'type'],
      ['phase window', '(message)'],
    ] as const;
    for (const [m, where] of bad) {
      const r = parseChildMessage(m);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toContain(where);
    }
  });

  it('validates the runner messages the child handles', () => {
    const job = {
      config: { engine: 'llamacpp', model: 'builtin:tiny' },
      measure: { runIndex: 1, cycle: 1, studyHash: 'h', resultsDir: '/r' },
      pairDir: '/r/p',
      configHash: 'c',
      timeoutS: 10,
      env: { PATH: '/bin' },
    };
    expect(parseParentMessage({ type: 'start', job }).ok).toBe(true);
    expect(parseParentMessage({ type: 'prepare', job }).ok).toBe(true);
    expect(parseParentMessage({ type: 'start', job: { ...job, pairDir: 3 } }).ok).toBe(false);
    expect(parseParentMessage({ type: 'prepare', engine: 'llamacpp' }).ok).toBe(false);
  });

  it('parses test faults', () => {
    expect(parseFaults('abort@load#2, hang@window,nonsense')).toEqual([
      { kind: 'abort', phase: 'load', experiment: 2 },
      { kind: 'hang', phase: 'window' },
    ]);
  });
});
