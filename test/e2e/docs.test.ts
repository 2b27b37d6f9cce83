import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

describe('generated docs stay in step with the schema', () => {
  it('the README config reference is current (npm run docs:config regenerates it)', () => {
    const r = spawnSync(process.execPath, ['scripts/gen-config-reference.js', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('schema/llem.schema.json (for editors) equals `llem schema`', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(ROOT, 'schema/llem.schema.json'), 'utf8'))).toEqual(
      JSON.parse(r.stdout),
    );
  });

  it('schema/record.schema.json (the result record) equals `llem schema --record`', async () => {
    const r = await runCli(['schema', '--record']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(ROOT, 'schema/record.schema.json'), 'utf8'))).toEqual(
      JSON.parse(r.stdout),
    );
  });

  it('the README quick start has exactly the two set-up commands', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const quick = readme.split('## Quick start')[1]!.split('```')[1]!;
    const commands = quick.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('sh'));
    expect(commands.map((c) => c.split('#')[0]!.trim())).toEqual([
      'npm ci && npx llem run examples/quickstart.yaml',
      'npm test',
    ]);
  });
});
