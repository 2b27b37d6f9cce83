import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJsonStream } from './json-stream.js';

const streamed = async (value: unknown, options = {}) => {
  const chunks: string[] = [];
  await writeJsonStream(value, (t) => void chunks.push(t), options);
  return { text: chunks.join(''), chunks };
};

describe('writeJsonStream', () => {
  it('property: writes exactly JSON.stringify(value, null, 2) and a newline, at any depth', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), async (value, depth) => {
        const { text } = await streamed(value, { depth, chunkChars: 7 });
        expect(text).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it('writes generators as arrays, drops undefined members, and writes toJSON values as JSON does', async () => {
    function* items() {
      yield { a: 1 };
      yield undefined;
      yield [2];
    }
    const value = { list: items(), gone: undefined, when: new Date(0), empty: [], none: {} };
    expect((await streamed(value)).text).toBe(
      `${JSON.stringify({ list: [{ a: 1 }, null, [2]], when: new Date(0), empty: [], none: {} }, null, 2)}\n`,
    );
  });

  it('writes in chunks of about chunkChars, never the whole text at once, waiting for each write', async () => {
    const big = { rows: Array.from({ length: 5000 }, (_, i) => ({ i, name: `row-${i}` })) };
    const { text, chunks } = await streamed(big, { chunkChars: 4096 });
    expect(text).toBe(`${JSON.stringify(big, null, 2)}\n`);
    expect(chunks.length).toBeGreaterThan(20);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(4096 + 200);
    // Backpressure: a slow writer gets one chunk at a time.
    let inFlight = 0;
    let most = 0;
    await writeJsonStream(
      big,
      async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
      },
      { chunkChars: 4096 },
    );
    expect(most).toBe(1);
  });
});
