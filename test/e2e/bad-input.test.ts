import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

interface Case {
  file: string;
  /** Field path expected in the message; null for syntax errors (the line is what locates them). */
  path: string | null;
  /** Line expected after the file name; null for problems given on the command line. */
  line: number | null;
  suggestion: string | null;
  args?: string[];
  min_issues?: number;
}

const FIXTURES = join(ROOT, 'test/fixtures/bad-configs');
const cases = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as Case[];

/** A stack frame line, which a config error must never print. */
const STACK = /\n\s+at .+\(.+:\d+:\d+\)/;

describe('every malformed input exits 2 with file, line, field and a fix (built CLI)', () => {
  it('has at least 25 malformed config cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s', async (_name, c) => {
    const r = await runCli(['run', join(FIXTURES, c.file), '--dry-run', ...(c.args ?? [])], {
      cwd: FIXTURES,
    });
    expect(r.code, r.stderr).toBe(2);
    if (c.line === null) expect(r.stderr).toContain('<command line>');
    else expect(r.stderr).toContain(`${c.file}:${c.line}`);
    if (c.path !== null) expect(r.stderr).toContain(c.path);
    if (c.min_issues) expect(r.stderr).toContain(`${c.min_issues + 1} problems`);
    if (c.suggestion) expect(r.stderr).toContain(c.suggestion);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout).toBe('');
  });

  it('a JSONL dataset with bad lines names every bad line, exits 2, and writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'prompts.jsonl'),
      ['{"prompt": "fine"}', '{"promt": "typo"}', 'not json', '{"prompt": 3}', '{"prompt": "ok"}'].join('\n'),
    );
    writeFileSync(join(dir, 'exp.yaml'), 'model: builtin:tiny\ndataset:\n  source: prompts.jsonl\n');
    const r = await runCli(['run', 'exp.yaml', '-o', 'out'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/prompts\.jsonl:2/);
    expect(r.stderr).toMatch(/prompts\.jsonl:3/);
    expect(r.stderr).toMatch(/prompts\.jsonl:4/);
    expect(r.stderr).toContain('prompt');
    expect(r.stderr).not.toMatch(STACK);
    expect(() => readFileSync(join(dir, 'out'))).toThrow();
  });

  it('a missing dataset file points at the config line that names it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'exp.yaml'), 'model: builtin:tiny\ndataset:\n  source: missing.jsonl\n');
    const r = await runCli(['run', 'exp.yaml', '-o', 'out'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/exp\.yaml:3/);
    expect(r.stderr).toContain('dataset.source');
    expect(r.stderr).toContain('missing.jsonl');
    expect(r.stderr).not.toMatch(STACK);
  });

  it('a missing model path exits 2 in preflight (before any baseline), prints the path, and writes nothing', async () => {
    const dir = tempDir();
    const r = await runCli(['run', '--model', 'models/nope.gguf', '-o', 'out'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(join(dir, 'models/nope.gguf'));
    expect(r.stderr).toMatch(/model: model file not found/);
    expect(r.stderr).toMatch(/fix: .*builtin:tiny/);
    expect(r.stderr).not.toMatch(/baseline/);
    expect(r.stderr).not.toMatch(STACK);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a model path in a config file points at its line; earlier results stay untouched', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out/earlier'), { recursive: true });
    writeFileSync(join(dir, 'out/earlier/result.json'), '{"status":"ok"}\n');
    writeFileSync(join(dir, 'exp.yaml'), 'name: gone\nmodel: ./weights/gone.gguf\n');
    const r = await runCli(['run', 'exp.yaml', '-o', 'out'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('exp.yaml:2');
    expect(r.stderr).toContain(join(dir, 'weights/gone.gguf'));
    expect(readdirSync(join(dir, 'out'), { recursive: true }).map(String).sort()).toEqual([
      'earlier',
      join('earlier', 'result.json'),
    ]);
    expect(readFileSync(join(dir, 'out/earlier/result.json'), 'utf8')).toBe('{"status":"ok"}\n');
  });

  it('a model file that is not GGUF exits 2 in preflight with what is wrong', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'model.gguf'),
      'this is not a model, just some text that is long enough'.repeat(4),
    );
    const r = await runCli(['run', '--model', 'model.gguf', '-o', 'out'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(join(dir, 'model.gguf'));
    expect(r.stderr).toMatch(/not a GGUF file/);
    expect(r.stderr).not.toMatch(STACK);
    expect(readdirSync(dir)).toEqual(['model.gguf']);
  });

  it('unknown flags and commands are usage errors (exit 2)', async () => {
    expect((await runCli(['run', '--modle', 'x'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['run'])).code).toBe(2);
    expect((await runCli(['models', 'tiny', '--size', 'huge'])).code).toBe(2);
  });
});
