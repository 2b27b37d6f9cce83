// Server-sent events at the byte level (the WHATWG event-stream format, as OpenAI-compatible
// servers send it). The hot path works on Buffers: it finds line ends with the native
// `indexOf`, keeps only an unfinished line between reads, and decodes nothing but the bytes of
// each `data:` payload, so a token costs one short UTF-8 decode and one JSON parse.

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const DATA = Buffer.from('data');

/** Receives each complete `data:` payload (multi-line data joined with `\n`), in order. */
export type SseDataHandler = (payload: string) => void;

/**
 * Optional fast path: sees a single-line `data:` payload as bytes `buf[start, end)` before any
 * decoding; returning true consumes it (the string handler is then not called).
 */
export type SseBytesHandler = (buf: Buffer, start: number, end: number) => boolean;

/**
 * Splits an event stream into `data` payloads. Comment lines (`:…`) and the other fields (`event`,
 * `id`, `retry`) are skipped; a blank line ends an event. Handles `\n`, `\r\n` and `\r` line ends
 * and lines split across reads.
 */
export class SseSplitter {
  #rest: Buffer | undefined;
  #data: string | undefined;
  /** A single-line payload not yet decoded (its bytes stay referenced until the blank line). */
  #pending: Buffer | undefined;
  #pendingStart = 0;
  #pendingEnd = 0;
  /** `#pending` when it is this splitter's own copy. */
  #owned: Buffer | undefined;
  readonly #onData: SseDataHandler;
  readonly #onBytes: SseBytesHandler | undefined;

  constructor(onData: SseDataHandler, onBytes?: SseBytesHandler) {
    this.#onData = onData;
    this.#onBytes = onBytes;
  }

  /** Feeds the next chunk read from the socket. */
  push(chunk: Buffer): void {
    this.pushRange(chunk, 0, chunk.length);
  }

  /**
   * Feeds `buf[start, end)`. Nothing of `buf` is kept after the call (an unfinished line or an
   * event still waiting for its blank line is copied), so the caller may reuse its read buffer.
   */
  pushRange(chunk: Buffer, start: number, end: number): void {
    let buf = chunk;
    let pos = start;
    let len = end;
    if (this.#rest !== undefined) {
      buf = Buffer.concat([this.#rest, chunk.subarray(start, end)]);
      this.#rest = undefined;
      pos = 0;
      len = buf.length;
    }
    while (pos < len) {
      // A plain loop, bounded to this range: a native search costs more per call than a line
      // costs to scan, and would run on into the stale rest of a reused read buffer.
      let lf = pos;
      while (lf < len && buf[lf] !== LF) lf++;
      if (lf === len) {
        // A lone CR also ends a line; rare in practice, so only looked for when no LF is left.
        let cr = pos;
        while (cr < len && buf[cr] !== CR) cr++;
        if (cr >= len - 1) {
          this.#rest = Buffer.from(buf.subarray(pos, len));
          break;
        }
        lf = cr;
      }
      const lineEnd = lf > pos && buf[lf - 1] === CR ? lf - 1 : lf;
      this.#line(buf, pos, lineEnd);
      pos = lf + 1;
    }
    // A payload whose blank line has not arrived yet must not point into a buffer about to be reused.
    const p = this.#pending;
    if (p !== undefined && p !== this.#owned) {
      this.#pending = Buffer.from(p.subarray(this.#pendingStart, this.#pendingEnd));
      this.#owned = this.#pending;
      this.#pendingStart = 0;
      this.#pendingEnd = this.#owned.length;
    }
  }

  /** Ends the stream: an event not closed by a blank line is dropped (as the format says). */
  end(): void {
    this.#rest = undefined;
    this.#data = undefined;
    this.#pending = undefined;
  }

  #decodePending(): void {
    const p = this.#pending;
    if (p === undefined) return;
    this.#pending = undefined;
    this.#data = p.toString('utf8', this.#pendingStart, this.#pendingEnd);
  }

  #line(buf: Buffer, start: number, end: number): void {
    if (start === end) {
      const p = this.#pending;
      if (p !== undefined) {
        this.#pending = undefined;
        if (this.#onBytes?.(p, this.#pendingStart, this.#pendingEnd) === true) return;
        this.#onData(p.toString('utf8', this.#pendingStart, this.#pendingEnd));
        return;
      }
      const data = this.#data;
      this.#data = undefined;
      if (data !== undefined) this.#onData(data);
      return;
    }
    if (buf[start] === COLON) return;
    // Only `data` matters: compare the field name byte by byte before decoding anything.
    if (
      end - start < 4 ||
      buf[start] !== DATA[0] ||
      buf[start + 1] !== DATA[1] ||
      buf[start + 2] !== DATA[2] ||
      buf[start + 3] !== DATA[3]
    )
      return;
    let valueStart = start + 4;
    if (valueStart < end && buf[valueStart] !== COLON) return; // a field like `database`
    if (valueStart < end) valueStart++;
    if (valueStart < end && buf[valueStart] === SPACE) valueStart++;
    if (this.#data === undefined && this.#pending === undefined) {
      this.#pending = buf;
      this.#pendingStart = valueStart;
      this.#pendingEnd = end;
      return;
    }
    this.#decodePending();
    const value = buf.toString('utf8', valueStart, end);
    this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
  }
}
