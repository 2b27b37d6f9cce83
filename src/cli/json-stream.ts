/**
 * Writing a large JSON document in pieces, so that `--dry-run --json` of a 100,000-point study
 * never holds the whole text (hundreds of MB) in memory. The text is exactly
 * `JSON.stringify(value, null, 2)` of the same value, with any non-array iterable written as an
 * array (so a caller can pass a generator instead of building a mapped list). Objects and arrays
 * are opened down to `depth` levels; below that each member is stringified on its own and
 * re-indented. Pieces are gathered into chunks of about `chunkBytes` before each `write`.
 */

/** Options for `writeJsonStream`. */
export interface JsonStreamOptions {
  /** Nesting levels walked piece by piece (default 2: top-level members and their items). */
  depth?: number;
  /** Characters gathered before each write (default 65,536). */
  chunkChars?: number;
}

const INDENT = '  ';

/**
 * Writes `JSON.stringify(value, null, 2)` followed by a newline, in chunks, through `write`; when
 * `write` returns a promise (a stream's backpressure), the next chunk waits for it.
 */
export async function writeJsonStream(
  value: unknown,
  write: (text: string) => void | Promise<void>,
  options: JsonStreamOptions = {},
): Promise<void> {
  const chunkChars = options.chunkChars ?? 65_536;
  let pending = '';
  for (const piece of jsonPieces(value, options.depth ?? 2, 0, '')) {
    pending += piece;
    if (pending.length >= chunkChars) {
      await write(pending);
      pending = '';
    }
  }
  await write(`${pending}\n`);
}

/** The pieces of `JSON.stringify(v, null, 2)` indented by `pad`, walked `depth - level` levels deep. */
function* jsonPieces(v: unknown, depth: number, level: number, pad: string): Generator<string> {
  const iterable = isStreamedIterable(v);
  if (level >= depth || (!iterable && !isWalkedObject(v))) {
    const text = JSON.stringify(v, null, 2) ?? 'null';
    yield pad === '' ? text : text.replaceAll('\n', `\n${pad}`);
    return;
  }
  const inner = pad + INDENT;
  let first = true;
  if (iterable) {
    for (const item of v as Iterable<unknown>) {
      yield first ? `[\n${inner}` : `,\n${inner}`;
      first = false;
      const written = item === undefined || typeof item === 'function' || typeof item === 'symbol';
      yield* jsonPieces(written ? null : item, depth, level + 1, inner);
    }
    yield first ? '[]' : `\n${pad}]`;
    return;
  }
  const record = v as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const member = record[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonPieces(member, depth, level + 1, inner);
  }
  yield first ? '{}' : `\n${pad}}`;
}

/** An array or another iterable written as an array (strings and maps excluded). */
function isStreamedIterable(v: unknown): boolean {
  if (Array.isArray(v)) return true;
  if (typeof v !== 'object' || v === null) return false;
  if (v instanceof Map || v instanceof Set) return false;
  return typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/** A plain object without `toJSON` (which JSON.stringify would call). */
function isWalkedObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
