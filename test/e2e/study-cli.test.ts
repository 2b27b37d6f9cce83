import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli.js';
import { quickYaml } from '../helpers/study.js';
import { corruption, pairRecords } from '../helpers/study-files.js';

const SHARED = quickYaml();

function setup(study: string): { dir: string; env: Record<string, string> } {
  const dir = tempDir();
  writeFileSync(join(dir, 'study.yaml'), study);
  return { dir, env: cliEnv({ LLEM_LOCK_DIR: tempDir('llem-locks-') }) };
}

describe('llem run <study> (built CLI, tiny model)', () => {
  it('runs a sweep: study folder layout, records with study hash and cycle, summary; refuses a second start and a changed design', async () => {
    const text = `name: grid\n${SHARED}sweep:\n  llamacpp.sequences: [1, 2]\n`;
    const { dir, env } = setup(text);
    const r = await runCli(['run', 'study.yaml', '--no-gaps', '--cycles', '2', '--json', '-o', 'out'], {
      cwd: dir,
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.status).toBe('completed');
    expect(summary.counts).toMatchObject({ planned: 4, ok: 4 });
    expect(summary.configurations).toHaveLength(2);
    expect(summary.configurations[0].metrics.j_per_output_token.n).toBe(2);
    const studyDir = summary.dir as string;
    expect(studyDir).toMatch(new RegExp(`out/grid-${summary.study_hash.slice(0, 8)}$`));
    for (const f of [
      'study.yaml',
      'plan.json',
      'manifest.json',
      'environment.json',
      'skipped.json',
      'summary.json',
    ]) {
      expect(existsSync(join(studyDir, f)), f).toBe(true);
    }
    expect(readFileSync(join(studyDir, 'study.yaml'), 'utf8')).toBe(text);
    const records = pairRecords(studyDir);
    expect(records).toHaveLength(4);
    for (const { path, record } of records) {
      expect(path).toMatch(/^runs\/000[12]-[a-z0-9-]+-[0-9a-f]{8}\/cycle-[12]\/result\.json$/);
      expect(record.study_hash).toBe(summary.study_hash);
      expect(path).toContain(`cycle-${record.cycle}/`);
    }
    const plan = JSON.parse(readFileSync(join(studyDir, 'plan.json'), 'utf8'));
    expect(plan.runs).toHaveLength(4);
    expect(plan.execution).toMatchObject({ n_cycles: 2, order: 'shuffled' });
    expect(corruption(studyDir)).toEqual([]);

    const again = await runCli(['run', 'study.yaml', '--no-gaps', '--cycles', '2', '-o', 'out'], {
      cwd: dir,
      env,
    });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds this study \(4\/4 runs ok, status completed\)/);
    const resumed = await runCli(
      ['run', 'study.yaml', '--no-gaps', '--cycles', '2', '--resume', '-o', 'out'],
      { cwd: dir, env },
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/4 runs planned, 4 done, 0 to run \(resuming\)/);

    writeFileSync(join(dir, 'study.yaml'), text.replace('[1, 2]', '[1, 2, 3]'));
    const changed = await runCli(['run', 'study.yaml', '--no-gaps', '--resume', '-o', 'out'], {
      cwd: dir,
      env,
    });
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/ERR_RESUME_MISMATCH/);
    expect(changed.stderr).toContain(`study_hash ${summary.study_hash.slice(0, 12)}`);
    expect(changed.stderr).toMatch(/study_hash [0-9a-f]{12}… in the folder, [0-9a-f]{12}… now/);
  }, 120_000);

  it('isolation shared reuses the loaded model across experiments whose load-time settings match', async () => {
    const text = `name: reuse\n${SHARED}sweep:\n  dataset.n_prompts: [2, 3]\nexecution:\n  isolation: shared\n  order: sequential\n`;
    const { dir, env } = setup(text);
    const r = await runCli(['run', 'study.yaml', '--no-gaps', '--cycles', '2', '--plain', '-o', 'out'], {
      cwd: dir,
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/model reused/);
    const studyDir = join(dir, 'out', readdirSync(join(dir, 'out')).find((n) => n.startsWith('reuse-'))!);
    const records = pairRecords(studyDir)
      .map(
        (x) =>
          x.record as unknown as {
            started_at: string;
            status: string;
            engine: { model_reused?: boolean };
            timings: { load_s: number };
          },
      )
      .sort((a, b) => a.started_at.localeCompare(b.started_at));
    expect(records.map((x) => x.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(records.map((x) => x.engine.model_reused)).toEqual([false, true, true, true]);
    expect(records[0]!.timings.load_s).toBeGreaterThan(0);
    expect(records.slice(1).map((x) => x.timings.load_s)).toEqual([0, 0, 0]);
  }, 120_000);

  it('study flags on a single experiment, and status or resume of a folder that is not a study, are usage errors', async () => {
    const { dir, env } = setup(SHARED);
    writeFileSync(join(dir, 'one.yaml'), SHARED);
    const r = await runCli(['run', 'one.yaml', '--cycles', '3'], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cycles apply to studies only/);
    for (const cmd of ['status', 'resume']) {
      const x = await runCli([cmd, dir], { cwd: dir, env });
      expect(x.code).toBe(2);
      expect(x.stderr).toMatch(/not a study folder/);
    }
  }, 60_000);
});
