// A first hour without surprises (issue 8 item 6): results-folder problems are one line and
// ERR_STORE_IO, a study waiting for another study's device lock says who holds it and can be told
// not to wait, a study stopped while waiting leaves nothing to resume, and results go to
// ./results for runs and studies alike.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli, tempDir } from '../helpers/cli.js';
import { readOnlyFolder } from '../helpers/read-only.js';
import { quickYaml } from '../helpers/study.js';

const STUDY = `name: first-hour\n${quickYaml()}sweep:\n  max_output_tokens: [4]\nexecution: { n_cycles: 1 }\n`;

/** No Node stack trace: no `    at fn (file:line)` frames, no "unexpected error". */
function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at .+[(:]\d+/m);
  expect(stderr).not.toMatch(/unexpected error/);
}

function studyFolder(): { dir: string; env: Record<string, string>; lockDir: string } {
  const dir = tempDir();
  mkdirSync(join(dir, 'cfg'));
  writeFileSync(join(dir, 'cfg', 'study.yaml'), STUDY);
  const lockDir = tempDir('llem-locks-');
  return { dir, lockDir, env: cliEnv({ LLEM_LOCK_DIR: lockDir }) };
}

/** A live process that "holds" the cpu lock of `lockDir`, as another study would. */
const holders: ChildProcess[] = [];
function holdCpuLock(lockDir: string): { pid: number; release(): void } {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  holders.push(child);
  const pid = child.pid!;
  const content = {
    pid,
    host: 'other-node',
    token: 't0',
    study: '/r/other-abcdef12',
    started_at: new Date().toISOString(),
  };
  writeFileSync(join(lockDir, 'cpu.lock'), `${JSON.stringify(content)}\n`);
  return { pid, release: () => child.kill('SIGKILL') };
}
afterAll(() => {
  for (const h of holders) h.kill('SIGKILL');
});

describe('results folder problems: ERR_STORE_IO, exit 1, one line, no stack', () => {
  it('llem schema | head -c 100 exits 0; a study into a read-only folder exits 1 with ERR_STORE_IO', async () => {
    const piped = spawnSync(
      'bash',
      ['-o', 'pipefail', '-c', `node "${BIN}" schema | head -c 100 >/dev/null`],
      {
        encoding: 'utf8',
      },
    );
    expect(piped.status, piped.stderr).toBe(0);
    expectNoStack(piped.stderr);

    const { dir, env } = studyFolder();
    // Read-only for root too: a read-only bind mount as root, chmod 555 otherwise; where neither
    // works, a file standing where the folder should be (also unwritable whoever you are).
    const ro = readOnlyFolder();
    const target = ro?.dir ?? join(dir, 'file-not-folder');
    if (!ro) writeFileSync(target, 'x');
    try {
      const r = await runCli(['run', 'cfg/study.yaml', '--no-gaps', '--plain', '-o', target], {
        cwd: dir,
        env,
      });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(
        /^llem: results folder .*: (is not writable \((read-only filesystem|permission denied)\)|is a file, not a folder); choose another .* \(ERR_STORE_IO\)\n$/,
      );
      expectNoStack(r.stderr);
    } finally {
      ro?.cleanup();
    }
  });

  it('results_dir under /proc fails at once for a run and a study, instead of spinning', async () => {
    const { dir, env } = studyFolder();
    const t0 = Date.now();
    const run = await runCli(
      ['run', '--model', 'builtin:tiny', '-n', '2', '--set', 'results_dir=/proc/llem'],
      {
        cwd: dir,
        env,
        timeoutMs: 30_000,
      },
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(
      /results folder \/proc\/llem: is on \/proc, a pseudo filesystem .*\(ERR_STORE_IO\)/,
    );
    expectNoStack(run.stderr);
    const study = await runCli(['run', 'cfg/study.yaml', '--plain', '-o', '/proc/self/llem'], {
      cwd: dir,
      env,
    });
    expect(study.code, study.stderr).toBe(1);
    expect(study.stderr).toMatch(/ERR_STORE_IO/);
    expectNoStack(study.stderr);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});

describe('device locks held by another study', () => {
  it('--no-wait and --wait-lock fail with ERR_DEVICE_BUSY naming the holder, and leave no study folder', async () => {
    const { dir, env, lockDir } = studyFolder();
    const holder = holdCpuLock(lockDir);
    const now = await runCli(['run', 'cfg/study.yaml', '--no-gaps', '--plain', '--no-wait'], {
      cwd: dir,
      env,
    });
    expect(now.code, now.stderr).toBe(1);
    expect(now.stderr).toMatch(
      new RegExp(
        `device lock cpu is held by process ${holder.pid} on other-node \\(study /r/other-abcdef12\\), since .*not waiting \\(--no-wait\\).*\\(ERR_DEVICE_BUSY\\)`,
      ),
    );
    expectNoStack(now.stderr);
    const t0 = Date.now();
    const bounded = await runCli(['run', 'cfg/study.yaml', '--no-gaps', '--plain', '--wait-lock', '1.5'], {
      cwd: dir,
      env,
    });
    expect(bounded.code, bounded.stderr).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
    expect(bounded.stderr).toMatch(
      new RegExp(
        `waiting for device lock cpu: .*process ${holder.pid} on other-node, study /r/other-abcdef12, held since `,
      ),
    );
    expect(bounded.stderr).toMatch(/gave up after 2 s.*\(ERR_DEVICE_BUSY\)/);
    expect(readdirSync(join(dir, 'results'))).toEqual([]);
    const bad = await runCli(['run', 'cfg/study.yaml', '--wait-lock', 'soon'], { cwd: dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--wait-lock takes seconds ≥ 0, got 'soon'/);
    holder.release();
  });

  it('a study stopped while it waits leaves nothing to resume; a plain re-run starts it and writes ./results', async () => {
    const { dir, env, lockDir } = studyFolder();
    const holder = holdCpuLock(lockDir);
    // SIGINT while waiting: exit 130, no study folder.
    let waiting = false;
    const int = await runCli(['run', 'cfg/study.yaml', '--no-gaps', '--plain'], {
      cwd: dir,
      env,
      onStderr: (chunk, kill) => {
        if (!waiting && /waiting for device lock cpu/.test(chunk)) {
          waiting = true;
          kill('SIGINT');
        }
      },
    });
    expect(int.code, int.stderr).toBe(130);
    expect(int.stderr).toMatch(
      /interrupted by SIGINT while waiting for a device lock; nothing was run \(ERR_ABORTED\)/,
    );
    expect(readdirSync(join(dir, 'results'))).toEqual([]);
    // SIGKILL while waiting (nothing can tidy up): the folder it leaves is reused by a plain re-run.
    let killed = false;
    const kill9 = await runCli(['run', 'cfg/study.yaml', '--no-gaps', '--plain'], {
      cwd: dir,
      env,
      onStderr: (chunk, kill) => {
        if (!killed && /waiting for device lock cpu/.test(chunk)) {
          killed = true;
          kill('SIGKILL');
        }
      },
    });
    expect(kill9.signal).toBe('SIGKILL');
    const [left] = readdirSync(join(dir, 'results'));
    expect(left).toMatch(/^first-hour-[0-9a-f]{8}$/);
    holder.release();
    const again = await runCli(['run', 'cfg/study.yaml', '--no-gaps', '--plain'], { cwd: dir, env });
    expect(again.code, again.stderr).toBe(0);
    // One default rule: ./results in the working directory, not beside the study file.
    expect(existsSync(join(dir, 'cfg', 'results'))).toBe(false);
    const status = await runCli(['status', `results/${left}`], { cwd: dir, env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout + status.stderr).toMatch(/1\/1 ok|ok/);
  }, 120_000);
});

describe('llem init', () => {
  it('writes commented starter files that pass --dry-run, and refuses to overwrite without --force', async () => {
    const dir = tempDir();
    const env = cliEnv();
    for (const [args, file] of [
      [['init'], 'experiment.yaml'],
      [['init', 'study', '-o', 'my-study.yaml'], 'my-study.yaml'],
    ] as const) {
      const w = await runCli([...args], { cwd: dir, env });
      expect(w.code, w.stderr).toBe(0);
      expect(w.stderr).toMatch(new RegExp(`wrote ${file}`));
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text.split('\n').filter((l) => /^\s*#/.test(l) || / # /.test(l)).length).toBeGreaterThan(15);
      const dry = await runCli(['run', file, '--dry-run'], { cwd: dir, env });
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(
        file === 'experiment.yaml' ? /Plan: 1 run/ : /Plan: 4 experiment\(s\) × 3 cycle\(s\)/,
      );
    }
    writeFileSync(join(dir, 'experiment.yaml'), 'mine\n');
    const again = await runCli(['init'], { cwd: dir, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/experiment\.yaml exists already[\s\S]*--force/);
    expect(readFileSync(join(dir, 'experiment.yaml'), 'utf8')).toBe('mine\n');
    expect((await runCli(['init', '--force'], { cwd: dir, env })).code).toBe(0);
    expect(readFileSync(join(dir, 'experiment.yaml'), 'utf8')).toMatch(/^# Editor completion/);
    const bad = await runCli(['init', 'sweep'], { cwd: dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown starter 'sweep'/);
  });
});

describe('--dry-run duration', () => {
  it('leaves out thermal floors it knows will be skipped (the estimate reports no temperature)', async () => {
    const dir = tempDir();
    const env = cliEnv();
    expect((await runCli(['init', 'study', '-o', 's.yaml'], { cwd: dir, env })).code).toBe(0);
    const set = ['--set', 'measurement.energy.sources=[estimate]'];
    const d = await runCli(['run', 's.yaml', '--dry-run', ...set], { cwd: dir, env });
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(
      /assumes no thermal floor: no energy source here reports a temperature \(estimate\)/,
    );
    expect(d.stdout).not.toMatch(/floor ≤/);
    const headline = /Estimated duration: (\d+) min/.exec(d.stdout);
    expect(Number(headline?.[1])).toBeLessThan(8); // 12 runs of ~16 s + 2.5 min of gaps, not + 12 min of floors
    const one = await runCli(['init', '-o', 'e.yaml'], { cwd: dir, env });
    expect(one.code).toBe(0);
    const e = await runCli(['run', 'e.yaml', '--dry-run', ...set], { cwd: dir, env });
    expect(e.stdout).toMatch(/Estimated duration: [\d.]+ s \(.*no thermal floor, window/);
  });
});
