import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { studyDirName } from '../../src/store/layout.js';
import { expandStudy } from '../../src/study/expand.js';
import { cliEnv, runCli, tempDir } from '../helpers/cli.js';
import { alive, corruption, pairRecords, runningChildPid, startCli } from '../helpers/study-files.js';

/** Four tiny-model configurations (sequences × output length) × 3 cycles; each run takes about a second, mostly process start. */
const STUDY = `name: kill-resume
model: builtin:tiny
dataset: { n_prompts: 8 }
fixed_output_length: true
measurement:
  warmup: { n_warmup: 1, thermal_floor_s: 0 }
  baseline: { enabled: false }
  energy: { min_window_s: 0, sample_interval_ms: 50, cpu_contention_threshold: 1 }
llamacpp: { threads: 1 }
sweep:
  llamacpp.sequences: [1, 2]
  max_output_tokens: [12, 24]
execution:
  n_cycles: 3
  experiment_timeout_s: 120
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(20);
  }
  return cond();
}

describe('study kill-and-resume (built CLI, real child processes, tiny model)', () => {
  it('survives ≥ 10 random SIGINTs, parent SIGKILLs and child SIGKILLs, ending with exactly one ok record per pair', async () => {
    const seed = Number(process.env.LLEM_TEST_SEED ?? Date.now() % 100_000);
    const rng = createRng(seed);
    const out = tempDir();
    const env = cliEnv({ LLEM_LOCK_DIR: tempDir('llem-locks-') });
    writeFileSync(join(out, 'study.yaml'), STUDY);
    const study = await expandStudy(join(out, 'study.yaml'), { env, cwd: out });
    const dir = join(out, 'results', studyDirName(study.name, study.study_hash));
    // Alternate both ways of resuming: the study file with --resume, and the folder.
    const command = (round: number) =>
      round % 2 === 0 || !existsSync(join(dir, 'plan.json'))
        ? ['run', 'study.yaml', '--no-gaps', '--resume', '--plain']
        : ['resume', dir, '--plain'];

    const kinds = ['sigint', 'kill-parent', 'kill-child'] as const;
    const done = { sigint: 0, 'kill-parent': 0, 'kill-child': 0 };
    const log: string[] = [`seed ${seed}`];
    for (let round = 0; round < 40 && done.sigint + done['kill-parent'] + done['kill-child'] < 12; round++) {
      const kind = kinds[round % 3]!;
      const cli = startCli(command(round), { cwd: out, env });
      await sleep(250 + rng.int(1500));
      if (cli.done()) {
        log.push(`round ${round}: finished before the ${kind}`);
        break;
      }
      if (kind === 'kill-child') {
        const found = await waitFor(() => runningChildPid(dir) !== undefined, 3000);
        const pid = runningChildPid(dir);
        if (found && pid !== undefined && alive(pid)) {
          process.kill(pid, 'SIGKILL');
          done['kill-child']++;
          log.push(`round ${round}: SIGKILL child ${pid}`);
        }
        // The runner records the crash and goes on; stop it too, after a moment.
        await sleep(100 + rng.int(600));
        if (!cli.done()) cli.child.kill('SIGINT');
        const r = await cli.exited;
        expect(r.code === 0 || r.code === 130 || r.signal === 'SIGINT', `${r.code} ${r.signal}`).toBe(true);
        continue;
      }
      const childPid = runningChildPid(dir);
      cli.child.kill(kind === 'sigint' ? 'SIGINT' : 'SIGKILL');
      const r = await cli.exited;
      done[kind]++;
      log.push(`round ${round}: ${kind} → ${r.code ?? r.signal}`);
      // 130 after a clean stop; a SIGINT that lands while node is still starting ends it by the signal.
      if (kind === 'sigint')
        expect(
          r.code === 0 || r.code === 130 || r.signal === 'SIGINT',
          `${r.code} ${r.signal} ${cli.stderr()}`,
        ).toBe(true);
      // The orphaned child notices its parent is gone and kills itself.
      if (childPid !== undefined)
        expect(await waitFor(() => !alive(childPid), 5000), `child ${childPid} outlived its parent`).toBe(
          true,
        );
      // Between interrupts: whatever is on disk parses, and no pair has two records.
      expect(
        corruption(dir).filter((p) => !p.startsWith('temp file')),
        log.join('\n'),
      ).toEqual([]);
    }
    const total = done.sigint + done['kill-parent'] + done['kill-child'];
    expect(total, log.join('\n')).toBeGreaterThanOrEqual(10);

    // Resume until done (failed runs from killed children are retried).
    let final = await runCli(['resume', dir, '--plain'], { cwd: out, env, timeoutMs: 120_000 });
    if (final.code !== 0)
      final = await runCli(['resume', dir, '--plain'], { cwd: out, env, timeoutMs: 120_000 });
    expect(final.code, `${log.join('\n')}\n${final.stderr}`).toBe(0);

    expect(corruption(dir)).toEqual([]);
    const records = pairRecords(dir);
    expect(records).toHaveLength(12);
    const pairs = new Set(records.map((r) => `${r.record.config_hash}:${r.record.cycle}`));
    expect(pairs.size).toBe(12);
    for (const { path, record } of records) {
      expect(record.status, path).toBe('ok');
      expect(record.study_hash).toBe(study.study_hash);
      expect(path).toContain(`/cycle-${record.cycle}/`);
    }
    for (const f of [
      'study.yaml',
      'plan.json',
      'skipped.json',
      'manifest.json',
      'summary.json',
      'environment.json',
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(readFileSync(join(dir, 'study.yaml'), 'utf8')).toBe(STUDY);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('completed');
    expect(manifest.entries.map((e: { status: string }) => e.status)).toEqual(Array(12).fill('ok'));
    expect(manifest.counts.ok).toBe(12);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.configurations.map((c: { cycles_ok: number }) => c.cycles_ok)).toEqual([3, 3, 3, 3]);
    console.log(`kill-and-resume: ${log.join('; ')}; ${manifest.invocations} invocations`);
  }, 300_000);
});
