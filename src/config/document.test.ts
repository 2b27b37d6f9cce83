import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { parseConfigText } from './document.js';
import { findJsonSyntaxError, lineColumnAt } from './json-syntax.js';

function syntaxError(text: string, file: string): ConfigError {
  try {
    parseConfigText(text, file);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('parsed without error');
}

describe('parseConfigText (YAML)', () => {
  const text = [
    'x-common: &common', // 1
    '  n_prompts: 10', // 2
    '  order: grouped', // 3
    'model: builtin:tiny', // 4
    'dataset:', // 5
    '  <<: *common', // 6
    '  order: shuffled', // 7
    'measurement:', // 8
    '  energy:', // 9
    '    sources: [nvml, rapl]', // 10
    '    devices:', // 11
    '      - 0', // 12
    '      - 1', // 13
  ].join('\n');
  const doc = parseConfigText(text, 'c.yaml');

  it('applies merge keys; explicit keys win over merged ones', () => {
    expect(doc.data).toMatchObject({ dataset: { n_prompts: 10, order: 'shuffled' }, model: 'builtin:tiny' });
  });

  it('locates keys and scalar values with 1-based line and column', () => {
    expect(doc.locate(['model'])).toEqual({ file: 'c.yaml', line: 4, column: 1 });
    expect(doc.locate(['model'], 'value')).toEqual({ file: 'c.yaml', line: 4, column: 8 });
    expect(doc.locate(['dataset', 'order'])).toMatchObject({ line: 7, column: 3 });
  });

  it('follows merge keys into the anchored mapping', () => {
    expect(doc.locate(['dataset', 'n_prompts'])).toMatchObject({ line: 2, column: 3 });
  });

  it('locates items of flow and block sequences', () => {
    expect(doc.locate(['measurement', 'energy', 'sources', 1], 'value')).toMatchObject({
      line: 10,
      column: 21,
    });
    expect(doc.locate(['measurement', 'energy', 'devices', 1], 'value')).toMatchObject({
      line: 13,
      column: 9,
    });
  });

  it('points a missing field at its nearest ancestor, and the root at line 1', () => {
    expect(doc.locate(['measurement', 'energy', 'cpu_tdp_w'])).toMatchObject({ line: 9, column: 3 });
    expect(doc.locate(['engine'])).toMatchObject({ line: 1, column: 1 });
  });

  it('treats an empty document as null', () => {
    expect(parseConfigText('# nothing\n', 'e.yaml').data).toBeNull();
    expect(parseConfigText('', 'e.yaml').data).toBeNull();
  });

  it('ignores a byte-order mark', () => {
    expect(parseConfigText('\uFEFFmodel: x\n', 'b.yaml').data).toEqual({ model: 'x' });
  });

  it('reports syntax errors with position and a hint, one per position', () => {
    const e = syntaxError('model: x\ndataset:\n\tn_prompts: 3\n', 't.yaml');
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({ code: 'yaml_syntax', file: 't.yaml', line: 3, column: 1 });
    expect(e.issues[0]!.suggestion).toMatch(/spaces/);
  });

  it('points an unclosed quote at the quote that opened it', () => {
    const e = syntaxError("a: 1\nname: 'it''s\nb: 2\n", 'q.yaml');
    expect(e.issues[0]).toMatchObject({ line: 2, column: 7 });
  });

  it('reports duplicate keys', () => {
    expect(syntaxError('a: 1\na: 2\n', 'd.yaml').issues[0]).toMatchObject({ code: 'duplicate_key', line: 2 });
  });
});

describe('parseConfigText (JSON)', () => {
  it('parses .json files as JSON with line numbers', () => {
    const doc = parseConfigText('{\n  "model": "x",\n  "dataset": {\n    "n_prompts": 5\n  }\n}\n', 'c.json');
    expect(doc.data).toEqual({ model: 'x', dataset: { n_prompts: 5 } });
    expect(doc.locate(['dataset', 'n_prompts'])).toEqual({ file: 'c.json', line: 4, column: 5 });
    expect(doc.locate(['dataset', 'n_prompts'], 'value')).toEqual({ file: 'c.json', line: 4, column: 18 });
  });

  it('rejects YAML-only syntax in .json files', () => {
    const e = syntaxError("{\n  'model': 'x'\n}", 'c.json');
    expect(e.issues[0]).toMatchObject({ code: 'json_syntax', line: 2, column: 3 });
  });

  it('reports a missing comma and an unclosed object with their positions', () => {
    expect(syntaxError('{\n "a": 1\n "b": 2\n}', 'c.json').issues[0]).toMatchObject({ line: 3, column: 2 });
    expect(syntaxError('{\n "a": 1\n', 'c.json').issues[0]!.message).toMatch(/end of file/);
  });

  it('reports duplicate keys', () => {
    expect(syntaxError('{"a": 1, "a": 2}', 'c.json').issues[0]!.code).toBe('duplicate_key');
  });
});

describe('findJsonSyntaxError', () => {
  it('accepts everything JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(findJsonSyntaxError(JSON.stringify(v, null, 2) ?? 'null')).toBeUndefined();
      }),
    );
  });

  it('finds an error exactly when JSON.parse fails (truncated documents)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (v, cut) => {
        const full = JSON.stringify(v) ?? 'null';
        const text = full.slice(0, cut % (full.length + 1));
        let ok = true;
        try {
          JSON.parse(text);
        } catch {
          ok = false;
        }
        const found = findJsonSyntaxError(text);
        expect(found === undefined).toBe(ok);
        if (found !== undefined) expect(found.offset).toBeLessThanOrEqual(text.length);
      }),
    );
  });

  it('converts offsets to lines and columns', () => {
    expect(lineColumnAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
