// The Slurm executor against a real single-node Slurm (scripts/slurm-dev-cluster.sh, started by
// .ci/run, which exports LLEM_TEST_SLURM = its slurm.conf): job arrays, fake GPUs from gres.conf,
// a task killed with scancel, resume, and the dry run and missing-Slurm errors (no cluster needed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli.js';
import { external } from '../helpers/external.js';
import { quickYaml } from '../helpers/study.js';
import { pairRecords, startCli } from '../helpers/study-files.js';

/** The dev cluster's slurm.conf (undefined: the cluster tests skip, or fail under LLEM_CI_STRICT). */
const conf = external('LLEM_TEST_SLURM', 'a Slurm cluster');
const SIX = `name: six\n${quickYaml()}sweep:\n  max_output_tokens: [4, 6, 8]\n`;

function setup(study: string, extra: Record<string, string> = {}) {
  const dir = tempDir('llem-slurm-');
  writeFileSync(join(dir, 'study.yaml'), study);
  const env = cliEnv({
    LLEM_LOCK_DIR: tempDir('llem-locks-'),
    ...(conf ? { SLURM_CONF: conf } : {}),
    ...extra,
  });
  return { dir, env };
}

function studyDirIn(out: string): string {
  const names = readdirSync(out);
  expect(names).toHaveLength(1);
  return join(out, names[0]!);
}

function submission(studyDir: string, n: number) {
  return JSON.parse(readFileSync(join(studyDir, 'slurm', `submission-${n}.json`), 'utf8')) as {
    job_id: string;
    gres: string | null;
    argv: string[];
    tasks: { task: number; position: number; experiment: number; cycle: number; dir: string }[];
  };
}

/** The report's shape: section headings, and per configuration its name, valid/planned, scope and validity (no figures). */
function reportShape(md: string) {
  const headings = md.split('\n').filter((l) => l.startsWith('#'));
  const table = md.split('## Configurations')[1]!.split('\n## ')[0]!;
  const rows = table
    .split('\n')
    .filter((l) => /^\| \d+ \|/.test(l))
    .map((l) => {
      const c = l.split('|').map((x) => x.trim());
      return [c[1], c[2]!.replace(/ \(reference\)| ★/g, ''), c[3], c[9], c[10]];
    });
  return { headings, rows };
}

describe('executor: slurm without a cluster', () => {
  it('--dry-run shows the sbatch argv and the batch script, submits nothing', async () => {
    const { dir, env } = setup(SIX, { PATH: tempDir('llem-nopath-') });
    const r = await runCli(
      ['run', 'study.yaml', '--executor', 'slurm', '--cycles', '2', '--dry-run', '-o', 'out'],
      {
        cwd: dir,
        env,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Slurm \(executor: slurm\): 1 job array, one task per run; nothing submitted/);
    expect(r.stdout).toMatch(
      /\$ sbatch --parsable --job-name=llem-six --array=0-5 .*--gres=gpu:1 \S+\/slurm\/submission-1\.sh/,
    );
    expect(r.stdout).toMatch(/exec \S*node\S* \S+\/bin\/llem\.js slurm-task \S+\/out\/six-[0-9a-f]{8} 1/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const j = await runCli(['run', 'study.yaml', '--executor', 'slurm', '--dry-run', '--json', '-o', 'out'], {
      cwd: dir,
      env,
    });
    expect(j.code, j.stderr).toBe(0);
    const plan = JSON.parse(j.stdout);
    expect(plan.slurm).toHaveLength(1);
    expect(plan.slurm[0].argv[0]).toBe('sbatch');
    expect(plan.slurm[0].tasks).toHaveLength(9);
  });

  it('exits 1 with the reason when sbatch is not on PATH, and makes no study folder', async () => {
    const { dir, env } = setup(SIX, { PATH: tempDir('llem-nopath-') });
    const r = await runCli(['run', 'study.yaml', '--executor', 'slurm', '--no-gaps', '-o', 'out'], {
      cwd: dir,
      env,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /executor slurm needs Slurm's `sbatch`, which is not on PATH .*\(ERR_EXECUTOR_UNAVAILABLE\)/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe.skipIf(conf === undefined)('executor: slurm on a real cluster', () => {
  it('runs a 6-run tiny study as a job array: one ok record per run, the same report as a local run', async () => {
    const { dir, env } = setup(SIX);
    const r = await runCli(
      ['run', 'study.yaml', '--executor', 'slurm', '--cycles', '2', '--no-gaps', '--json', '-o', 'slurm'],
      { cwd: dir, env, timeoutMs: 240_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.status).toBe('completed');
    expect(summary.counts).toMatchObject({ planned: 6, ok: 6, failed: 0 });
    const studyDir = summary.dir as string;
    const records = pairRecords(studyDir);
    expect(records).toHaveLength(6);
    const sub = submission(studyDir, 1);
    expect(sub.tasks).toHaveLength(6);
    expect(sub.argv).toContain('--array=0-5');
    for (const { record } of records) {
      expect(record.status).toBe('ok');
      const slurm = (record.environment as { slurm: Record<string, unknown> }).slurm;
      expect(slurm.array_job_id).toBe(sub.job_id);
      expect(slurm.node).toBeTruthy();
      expect(String(slurm.cuda_visible_devices)).toMatch(/^\d$/);
      expect((record.environment as { env: Record<string, string> }).env.SLURM_ARRAY_JOB_ID).toBe(sub.job_id);
    }
    // Tasks write only their run folders: the study-level environment.json stays the submitter's business.
    expect(existsSync(join(studyDir, 'environment.json'))).toBe(false);

    const local = await runCli(['run', 'study.yaml', '--cycles', '2', '--no-gaps', '--json', '-o', 'local'], {
      cwd: dir,
      env,
      timeoutMs: 240_000,
    });
    expect(local.code, local.stderr).toBe(0);
    const localDir = JSON.parse(local.stdout).dir as string;
    for (const d of [studyDir, localDir]) {
      const rep = await runCli(['report', d], { cwd: dir, env, timeoutMs: 120_000 });
      expect(rep.code, rep.stderr).toBe(0);
    }
    const a = reportShape(readFileSync(join(studyDir, 'report.md'), 'utf8'));
    const b = reportShape(readFileSync(join(localDir, 'report.md'), 'utf8'));
    expect(a.rows).toHaveLength(3);
    expect(a).toEqual(b);
  }, 600_000);

  it('a task killed with scancel is failed in llem status, and llem resume resubmits exactly that run', async () => {
    const two = `name: cancel\n${quickYaml()}sweep:\n  max_output_tokens: [4, 6]\n`;
    const { dir, env } = setup(two);
    const out = join(dir, 'out');
    mkdirSync(out);
    // Experiment 2's run blocks in its window until killed, so there is time to cancel it.
    const running = runCli(
      ['run', 'study.yaml', '--executor', 'slurm', '--cycles', '1', '--no-gaps', '--plain', '-o', 'out'],
      {
        cwd: dir,
        env: { ...env, LLEM_TEST_FAULT: 'hang@window#2' },
        timeoutMs: 240_000,
      },
    );
    let studyDir = '';
    let target: { task: number; dir: string } | undefined;
    for (let i = 0; i < 600 && target === undefined; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const names = readdirSync(out);
      if (names.length === 0) continue;
      studyDir = join(out, names[0]!);
      if (!existsSync(join(studyDir, 'slurm', 'submission-1.json'))) continue;
      const t = submission(studyDir, 1).tasks.find((x) => x.experiment === 2)!;
      const log = join(studyDir, t.dir, 'run.log');
      if (existsSync(log) && readFileSync(log, 'utf8').includes('phase window')) target = t;
    }
    expect(target, 'the hanging run reached its window').toBeDefined();
    const jobId = submission(studyDir, 1).job_id;
    const cancel = spawnSync('scancel', [`${jobId}_${target!.task}`], {
      env: { ...process.env, SLURM_CONF: conf },
    });
    expect(cancel.status, String(cancel.stderr)).toBe(0);
    const first = await running;
    expect(first.code, first.stderr).toBe(1);

    const status = await runCli(['status', studyDir, '--json'], { cwd: dir, env });
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout);
    const cancelled = report.pairs.find((p: { experiment: number }) => p.experiment === 2);
    expect(cancelled).toMatchObject({
      status: 'failed',
      error: { code: 'ERR_SLURM_TASK', reason: 'cancelled' },
    });
    expect(cancelled.slurm).toMatchObject({ task: `${jobId}_${target!.task}`, state: 'CANCELLED' });
    expect(report.pairs.find((p: { experiment: number }) => p.experiment === 1).status).toBe('ok');
    const text = await runCli(['status', studyDir], { cwd: dir, env });
    expect(text.stdout).toMatch(
      /failed ERR_SLURM_TASK \(cancelled\) in window: the Slurm task was cancelled/,
    );

    const resumed = await runCli(['resume', studyDir, '--json'], { cwd: dir, env, timeoutMs: 240_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).counts).toMatchObject({ planned: 2, ok: 2 });
    const again = submission(studyDir, 2);
    expect(again.tasks).toHaveLength(1);
    expect(again.tasks[0]).toMatchObject({ task: 0, experiment: 2, cycle: 1, dir: target!.dir });
  }, 600_000);

  it('a config with tensor_parallel_size: 2 asks for two GPUs and gets CUDA_VISIBLE_DEVICES with two entries', async () => {
    const tp2 = `name: tp2\nmodel: org/model\nengine: vllm\ndataset: { n_prompts: 2 }\nmax_output_tokens: 4\nvllm: { engine: { tensor_parallel_size: 2 } }\nexperiments:\n  - {}\n`;
    const { dir, env } = setup(tp2);
    // No vLLM here: the run fails, but only after Slurm placed it on two (fake) GPUs.
    const r = await runCli(
      ['run', 'study.yaml', '--executor', 'slurm', '--cycles', '1', '--json', '-o', 'out'],
      {
        cwd: dir,
        env,
        timeoutMs: 120_000,
      },
    );
    expect(r.code, r.stderr).toBe(1);
    const studyDir = studyDirIn(join(dir, 'out'));
    const sub = submission(studyDir, 1);
    expect(sub.gres).toBe('gpu:2');
    expect(sub.argv).toContain('--gres=gpu:2');
    const records = pairRecords(studyDir);
    expect(records).toHaveLength(1);
    const env1 = records[0]!.record.environment as { slurm: { cuda_visible_devices: string } };
    expect(env1.slurm.cuda_visible_devices.split(',')).toHaveLength(2);
    const marker = JSON.parse(readFileSync(join(studyDir, sub.tasks[0]!.dir, 'slurm-task.json'), 'utf8'));
    expect(marker.cuda_visible_devices.split(',')).toHaveLength(2);
  }, 120_000);

  it('Ctrl-C on the submitter cancels the queued tasks, stops the running one cleanly, and leaves a resumable folder', async () => {
    // One task at a time, each with a 20 s window, so the first is mid-window when Ctrl-C comes.
    const slow = `name: intr\n${quickYaml().replace('min_window_s: 0', 'min_window_s: 20')}sweep:\n  max_output_tokens: [4, 6, 8]\nexecution:\n  slurm: { array_limit: 1 }\n`;
    const { dir, env } = setup(slow);
    const out = join(dir, 'out');
    mkdirSync(out);
    const live = startCli(
      ['run', 'study.yaml', '--executor', 'slurm', '--cycles', '1', '--no-gaps', '--plain', '-o', 'out'],
      {
        cwd: dir,
        env,
      },
    );
    let studyDir = '';
    let windowed = false;
    for (let i = 0; i < 600 && !windowed && !live.done(); i++) {
      await new Promise((r) => setTimeout(r, 250));
      const names = readdirSync(out);
      if (names.length === 0 || !existsSync(join(out, names[0]!, 'slurm', 'submission-1.json'))) continue;
      studyDir = join(out, names[0]!);
      windowed = submission(studyDir, 1).tasks.some((t) => {
        const log = join(studyDir, t.dir, 'run.log');
        return existsSync(log) && readFileSync(log, 'utf8').includes('phase window');
      });
    }
    expect(windowed, live.stderr()).toBe(true);
    live.child.kill('SIGINT');
    const ended = await live.exited;
    expect(ended.code, live.stderr()).toBe(130);
    const status = await runCli(['status', studyDir, '--json'], { cwd: dir, env });
    const report = JSON.parse(status.stdout);
    expect(report.status).toBe('interrupted');
    expect(report.counts).toMatchObject({ planned: 3, ok: 0, interrupted: 1, pending: 2, failed: 0 });
    expect(report.slurm.active).toBe(0);
    const jobId = submission(studyDir, 1).job_id;
    const q = spawnSync('squeue', ['-h', '-r', '-t', 'all', '-j', jobId, '-o', '%i|%T'], {
      env: { ...process.env, SLURM_CONF: conf },
    });
    expect(String(q.stdout)).not.toMatch(/RUNNING|PENDING/);
  }, 300_000);

  it.each([
    ['KILL', ['cancelled', 'scheduler_failed']],
    ['USR1', ['time_limit']],
  ])(
    "a task sent SIG%s (KILL: it cannot write; USR1: Slurm's time-limit warning) ends failed with the reason",
    async (sig, reasons) => {
      const one = `name: killed\n${quickYaml()}experiments:\n  - { max_output_tokens: 6 }\n`;
      const { dir, env } = setup(one);
      const out = join(dir, 'out');
      mkdirSync(out);
      const running = runCli(
        ['run', 'study.yaml', '--executor', 'slurm', '--cycles', '1', '--no-gaps', '--json', '-o', 'out'],
        {
          cwd: dir,
          env: { ...env, LLEM_TEST_FAULT: 'hang@window#1' },
          timeoutMs: 240_000,
        },
      );
      let studyDir = '';
      let log = '';
      for (let i = 0; i < 600 && !log.includes('phase window'); i++) {
        await new Promise((r) => setTimeout(r, 250));
        const names = readdirSync(out);
        if (names.length === 0 || !existsSync(join(out, names[0]!, 'slurm', 'submission-1.json'))) continue;
        studyDir = join(out, names[0]!);
        const path = join(studyDir, submission(studyDir, 1).tasks[0]!.dir, 'run.log');
        log = existsSync(path) ? readFileSync(path, 'utf8') : '';
      }
      expect(log).toContain('phase window');
      const jobId = submission(studyDir, 1).job_id;
      // KILL: the task cannot write anything, the submitter records it from the queue. USR1 is what
      // --signal=B:USR1@60 sends a minute before the time limit: the task records time_limit itself.
      const kill = spawnSync('scancel', [`--signal=${sig}`, '--full', `${jobId}_0`], {
        env: { ...process.env, SLURM_CONF: conf },
      });
      expect(kill.status, String(kill.stderr)).toBe(0);
      const r = await running;
      expect(r.code, r.stderr).toBe(1);
      const [{ record }] = pairRecords(studyDir) as unknown as [
        { record: { status: string; error: Record<string, unknown> } },
      ];
      expect(record.status).toBe('failed');
      expect(record.error).toMatchObject({ code: 'ERR_SLURM_TASK', phase: 'window' });
      expect(reasons).toContain(record.error.reason);
    },
    300_000,
  );
});
