import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli.js';

describe('llem run <study> --dry-run (built CLI)', () => {
  it('--json streams a plan that parses, with range shorthands expanded to explicit values', async () => {
    const dir = tempDir();
    const axes = [
      '  llamacpp.sequences: {pow2: [1, 8]}',
      '  llamacpp.batch_size: {start: 64, stop: 512, num: 3}',
      '  llamacpp.threads: {start: 1, stop: 2, num: 3}',
    ];
    writeFileSync(join(dir, 'study.yaml'), `name: ranges\nmodel: builtin:tiny\nsweep:\n${axes.join('\n')}\n`);
    const env = cliEnv({ LLEM_LOCK_DIR: tempDir('llem-locks-') });
    const r = await runCli(['run', 'study.yaml', '--dry-run', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.experiments).toHaveLength(4 * 3 * 2);
    const seen = (key: string) => [
      ...new Set(plan.experiments.map((e: { factors: Record<string, unknown> }) => e.factors[key])),
    ];
    expect(seen('llamacpp.sequences')).toEqual([1, 2, 4, 8]);
    expect(seen('llamacpp.batch_size')).toEqual([64, 288, 512]);
    expect(seen('llamacpp.threads')).toEqual([1, 2]);
    expect(plan.warnings).toEqual([expect.objectContaining({ code: 'SWEEP_RANGE_ROUNDED' })]);
    expect(plan.runs).toHaveLength(24 * 3);
    const text = await runCli(['run', 'study.yaml', '--dry-run'], { cwd: dir, env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('sequences=8 threads=2');
    expect(text.stdout).toContain('warning SWEEP_RANGE_ROUNDED');
  });

  it('a bad range is a config error: exit 2 with file:line and the fix, no stack', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'study.yaml'),
      'model: builtin:tiny\nsweep:\n  llamacpp.threads: {start: 1, stop: 4}\n',
    );
    const r = await runCli(['run', 'study.yaml', '--dry-run'], { cwd: dir, env: cliEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('study.yaml:3');
    expect(r.stderr).toContain('lacks num');
    expect(r.stderr).toContain('fix:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
