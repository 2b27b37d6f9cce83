import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { canonicalJson, configHash, sha256Hex } from './hash.js';

const nodeSha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Rebuilds a JSON value with every object's keys in a random order. */
function shuffleKeys(value: unknown, rnd: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, rnd));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(() => rnd() - 0.5);
    return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, rnd)]));
  }
  return value;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('is independent of key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        let s = seed;
        const rnd = () => {
          s = (s * 1103515245 + 12345) % 2147483648;
          return s / 2147483648;
        };
        expect(canonicalJson(shuffleKeys(value, rnd))).toBe(canonicalJson(value));
      }),
    );
  });

  it('round-trips through JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = JSON.parse(canonicalJson(value));
        expect(canonicalJson(parsed)).toBe(canonicalJson(value));
      }),
    );
  });

  it('writes numbers in shortest round-trip form, and -0 as 0', () => {
    expect(canonicalJson([1, 1.5, 0.1, 1e21, 1e-7, -0, 100, 2 ** 53, 5e-324])).toBe(
      '[1,1.5,0.1,1e+21,1e-7,0,100,9007199254740992,5e-324]',
    );
    expect(canonicalJson({ x: 1.0 })).toBe(canonicalJson({ x: 1 }));
  });

  it('drops undefined members, writes undefined array items as null, and honours toJSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
    expect(canonicalJson({ t: new Date(0) })).toBe('{"t":"1970-01-01T00:00:00.000Z"}');
  });

  it('escapes strings as JSON does, including non-ASCII keys', () => {
    expect(canonicalJson({ é: 'a"b\n', ä: '\u2028' })).toBe(
      `{${JSON.stringify('ä')}:"\u2028",${JSON.stringify('é')}:"a\\"b\\n"}`,
    );
  });

  it('rejects NaN, Infinity, bigint, functions, Maps and cycles with a ConfigError naming the path', () => {
    const bad: unknown[] = [
      { a: [1, Number.NaN] },
      { x: Number.POSITIVE_INFINITY },
      { x: Number.NEGATIVE_INFINITY },
      { x: 1n },
      { f: () => 1 },
      { m: new Map() },
    ];
    for (const v of bad) expect(() => canonicalJson(v)).toThrow(ConfigError);
    try {
      canonicalJson({ a: [1, Number.NaN] });
    } catch (e) {
      expect((e as ConfigError).issues[0]?.path).toEqual(['a', 1]);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular/);
    const shared = { k: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"k":1},{"k":1}]');
  });

  it('property: equals a plain reference encoder, past the fast path depth limit too', () => {
    const reference = (v: unknown): string => {
      if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : reference(x))).join(',')}]`;
      if (v === null || typeof v !== 'object') return JSON.stringify(v);
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      entries.sort(([a], [b]) => (a < b ? -1 : 1));
      return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${reference(x)}`).join(',')}}`;
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 300 },
    );
    let deep: unknown = { z: 1, a: [true] };
    for (let i = 0; i < 100; i++) deep = { [`k${i % 7}`]: deep, b: i };
    expect(canonicalJson(deep)).toBe(reference(deep));
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches node:crypto on random strings, including non-ASCII and lone surrogates', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })),
        (s) => {
          expect(sha256Hex(s)).toBe(nodeSha(s));
        },
      ),
      { numRuns: 150 },
    );
    for (const s of ['\ud800', 'a\udfffb', '\udc00\ud800']) expect(sha256Hex(s)).toBe(nodeSha(s));
  });

  it('matches node:crypto at every length around the 64-byte block boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const s = 'x'.repeat(n);
      expect(sha256Hex(s)).toBe(nodeSha(s));
    }
    const long = 'ünïcödé 🚀 '.repeat(10_000);
    expect(sha256Hex(long)).toBe(nodeSha(long));
  });
});

describe('configHash', () => {
  it('is the SHA-256 of the canonical JSON, stable across key order', () => {
    const a = { model: 'm', llamacpp: { batch_size: 8, threads: 4 } };
    const b = { llamacpp: { threads: 4, batch_size: 8 }, model: 'm' };
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash(a)).toBe(nodeSha(canonicalJson(a)));
    expect(configHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(configHash({ ...a, model: 'n' })).not.toBe(configHash(a));
  });
});
