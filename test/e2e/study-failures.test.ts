import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli.js';
import { handStudy, QUICK, testExecution, writeStudyFolder } from '../helpers/study.js';
import { corruption, pairRecords, startCli } from '../helpers/study-files.js';

type Rec = {
  status: string;
  error: { code: string; message: string; phase: string; reason?: string; log_tail?: string[] } | null;
};

function recordOf(dir: string, slug: string): Rec {
  const hit = pairRecords(dir).find((r) => r.path.includes(`-${slug}-`));
  if (!hit) throw new Error(`no record for ${slug}`);
  return hit.record as unknown as Rec;
}

describe('study failures (built CLI, real child processes)', () => {
  it('a corrupted model, a native crash and a hang become failed records with reasons; the others finish', async () => {
    const out = tempDir();
    const env = cliEnv({
      LLEM_LOCK_DIR: tempDir('llem-locks-'),
      LLEM_TEST_FAULT: 'abort@load#3,hang@window#4',
    });
    // A corrupted model: the tiny GGUF cut in half.
    const tiny = join(out, 'tiny.gguf');
    expect((await runCli(['models', 'tiny', '--out', tiny], { cwd: out, env })).code).toBe(0);
    const bytes = readFileSync(tiny);
    writeFileSync(join(out, 'broken.gguf'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const study = handStudy(
      'faults',
      [
        QUICK,
        { ...QUICK, model: join(out, 'broken.gguf') },
        { ...QUICK, max_output_tokens: 6 },
        { ...QUICK, max_output_tokens: 5 },
        { ...QUICK, max_output_tokens: 4 },
      ],
      testExecution({ experiment_timeout_s: 8, max_consecutive_failures: 5 }),
    );
    const dir = await writeStudyFolder(out, study);
    const t0 = Date.now();
    const r = await runCli(['resume', dir, '--plain'], { cwd: out, env, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(r.stderr).toMatch(/completed with failures: 2\/5 ok, 3 failed/);

    expect(recordOf(dir, 'exp1').status).toBe('ok');
    expect(recordOf(dir, 'exp5').status).toBe('ok');
    const corrupt = recordOf(dir, 'exp2');
    expect(corrupt.status).toBe('failed');
    expect(corrupt.error?.message).toMatch(/broken\.gguf/);
    const crash = recordOf(dir, 'exp3');
    expect(crash.status).toBe('failed');
    expect(crash.error).toMatchObject({ code: 'ERR_ENGINE_CRASHED', reason: 'crash', phase: 'load' });
    expect(crash.error?.message).toMatch(/SIGABRT/);
    expect(crash.error?.log_tail?.some((l) => /phase load/.test(l))).toBe(true);
    const hang = recordOf(dir, 'exp4');
    expect(hang.status).toBe('failed');
    expect(hang.error).toMatchObject({ code: 'ERR_TIMEOUT', reason: 'timeout', phase: 'window' });
    expect(hang.error?.log_tail?.some((l) => /phase window/.test(l))).toBe(true);
    expect(corruption(dir)).toEqual([]);

    // llem status lists every run and each failure's reason.
    const s = await runCli(['status', dir], { cwd: out, env });
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/completed with failures/);
    expect(s.stdout).toMatch(/5 planned: 2 ok, 3 failed/);
    expect(s.stdout).toMatch(/exp3 cycle 1: failed ERR_ENGINE_CRASHED \(crash\) in load/);
    expect(s.stdout).toMatch(/exp4 cycle 1: failed ERR_TIMEOUT \(timeout\) in window/);
    const json = JSON.parse((await runCli(['status', dir, '--json'], { cwd: out, env })).stdout);
    expect(json.pairs.map((p: { status: string }) => p.status)).toEqual([
      'ok',
      'failed',
      'failed',
      'failed',
      'ok',
    ]);
  }, 180_000);

  it('the circuit breaker stops the study after max_consecutive_failures and a failed probe', async () => {
    const out = tempDir();
    const env = cliEnv({ LLEM_LOCK_DIR: tempDir('llem-locks-'), LLEM_TEST_FAULT: 'abort@preflight' });
    const study = handStudy(
      'breaker',
      [QUICK, { ...QUICK, max_output_tokens: 4 }],
      testExecution({ n_cycles: 4, max_consecutive_failures: 2 }),
    );
    const dir = await writeStudyFolder(out, study);
    const r = await runCli(['resume', dir, '--plain'], { cwd: out, env, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/circuit breaker: 2 consecutive failures; cooling down, then one probe run/);
    expect(r.stderr).toMatch(/circuit breaker tripped/);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('breaker_tripped');
    expect(manifest.reason).toMatch(/3 consecutive failed runs \(execution.max_consecutive_failures = 2\)/);
    expect(manifest.counts).toMatchObject({ planned: 8, failed: 3, pending: 5, ok: 0 });
    expect(pairRecords(dir)).toHaveLength(3);
  }, 120_000);

  it('first SIGINT stops cleanly (interrupted, 130); a second kills a child that ignores it', async () => {
    const out = tempDir();
    const env = cliEnv({ LLEM_LOCK_DIR: tempDir('llem-locks-') });
    const slow = { ...QUICK, dataset: { n_prompts: 150 }, max_output_tokens: 32 };
    const dir = await writeStudyFolder(out, handStudy('sigint', [slow, QUICK], testExecution()));
    const cli = startCli(['resume', dir, '--plain'], { cwd: out, env });
    for (let i = 0; i < 300 && !/window: 150 requests/.test(cli.stderr()); i++)
      await new Promise((r) => setTimeout(r, 50));
    cli.child.kill('SIGINT');
    const r = await cli.exited;
    expect(r.code, cli.stderr()).toBe(130);
    expect(recordOf(dir, 'exp1').status).toBe('interrupted');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.status).toBe('interrupted');
    expect(manifest.entries.map((e: { status: string }) => e.status)).toEqual(['interrupted', 'pending']);

    // A hung child ignores the first SIGINT; the second kills its process group.
    const hungEnv = { ...env, LLEM_TEST_FAULT: 'hang@warmup' };
    const cli2 = startCli(['resume', dir, '--plain'], { cwd: out, env: hungEnv });
    for (let i = 0; i < 300 && !/ {3}warmup/.test(cli2.stderr()); i++)
      await new Promise((res) => setTimeout(res, 50));
    cli2.child.kill('SIGINT');
    await new Promise((res) => setTimeout(res, 500));
    expect(cli2.done()).toBe(false);
    cli2.child.kill('SIGINT');
    const r2 = await cli2.exited;
    expect(r2.code, cli2.stderr()).toBe(130);
    const killed = recordOf(dir, 'exp1');
    expect(killed.status).toBe('interrupted');
    expect(killed.error).toMatchObject({ reason: 'killed', phase: 'warmup' });
    expect(corruption(dir)).toEqual([]);

    // Resume finishes exactly the two pairs.
    const r3 = await runCli(['resume', dir, '--plain'], { cwd: out, env: { ...env }, timeoutMs: 120_000 });
    expect(r3.code, r3.stderr).toBe(0);
    expect(pairRecords(dir).map((x) => x.record.status)).toEqual(['ok', 'ok']);
  }, 180_000);
});
