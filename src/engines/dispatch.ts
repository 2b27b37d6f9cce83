// The load generator every engine shares (SPEC §3, §5): it issues requests on the schedule of
// `load` into a queue, and the engine's serving slots (llama.cpp sequences, a server's in-flight
// cap) take them from it in order. A request's latency starts at its *scheduled* time, so time
// spent waiting for a free slot is part of it (no coordinated omission); the record also keeps
// when the request was actually sent and when work on it started.
import type { Clock } from '../core/clock.js';
import type { InferenceRequest, LoadSpec, RequestRecord } from './engine.js';

/** The error text of a request stopped by the abort signal (or never started because of it). */
export const ABORTED = 'aborted';

/** Serves one request on serving slot `slot`; sets `startMs` when work starts; must not throw. */
export type ServeOne = (
  slot: number,
  request: InferenceRequest,
  scheduledMs: number,
) => Promise<RequestRecord>;

/** What the dispatcher needs besides the requests. */
export interface DispatchOptions {
  clock: Clock;
  /** Requests the engine serves at once (parallel sequences, server slots); ≥ 1. */
  slots: number;
  signal?: AbortSignal;
  /** Called once per finished record, in completion order. */
  onRecord?: (record: RequestRecord) => void;
}

interface Issued {
  index: number;
  scheduledMs: number;
  sentMs: number;
}

/**
 * Requests kept outstanding (issued and not finished) in a closed loop: `concurrency` for
 * `concurrency` mode, every request for `batch`; undefined for the open-loop `rate` mode.
 */
export function closedLoopLimit(load: LoadSpec, requestCount: number): number | undefined {
  if (load.mode === 'rate') return undefined;
  if (load.mode === 'concurrency') return Math.max(1, load.concurrency ?? 1);
  return Math.max(1, requestCount);
}

/**
 * Runs `requests` under `load` over `slots` serving slots and returns one record per request in
 * the order of `requests`, followed by the records of any extra requests issued to fill
 * `load.minDurationMs`, in issue order.
 *
 * - `rate`: each request is sent at run start + `scheduledOffsetMs` (an open loop: sends never
 *   wait for answers) and waits in the queue for a free slot.
 * - `concurrency`: a closed loop: `load.concurrency` requests are outstanding; each finished
 *   request sends the next one, scheduled at the moment it finished. More outstanding requests
 *   than slots queue, and the queueing shows in the queue-inclusive latencies.
 * - `batch`: every request is sent at run start (a closed loop of `requests.length`).
 * - `minDurationMs` (closed loops): while less than this has passed since the run started, a
 *   finished request sends a new one, cycling through `requests` with fresh ids, so the load stays
 *   steady for the whole minimum window. Extension stops at the first failed request (failures
 *   would otherwise repeat for the whole window).
 *
 * On abort no request is sent or started any more; every request that did not finish gets a
 * record with error `aborted`.
 */
export async function dispatch(
  requests: readonly InferenceRequest[],
  load: LoadSpec,
  serve: ServeOne,
  options: DispatchOptions,
): Promise<RequestRecord[]> {
  const { clock, signal, onRecord } = options;
  const runStartMs = clock.nowMs();
  const all: InferenceRequest[] = [...requests];
  const records: (RequestRecord | undefined)[] = new Array(all.length);
  const queue: Issued[] = [];
  const idle: (() => void)[] = [];
  const wakeAll = () => {
    for (const wake of idle.splice(0)) wake();
  };
  const aborted = () => signal?.aborted === true;
  signal?.addEventListener('abort', wakeAll, { once: true });

  const limit = closedLoopLimit(load, all.length);
  let outstanding = 0;
  let issuerDone = limit !== undefined; // a closed loop issues only from completions
  let nextIndex = 0;
  let extending = limit !== undefined && (load.minDurationMs ?? 0) > 0 && all.length > 0;
  let nextId = all.reduce((m, r) => Math.max(m, r.id), -1) + 1;

  const issue = (index: number, scheduledMs: number) => {
    outstanding++;
    queue.push({ index, scheduledMs, sentMs: clock.nowMs() });
    idle.shift()?.();
  };
  /** Closed loop: sends the next request (planned, or an extra one for the minimum duration). */
  const issueNext = (scheduledMs: number): boolean => {
    if (aborted()) return false;
    if (nextIndex < requests.length) {
      issue(nextIndex++, scheduledMs);
      return true;
    }
    if (!extending || clock.nowMs() - runStartMs >= (load.minDurationMs ?? 0)) return false;
    const template = requests[(all.length - requests.length) % requests.length]!;
    all.push({ ...template, id: nextId++ });
    records.push(undefined);
    issue(all.length - 1, scheduledMs);
    return true;
  };

  const take = async (): Promise<Issued | undefined> => {
    for (;;) {
      if (aborted()) return undefined;
      const item = queue.shift();
      if (item !== undefined) return item;
      if (issuerDone && outstanding === 0) return undefined;
      await new Promise<void>((resolve) => idle.push(resolve));
    }
  };

  const worker = async (slot: number): Promise<void> => {
    for (let item = await take(); item !== undefined; item = await take()) {
      const record = await serve(slot, all[item.index]!, item.scheduledMs);
      record.scheduledMs = item.scheduledMs;
      record.sentMs = item.sentMs;
      records[item.index] = record;
      onRecord?.(record);
      if (record.error !== undefined) extending = false;
      if (limit !== undefined) issueNext(record.endMs);
      outstanding--;
      if (outstanding === 0 && (issuerDone || aborted())) wakeAll();
    }
  };

  if (limit !== undefined) {
    while (nextIndex < Math.min(limit, requests.length) && issueNext(runStartMs));
  }
  const workers = Array.from({ length: Math.max(1, options.slots) }, (_, slot) => worker(slot));
  if (limit === undefined) {
    // Open loop: send each request at its scheduled time, whatever the slots are doing.
    const order = all.map((_, i) => i).sort((a, b) => all[a]!.scheduledOffsetMs - all[b]!.scheduledOffsetMs);
    for (const index of order) {
      const scheduledMs = runStartMs + all[index]!.scheduledOffsetMs;
      if (!(await waitUntil(clock, scheduledMs, signal))) break;
      issue(index, scheduledMs);
    }
    issuerDone = true;
    if (outstanding === 0) wakeAll();
  }
  await Promise.all(workers);
  signal?.removeEventListener('abort', wakeAll);

  const nowMs = clock.nowMs();
  const sent = new Map(queue.map((q) => [q.index, q]));
  return all.map((request, i) => {
    const done = records[i];
    if (done !== undefined) return done;
    const queued = sent.get(i);
    const unfinished: RequestRecord = {
      id: request.id,
      inputTokens: 0,
      outputTokens: 0,
      scheduledMs: queued?.scheduledMs ?? runStartMs + (limit === undefined ? request.scheduledOffsetMs : 0),
      ...(queued ? { sentMs: queued.sentMs } : {}),
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
  if (signal?.aborted) return false;
  for (let waitMs = ms - clock.nowMs(); waitMs > 0; waitMs = ms - clock.nowMs()) {
    try {
      await clock.sleep(waitMs, signal);
    } catch {
      return false;
    }
  }
  return signal?.aborted !== true;
}
