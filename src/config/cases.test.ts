import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatIssues, formatPath } from '../core/errors.js';
import { type LoadConfigOptions, loadConfig } from './load.js';

const dir = join(import.meta.dirname, '../../test/fixtures/bad-configs');

interface Case {
  file: string;
  path: string | null;
  line: number | null;
  suggestion: string | null;
  args?: string[];
  min_issues?: number;
}

const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as Case[];

/** The few CLI arguments the cases use, turned into loader options the way the CLI does. */
function optionsFor(args: readonly string[]): LoadConfigOptions {
  const overrides: string[] = [];
  const flags: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i]!, args[i + 1]!];
    if (name === '--set') overrides.push(value);
    else if (name === '-n') flags['dataset.n_prompts'] = value;
    else if (name === '--model') flags.model = value;
    else throw new Error(`unsupported case arg ${name}`);
  }
  return { overrides, flags, env: {}, userConfigPath: null, cwd: dir };
}

async function failure(c: Case): Promise<ConfigError> {
  try {
    await loadConfig(c.file, optionsFor(c.args ?? []));
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error(`${c.file} loaded without error`);
}

describe('bad configs (test/fixtures/bad-configs/cases.json)', () => {
  it('has at least 25 cases, one per fixture file', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((c) => [`${c.file}${c.args ? ` ${c.args.join(' ')}` : ''}`, c] as const))(
    '%s',
    async (_, c) => {
      const error = await failure(c);
      const rendered = formatIssues(error.issues);
      const match = error.issues.find(
        (i) =>
          (c.path === null ? i.path.length === 0 : formatPath(i.path) === c.path) &&
          (c.line === null ? i.line === undefined : i.line === c.line),
      );
      expect(match, rendered).toBeDefined();
      if (c.line === null) expect(match!.file).toBe('<command line>');
      else {
        expect(match!.file).toBe(c.file);
        expect(match!.column).toBeGreaterThanOrEqual(1);
      }
      if (c.suggestion !== null) {
        expect(`${match!.message} — ${match!.suggestion ?? ''}`.toLowerCase()).toContain(
          c.suggestion.toLowerCase(),
        );
      }
      if (c.min_issues !== undefined) expect(error.issues.length).toBeGreaterThanOrEqual(c.min_issues);
      expect(error.code).toBe('ERR_CONFIG_INVALID');
      expect(rendered).not.toMatch(/\n\s+at /); // no stack frames in the message
    },
  );
});
