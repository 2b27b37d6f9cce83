import type { Clock } from '../../core/clock.js';
import type { InferenceRequest, LoadSpec, RequestRecord } from '../engine.js';
import { ABORTED } from './generate.js';

/** Runs one request on sequence slot `slot`; must not throw. */
export type RunOne = (slot: number, request: InferenceRequest, scheduledMs: number) => Promise<RequestRecord>;

/** What the scheduler needs besides the requests. */
export interface ScheduleOptions {
  clock: Clock;
  /** Parallel sequences of the context. */
  sequences: number;
  signal?: AbortSignal;
  /** Called once per finished record, in completion order. */
  onRecord?: (record: RequestRecord) => void;
}

/**
 * How many requests may be in flight under `load` with `sequences` parallel sequences: all of
 * them in `batch` and `rate` mode, at most `load.concurrency` in `concurrency` mode.
 */
export function inFlightLimit(load: LoadSpec, sequences: number): number {
  if (load.mode === 'concurrency' && load.concurrency !== undefined)
    return Math.max(1, Math.min(load.concurrency, sequences));
  return sequences;
}

/**
 * Distributes `requests` over the sequence slots: each slot takes the next request from one
 * shared queue (in scheduled order) when it is free, waits for the request's scheduled time if
 * that is still ahead, and runs it, so up to `inFlightLimit` requests decode together and
 * node-llama-cpp batches their evaluations into shared decodes. On abort, slots stop taking work
 * and every request that did not finish gets a record with error `aborted`. Returns one record
 * per request, in the order of `requests`.
 */
export async function schedule(
  requests: readonly InferenceRequest[],
  load: LoadSpec,
  runOne: RunOne,
  options: ScheduleOptions,
): Promise<RequestRecord[]> {
  const { clock, signal, onRecord } = options;
  const runStartMs = clock.nowMs();
  const order = requests
    .map((_, i) => i)
    .sort((a, b) => requests[a]!.scheduledOffsetMs - requests[b]!.scheduledOffsetMs);
  const records: (RequestRecord | undefined)[] = new Array(requests.length);
  let next = 0;

  const worker = async (slot: number): Promise<void> => {
    while (next < order.length && signal?.aborted !== true) {
      const index = order[next++]!;
      const request = requests[index]!;
      const scheduledMs = runStartMs + request.scheduledOffsetMs;
      if (!(await waitUntil(clock, scheduledMs, signal))) break; // aborted: the request stays unfinished
      const record = await runOne(slot, request, scheduledMs);
      records[index] = record;
      onRecord?.(record);
    }
  };

  const slots = Math.min(inFlightLimit(load, options.sequences), requests.length);
  await Promise.all(Array.from({ length: slots }, (_, slot) => worker(slot)));

  const nowMs = clock.nowMs();
  return requests.map((request, i) => {
    const done = records[i];
    if (done !== undefined) return done;
    const unfinished: RequestRecord = {
      id: request.id,
      inputTokens: 0,
      outputTokens: 0,
      scheduledMs: runStartMs + request.scheduledOffsetMs,
      startMs: nowMs,
      endMs: nowMs,
      error: ABORTED,
    };
    onRecord?.(unfinished);
    return unfinished;
  });
}

/** Sleeps until `clock` reaches `ms` (timers may fire a little early, so it re-checks); false when aborted. */
async function waitUntil(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  for (let waitMs = ms - clock.nowMs(); waitMs > 0; waitMs = ms - clock.nowMs()) {
    try {
      await clock.sleep(waitMs, signal);
    } catch {
      return false;
    }
  }
  return true;
}
