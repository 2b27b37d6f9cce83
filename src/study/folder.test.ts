import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { readPlanFile } from './folder.js';

const tmp = () => mkdtemp(join(tmpdir(), 'llem-folder-'));

describe('readPlanFile', () => {
  it('is undefined only when the folder has no plan.json', async () => {
    const dir = await tmp();
    expect(await readPlanFile(dir)).toBeUndefined();
    expect(await readPlanFile(join(dir, 'missing'))).toBeUndefined();
  });

  it('a plan.json that does not parse is an error with file, line, column and a fix', async () => {
    const dir = await tmp();
    await writeFile(join(dir, 'plan.json'), '{\n  "schema_version": 1,\n  "name": "x",\n  "runs": [\n');
    const err = await readPlanFile(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const issue = (err as ConfigError).issues[0]!;
    expect(issue).toMatchObject({ code: 'plan_corrupt', file: join(dir, 'plan.json'), line: 5 });
    expect(issue.message).toMatch(/does not parse/);
    expect(issue.suggestion).toMatch(/restore it .*-o <dir>/);
  });

  it('a plan.json without the plan fields names each missing field', async () => {
    const dir = await tmp();
    await writeFile(join(dir, 'plan.json'), JSON.stringify({ schema_version: 1, name: 'x', runs: [] }));
    const err = (await readPlanFile(dir).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.issues.map((i) => i.path.join('.'))).toEqual(['study_hash', 'execution', 'experiments']);
  });
});
