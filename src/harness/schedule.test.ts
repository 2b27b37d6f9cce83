import { describe, expect, it } from 'vitest';
import { type ExperimentInput, experimentSchema } from '../config/schema.js';
import type { Prompt } from '../datasets/prompt.js';
import type { RequestRecord } from '../engines/engine.js';
import { planWindow, scheduleSummary } from './schedule.js';

const config = (input: Omit<ExperimentInput, 'model'>) => experimentSchema.parse({ model: 'x', ...input });
const prompts = (n: number): Prompt[] =>
  Array.from({ length: n }, (_, i) => ({ text: `p${i}`, source: 's' }));

describe('planWindow', () => {
  it('rate: arrivals drawn from the seed, extended (cycling the prompts) until min_window_s', () => {
    const c = config({ load: { mode: 'rate', rate_rps: 1, arrival: 'constant' } });
    const plan = planWindow(prompts(3), c);
    expect(plan.load).toEqual({ mode: 'rate' });
    expect(plan.fillS).toBe(10);
    expect(plan.requests.map((r) => r.scheduledOffsetMs)).toEqual(
      Array.from({ length: 11 }, (_, i) => i * 1000),
    );
    expect(plan.requests.map((r) => r.id)).toEqual(Array.from({ length: 11 }, (_, i) => i));
    expect(plan.requests.map((r) => r.prompt).slice(0, 7)).toEqual([
      'p0',
      'p1',
      'p2',
      'p0',
      'p1',
      'p2',
      'p0',
    ]);
    const again = planWindow(prompts(3), config({ load: { mode: 'rate', rate_rps: 1 } }));
    expect(planWindow(prompts(3), config({ load: { mode: 'rate', rate_rps: 1 } })).requests).toEqual(
      again.requests,
    );
  });

  it('rate without the fill plans exactly n_prompts', () => {
    const c = config({ load: { mode: 'rate', rate_rps: 1, fill_min_window: false } });
    expect(planWindow(prompts(3), c).requests).toHaveLength(3);
  });

  it('closed loops hand the minimum duration to the dispatcher', () => {
    expect(planWindow(prompts(3), config({})).load).toEqual({ mode: 'batch', minDurationMs: 10_000 });
    expect(planWindow(prompts(3), config({ load: { mode: 'concurrency', concurrency: 2 } })).load).toEqual({
      mode: 'concurrency',
      concurrency: 2,
      minDurationMs: 10_000,
    });
    const off = planWindow(prompts(3), config({ load: { fill_min_window: false } }));
    expect(off.load).toEqual({ mode: 'batch' });
    expect(off.fillS).toBeNull();
  });
});

describe('scheduleSummary', () => {
  it('compares planned and achieved rate and CV, and summarises the send-time error', () => {
    const c = config({ load: { mode: 'rate', rate_rps: 2, arrival: 'constant', fill_min_window: false } });
    const plan = planWindow(prompts(4), c);
    const lateMs = [0, 1, 3, 2];
    const records: RequestRecord[] = plan.requests.map((r, i) => ({
      id: r.id,
      inputTokens: 1,
      outputTokens: 1,
      scheduledMs: 100 + r.scheduledOffsetMs,
      sentMs: 100 + r.scheduledOffsetMs + lateMs[i]!,
      startMs: 100 + r.scheduledOffsetMs + lateMs[i]!,
      endMs: 2000,
    }));
    const s = scheduleSummary(plan, c, records);
    expect(s).toMatchObject({
      mode: 'rate',
      arrival: 'constant',
      burstiness: null,
      concurrency: null,
      requests_planned: 4,
      requests_total: 4,
      requests_added: 0,
      requests_sent: 4,
      fill_min_window_s: null,
      planned_rate_rps: 2,
      planned_interarrival_cv: 0,
    });
    // Sends at 100, 601, 1103, 1602 ms: 3 gaps over 1502 ms.
    expect(s.achieved_rate_rps).toBeCloseTo(3 / 1.502, 9);
    expect(s.achieved_interarrival_cv).toBeGreaterThan(0);
    expect(s.send_error).toMatchObject({ n: 4, min_ms: 0, max_ms: 3, p50_ms: 1.5 });
  });

  it('a request never sent has no send error; nothing sent gives a null summary', () => {
    const c = config({});
    const plan = planWindow(prompts(1), c);
    const s = scheduleSummary(plan, c, [
      { id: 0, inputTokens: 0, outputTokens: 0, scheduledMs: 0, startMs: 5, endMs: 5, error: 'aborted' },
    ]);
    expect(s.requests_sent).toBe(0);
    expect(s.send_error).toBeNull();
    expect(s.achieved_rate_rps).toBeNull();
    expect(s.concurrency).toBe(1);
  });
});
