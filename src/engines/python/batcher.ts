import type { InferenceRequest, RequestRecord } from '../engine.js';
import type { WorkerResult } from './protocol.js';

/** Sends one batch to the worker; resolves with the results and the harness-clock time of the worker's t = 0. */
export type SendBatch = (
  requests: readonly InferenceRequest[],
) => Promise<{ results: WorkerResult[]; baseMs: number; sentMs: number }>;

interface Waiting {
  request: InferenceRequest;
  scheduledMs: number;
  resolve: (record: RequestRecord) => void;
}

/**
 * Turns the dispatcher's one-request-per-slot `serve` calls into `generate` batches: the requests
 * served in the same turn of the event loop (the dispatcher's slots taking work together) go in one
 * batch; batches are sent one after another. A failed batch resolves its requests with the error
 * and remembers it as `fatal` (the engine throws it after the run: the worker is gone).
 */
export class Batcher {
  #waiting: Waiting[] = [];
  #flushQueued = false;
  #chain: Promise<void> = Promise.resolve();
  fatal: Error | undefined;

  /** `now` is the harness clock (`Clock.nowMs`). */
  constructor(
    readonly send: SendBatch,
    readonly now: () => number,
  ) {}

  /** The dispatcher's `serve`: resolves with the request's record once its batch returns. */
  serve = (_slot: number, request: InferenceRequest, scheduledMs: number): Promise<RequestRecord> =>
    new Promise((resolve) => {
      this.#waiting.push({ request, scheduledMs, resolve });
      if (!this.#flushQueued) {
        this.#flushQueued = true;
        setImmediate(() => {
          this.#flushQueued = false;
          const batch = this.#waiting.splice(0);
          this.#chain = this.#chain.then(() => this.#run(batch));
        });
      }
    });

  async #run(batch: Waiting[]): Promise<void> {
    if (batch.length === 0) return;
    if (this.fatal) {
      for (const w of batch) w.resolve(failed(w, this.fatal.message, this.now()));
      return;
    }
    try {
      const { results, baseMs, sentMs } = await this.send(batch.map((w) => w.request));
      const byId = new Map(results.map((r) => [r.id, r]));
      for (const w of batch) {
        const r = byId.get(w.request.id);
        w.resolve(
          r ? toRecord(r, baseMs, sentMs, w.scheduledMs) : failed(w, 'the worker returned no result', sentMs),
        );
      }
    } catch (error) {
      this.fatal = error instanceof Error ? error : new Error(String(error));
      for (const w of batch) w.resolve(failed(w, this.fatal.message, this.now()));
    }
  }
}

/**
 * A worker result on the harness clock: worker offsets + `baseMs`, never before the request was
 * written (`sentMs`), and kept in order (start ≤ first token ≤ … ≤ end).
 */
export function toRecord(
  r: WorkerResult,
  baseMs: number,
  sentMs: number,
  scheduledMs: number,
): RequestRecord {
  const at = (offset: number, floor: number) => Math.max(floor, baseMs + offset);
  const startMs = at(r.start_ms, sentMs);
  const record: RequestRecord = {
    id: r.id,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    scheduledMs,
    startMs,
    endMs: startMs,
  };
  let last = startMs;
  if (r.token_ms && r.token_ms.length > 0) {
    record.tokenTimesMs = r.token_ms.map((t) => {
      last = at(t, last);
      return last;
    });
    record.firstTokenMs = record.tokenTimesMs[0]!;
  } else if (r.first_token_ms !== null && r.first_token_ms !== undefined) {
    record.firstTokenMs = at(r.first_token_ms, startMs);
    last = record.firstTokenMs;
  }
  record.endMs = at(r.end_ms, last);
  if (r.truncated) record.truncated = true;
  if (r.error !== undefined) record.error = r.error;
  return record;
}

function failed(w: Waiting, error: string, atMs: number): RequestRecord {
  return {
    id: w.request.id,
    inputTokens: 0,
    outputTokens: 0,
    scheduledMs: w.scheduledMs,
    startMs: atMs,
    endMs: atMs,
    error,
  };
}
