import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseSplitter } from './sse.js';
import { type ApiKind, isPlainTokenBytes, isPlainTokenEvent, StreamState } from './stream.js';

function split(chunks: (string | Buffer)[]): string[] {
  const out: string[] = [];
  const s = new SseSplitter((d) => out.push(d));
  for (const c of chunks) s.push(typeof c === 'string' ? Buffer.from(c) : c);
  s.end();
  return out;
}

describe('SseSplitter', () => {
  it('yields each data payload; skips comments and other fields; joins multi-line data', () => {
    const text =
      ': keep-alive\n\nevent: x\nid: 1\ndata: {"a":1}\n\ndata: first\ndata: second\n\ndatabase: no\n\ndata:[DONE]\n\n';
    expect(split([text])).toEqual(['{"a":1}', 'first\nsecond', '[DONE]']);
  });

  it('handles CRLF, and drops an event not closed by a blank line', () => {
    expect(split(['data: a\r\n\r\ndata: b\r\n\r\ndata: c\r\n'])).toEqual(['a', 'b']);
  });

  it('gives the same payloads however the bytes are cut into reads (UTF-8 split mid-character included)', () => {
    const events = ['{"t":"héllo"}', '{"t":"日本語"}', '[DONE]', '{"t":" tok"}'];
    const bytes = Buffer.from(events.map((e) => `data: ${e}\r\n\r\n`).join(''));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const points = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
          const chunks = points.slice(1).map((end, i) => bytes.subarray(points[i]!, end));
          expect(split(chunks)).toEqual(events);
        },
      ),
    );
  });
});

describe('StreamState', () => {
  it('completions: an empty text before the finish is a token; the finish event with no text is not', () => {
    const s = new StreamState('completions');
    const ev = (text: string, finish: string | null) =>
      JSON.stringify({ choices: [{ text, finish_reason: finish }] });
    s.onData(ev(' a', null), 1);
    s.onData(ev('', null), 2); // bytes held back by the server: still a generated token
    s.onData(ev('', 'length'), 3);
    s.onData('[DONE]', 4);
    expect(s.tokenTimesMs).toEqual([1, 2]);
    expect(s.finishReason).toBe('length');
    expect(s.done).toBe(true);
    expect(s.usage).toBeUndefined();
  });

  it('completions: a finishing event that carries text (vLLM) is a token; usage is read', () => {
    const s = new StreamState('completions');
    s.onData(JSON.stringify({ choices: [{ text: ' x', finish_reason: 'stop' }] }), 5);
    s.onData(JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 1 } }), 6);
    expect(s.tokenTimesMs).toEqual([5]);
    expect(s.usage).toEqual({ promptTokens: 7, completionTokens: 1 });
  });

  it('chat: the role header is not a token; content deltas are', () => {
    const s = new StreamState('chat');
    const ev = (delta: object, finish: string | null = null) =>
      JSON.stringify({ choices: [{ delta, finish_reason: finish }] });
    s.onData(ev({ role: 'assistant' }), 1);
    s.onData(ev({ role: 'assistant', content: '' }), 1.5);
    s.onData(ev({ content: 'Hi' }), 2);
    s.onData(ev({ content: '' }), 3);
    s.onData(ev({}, 'stop'), 4);
    expect(s.tokenTimesMs).toEqual([2, 3]);
  });

  it('a payload that is not JSON throws a MalformedEventError naming it; an error object is kept', () => {
    const s = new StreamState('completions');
    expect(() => s.onData('{"choices": [ oops', 1)).toThrow(
      /malformed SSE data \(not JSON\): \{"choices": \[ oops/,
    );
    s.onData(JSON.stringify({ error: { message: 'out of memory' } }), 2);
    expect(s.serverError).toBe('out of memory');
  });
});

describe('isPlainTokenEvent (the hot path) agrees with the full parse', () => {
  const cases: [string, ApiKind, string, boolean][] = [
    [
      'vLLM token',
      'completions',
      '{"id":"x","choices":[{"index":0,"text":" a","logprobs":null,"finish_reason":null,"stop_reason":null}]}',
      true,
    ],
    [
      'llama-cpp-python token (spaces)',
      'completions',
      '{"id": "x", "choices": [{"text": " a", "index": 0, "logprobs": null, "finish_reason": null}]}',
      true,
    ],
    [
      'usage: null is still plain',
      'completions',
      '{"choices":[{"text":"a","finish_reason":null}],"usage":null}',
      true,
    ],
    [
      'continuous usage goes to the parse',
      'completions',
      '{"choices":[{"text":"a","finish_reason":null}],"usage":{"prompt_tokens":3,"completion_tokens":1}}',
      false,
    ],
    [
      'the finishing event goes to the parse',
      'completions',
      '{"choices":[{"text":"a","finish_reason":"length"}]}',
      false,
    ],
    ['chat content', 'chat', '{"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}', true],
    [
      'chat role header goes to the parse',
      'chat',
      '{"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}',
      false,
    ],
    ['not an object', 'completions', '"finish_reason": null "text"', false],
  ];
  it.each(cases)('%s', (_name, api, payload, plain) => {
    expect(isPlainTokenEvent(api, payload)).toBe(plain);
    // The byte-level path agrees, also inside a larger buffer (bounds respected).
    const padded = Buffer.from(`xx{"usage":{"a":1},"error":1}${payload}{"role":1}yy`);
    const start = padded.indexOf(payload);
    expect(isPlainTokenBytes(api, padded, start, start + Buffer.byteLength(payload))).toBe(plain);
    const state = new StreamState(api);
    if (!payload.startsWith('{')) {
      expect(() => state.onData(payload, 1)).toThrow(/malformed SSE data/);
      return;
    }
    state.onData(payload, 1);
    // Whichever path is taken, the verdict is the full parse's.
    const choice = (JSON.parse(payload) as { choices: { text?: string; finish_reason: string | null }[] })
      .choices[0]!;
    // (Chat: both cases here are decided by the role header, which the plain path excludes.)
    const token = api === 'completions' ? choice.finish_reason === null || (choice.text ?? '') !== '' : plain;
    expect(state.tokenTimesMs.length).toBe(token ? 1 : 0);
  });
});
