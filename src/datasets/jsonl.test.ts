import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { loadJsonlDataset, parsePromptLines } from './jsonl.js';

function issuesOf(fn: () => unknown): ConfigError['issues'] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).code).toBe('ERR_DATASET_INVALID');
    return (e as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('parsePromptLines', () => {
  it('reads prompts, chat messages, limits and sources, skipping blank and provenance lines', () => {
    const text = [
      '{"_provenance": "test", "_license": "apache-2.0"}',
      '{"prompt": "Hello there"}',
      '',
      '   ',
      '{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}], "source": "chat"}',
      '{"prompt": "Count to ten", "max_output_tokens": 32, "source": "maths"}\r',
    ].join('\n');
    const { prompts, metadata } = parsePromptLines(text, '/x/p.jsonl', 'p.jsonl');
    expect(metadata).toEqual([{ _provenance: 'test', _license: 'apache-2.0' }]);
    expect(prompts).toEqual([
      { text: 'Hello there', source: 'p.jsonl' },
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
        ],
        source: 'chat',
      },
      { text: 'Count to ten', maxOutputTokens: 32, source: 'maths' },
    ]);
  });

  it('reports every bad line at once, with line numbers, paths and suggestions', () => {
    const text = [
      '{"prompt": "fine"}', // 1
      '{"promt": "typo"}', // 2: unknown key with did-you-mean (no separate "missing" issue)
      '{"prompt": "x", "max_output_tokens": -3}', // 3
      '{"prompt": "trailing comma",}', // 4
      '', // 5
      '{"text": "no prompt"}', // 6: unknown key and missing prompt
      'not json at all', // 7
      '{"messages": [{"role": "user"}]}', // 8
      '{"prompt": 42, "source": ""}', // 9: two issues on one line
      '{"prompt": "a", "messages": [{"role": "user", "content": "b"}]}', // 10
      '{"prompt": "   "}', // 11
      '["an", "array"]', // 12
    ].join('\n');
    const issues = issuesOf(() => parsePromptLines(text, '/data/p.jsonl', 'p.jsonl'));
    expect(issues.every((i) => i.file === '/data/p.jsonl')).toBe(true);
    expect(issues.map((i) => [i.line, i.path.join('.'), i.code])).toEqual([
      [2, 'promt', 'unknown_key'],
      [3, 'max_output_tokens', 'invalid_type'],
      [4, '', 'invalid_json'],
      [6, 'text', 'unknown_key'],
      [6, 'prompt', 'missing_field'],
      [7, '', 'invalid_json'],
      [8, 'messages.0.content', 'missing_field'],
      [9, 'prompt', 'invalid_type'],
      [9, 'source', 'invalid_type'],
      [10, 'messages', 'invalid_value'],
      [11, 'prompt', 'too_small'],
      [12, '', 'invalid_type'],
    ]);
    const typo = issues.find((i) => i.line === 2)!;
    expect(typo.suggestion).toBe('did you mean "prompt"?');
    expect(typo.column).toBe(2);
    expect(issues.find((i) => i.line === 6 && i.code === 'unknown_key')!.suggestion).toContain(
      'allowed keys',
    );
    expect(issues.find((i) => i.line === 4)!.column).toBe(29);
  });

  it('puts every issue in the error message', () => {
    let message = '';
    try {
      parsePromptLines('{"promt": "a"}\n{"prompt": "ok"}\n{bad', '/d/f.jsonl', 'f.jsonl');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('/d/f.jsonl:1');
    expect(message).toContain('/d/f.jsonl:3');
  });

  it('rejects a file without prompts', () => {
    const issues = issuesOf(() => parsePromptLines('\n{"_provenance": "x"}\n', '/d/e.jsonl', 'e.jsonl'));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('no prompts');
  });

  it('summarises beyond 100 issues', () => {
    const text = Array.from({ length: 150 }, () => '{"nope": 1}').join('\n');
    const issues = issuesOf(() => parsePromptLines(text, '/d/m.jsonl', 'm.jsonl'));
    expect(issues).toHaveLength(101);
    expect(issues[100]!.message).toContain('more problems');
  });
});

describe('loadJsonlDataset', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llem-jsonl-'));
    await writeFile(join(dir, 'mine.jsonl'), '{"prompt": "a"}\n{"prompt": "b", "source": "other"}\n');
  });

  it('resolves the path against baseDir and labels prompts with the file name', async () => {
    const got = await loadJsonlDataset('mine.jsonl', { baseDir: dir, cacheDir: dir });
    expect(got.file).toBe(join(dir, 'mine.jsonl'));
    expect(got.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(got.prompts.map((p) => p.source)).toEqual(['mine.jsonl', 'other']);
  });

  it('reports a missing file at the config line of dataset.source', async () => {
    const locate = (path: (string | number)[]) =>
      path.join('.') === 'dataset.source' ? { file: '/cfg/exp.yaml', line: 4, column: 11 } : undefined;
    const err = await loadJsonlDataset('missing.jsonl', { baseDir: dir, cacheDir: dir, locate }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    const [issue] = (err as ConfigError).issues;
    expect(issue).toMatchObject({
      file: '/cfg/exp.yaml',
      line: 4,
      column: 11,
      path: ['dataset', 'source'],
      code: 'file_not_found',
    });
    expect(issue!.message).toContain(join(dir, 'missing.jsonl'));
    expect(issue!.suggestion).toContain(dir);
  });

  it('reports a folder given as the file', async () => {
    const err = await loadJsonlDataset('.', { baseDir: dir, cacheDir: dir }).catch((e) => e);
    expect((err as ConfigError).issues[0]!.message).toContain('is a folder');
  });
});
