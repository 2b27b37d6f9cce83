import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxOverlap } from '../../../test/helpers/overlap.js';
import { type ExperimentInput, experimentSchema } from '../../config/schema.js';
import { systemClock } from '../../core/clock.js';
import type { Engine, EngineContext, InferenceRequest, RequestRecord } from '../engine.js';
import { createLlamaCppEngine } from './index.js';

// The three load modes on the real engine and the tiny model: what is asserted is read from the
// records' own times (sent, start of work, end), never from the dispatcher's internals.

const dir = mkdtempSync(join(tmpdir(), 'llem-llamacpp-load-'));
const ctx: EngineContext = { clock: systemClock, cacheDir: dir, baseDir: dir, log: () => {} };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const requests = (n: number, offsetMs = 0): InferenceRequest[] =>
  Array.from({ length: n }, (_, id) => ({
    id,
    prompt: `Prompt number ${id} about energy.`,
    maxOutputTokens: 8,
    scheduledOffsetMs: id * offsetMs,
  }));

async function withEngine(sequences: number, body: (engine: Engine) => Promise<void>): Promise<void> {
  const input: ExperimentInput = {
    model: 'builtin:tiny',
    max_input_tokens: 32,
    max_output_tokens: 8,
    fixed_output_length: true,
    llamacpp: { threads: 1, sequences },
  };
  const engine = createLlamaCppEngine();
  await engine.load(experimentSchema.parse(input), ctx);
  try {
    await body(engine);
  } finally {
    await engine.unload();
  }
}

/** Requests outstanding (sent and not finished) at each request's send, itself included. */
function outstandingAtSends(records: readonly RequestRecord[]): number[] {
  return records.map((r) => records.filter((o) => o.sentMs! <= r.sentMs! && o.endMs > r.sentMs!).length);
}

describe('llamacpp load modes (real engine, tiny model)', () => {
  beforeAll(async () => {
    await withEngine(1, async () => {}); // generate the builtin model once
  });

  it('concurrency 2 keeps exactly 2 requests in flight, with 4 sequences free', async () => {
    await withEngine(4, async (engine) => {
      const records = await engine.run(requests(10), { mode: 'concurrency', concurrency: 2 });
      for (const r of records) expect(r.error).toBeUndefined();
      const atSends = outstandingAtSends(records);
      // The first send finds only itself; every later one exactly 2 (itself and one other).
      expect(atSends.slice(1)).toEqual(Array(9).fill(2));
      expect(maxOverlap(records)).toBe(2);
    });
  });

  it('concurrency 4 over 2 sequences is honoured: 4 outstanding, 2 served, the wait is in queued TTFT', async () => {
    await withEngine(2, async (engine) => {
      const records = await engine.run(requests(12), { mode: 'concurrency', concurrency: 4 });
      for (const r of records) expect(r.error).toBeUndefined();
      expect(Math.max(...outstandingAtSends(records))).toBe(4);
      expect(maxOverlap(records)).toBeLessThanOrEqual(2);
      const waited = records.filter((r) => r.startMs - r.sentMs! > 1);
      expect(waited.length).toBeGreaterThanOrEqual(4);
      for (const r of waited) {
        const queued = r.firstTokenMs! - r.scheduledMs;
        const service = r.firstTokenMs! - r.startMs;
        expect(queued - service).toBeCloseTo(r.startMs - r.scheduledMs, 6);
        expect(queued).toBeGreaterThan(service);
      }
    });
  });

  it('rate: requests are sent on schedule and queue for a free sequence', async () => {
    await withEngine(1, async (engine) => {
      const records = await engine.run(requests(6, 0.5), { mode: 'rate' });
      const t0 = records[0]!.scheduledMs;
      records.forEach((r, i) => {
        expect(r.error).toBeUndefined();
        expect(r.scheduledMs - t0).toBeCloseTo(i * 0.5, 6);
        expect(r.sentMs!).toBeGreaterThanOrEqual(r.scheduledMs);
        expect(r.startMs).toBeGreaterThanOrEqual(r.sentMs!);
      });
      // One sequence, arrivals every 0.5 ms, each request far longer: each waits for the one before.
      for (let i = 1; i < records.length; i++) {
        expect(records[i]!.startMs).toBeGreaterThanOrEqual(records[i - 1]!.endMs);
      }
      const last = records.at(-1)!;
      expect(last.firstTokenMs! - last.scheduledMs).toBeGreaterThan(last.firstTokenMs! - last.startMs);
    });
  });
});
