import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli.js';

/** Exit code of a run or study that finished but has a configuration without a valid cycle. */
const NOT_VALID = 3;

/**
 * Duration-filled windows would stretch a short window up to `min_window_s`; this test needs short
 * windows to stay short, so it turns the fill off. Other test files run beside this one, so CPU
 * contention is real here: the check is turned off to leave `window_length` the only failure.
 */
/** Two configurations: windows of well under a second, against a minimum of 0 s and of a minute. */
const STUDY = `name: short-windows
model: builtin:tiny
dataset: { n_prompts: 2 }
max_output_tokens: 4
fixed_output_length: true
load: { fill_min_window: false }
measurement:
  warmup: { n_warmup: 1, thermal_floor_s: 0 }
  baseline: { enabled: false }
  energy: { sample_interval_ms: 50, cpu_contention_threshold: 1 }
llamacpp: { threads: 1 }
sweep:
  measurement.energy.min_window_s: [0, 60]
execution:
  n_cycles: 2
  order: sequential
`;

interface Conf {
  experiment: number;
  factors: Record<string, unknown>;
  cycles_valid: number;
  cycles_excluded: number;
  metrics: Record<string, { n: number; mean: number }>;
}

describe('study validity (built CLI, tiny model)', () => {
  it('a configuration whose every cycle fails window_length: exit 3, no mean in the table, exclusions in summary.json', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'study.yaml'), STUDY);
    const env = cliEnv({ LLEM_LOCK_DIR: tempDir('llem-locks-') });
    const r = await runCli(['run', 'study.yaml', '--no-gaps', '--plain', '-o', 'out'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(NOT_VALID);

    const studyDir = /results {2}(\S+)/.exec(r.stderr)![1]!;
    const summary = JSON.parse(readFileSync(join(studyDir, 'summary.json'), 'utf8'));
    expect(summary.status).toBe('completed');
    const confs = summary.configurations as Conf[];
    const long = confs.find((c) => c.factors['measurement.energy.min_window_s'] === 60)!;
    const short = confs.find((c) => c.factors['measurement.energy.min_window_s'] === 0)!;
    expect([long.cycles_valid, long.cycles_excluded]).toEqual([0, 2]);
    expect(long.metrics).toEqual({});
    expect([short.cycles_valid, short.cycles_excluded]).toEqual([2, 0]);
    expect(short.metrics.j_per_output_token?.n).toBe(2);
    expect(summary.exclusions).toHaveLength(2);
    for (const x of summary.exclusions) {
      expect(x.experiment).toBe(long.experiment);
      expect(x.checks.map((c: { id: string }) => c.id)).toContain('window_length');
      expect(x.reason).toMatch(/^window_length: /);
    }

    // The progress lines say it as each run ends; the table shows no figure for that configuration.
    expect(r.stderr).toMatch(/cycle 1: ok but NOT VALID, left out of the means \(window_length: /);
    expect(r.stderr).toContain(`#${long.experiment} has no valid cycle yet`);
    const row = (c: Conf) => r.stderr.split('\n').find((l) => new RegExp(`^\\s*${c.experiment}  `).test(l))!;
    expect(row(long)).toMatch(/0\/2 \(2 excl\.\)\s+no valid cycle\s+—\s+—\s+—\s+—$/);
    expect(row(short)).toMatch(/2\/2\s+\S+ ± \S+/);
    expect(r.stderr).toMatch(/excluded from the means[^\n]*\n {2}#\d cycle 1: window_length: /);
    expect(r.stderr).toMatch(/NOT VALID: 1 of 2 configurations have no valid cycle \(#\d\); exit code 3/);

    // llem status marks the runs; a corrupt plan.json is an error (exit 2), not "no study".
    const status = await runCli(['status', studyDir], { cwd: dir, env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/ok, NOT VALID/);
    expect(status.stdout).toMatch(/not valid \(left out of the means\):\n {2}run \d+ #\d .*window_length: /);
    writeFileSync(join(studyDir, 'plan.json'), '{"schema_version": 1, "name": ');
    for (const args of [
      ['status', studyDir],
      ['resume', studyDir, '--plain'],
      ['run', 'study.yaml', '--resume', '--plain', '-o', 'out'],
    ]) {
      const bad = await runCli(args, { cwd: dir, env });
      expect(bad.code, `${args.join(' ')}: ${bad.stderr}`).toBe(2);
      expect(bad.stderr).toMatch(/plan\.json:1:\d+: the study plan does not parse/);
      expect(bad.stderr).toMatch(/fix: plan\.json is written once/);
    }
  }, 240_000);

  it('a single run with a failed error-severity check exits 3 and prints NOT VALID', async () => {
    const dir = tempDir();
    const set = (kv: string) => ['--set', kv];
    const r = await runCli(
      [
        'run',
        '--model',
        'builtin:tiny',
        '-n',
        '2',
        '--max-output-tokens',
        '4',
        ...set('measurement.energy.min_window_s=60'),
        ...set('measurement.baseline.enabled=false'),
        ...set('measurement.warmup.n_warmup=1'),
        ...set('measurement.warmup.thermal_floor_s=0'),
        ...set('llamacpp.threads=1'),
        ...set('load.fill_min_window=false'),
        '-o',
        'out',
      ],
      { cwd: dir, env: cliEnv() },
    );
    expect(r.code, r.stderr).toBe(NOT_VALID);
    expect(r.stderr).toMatch(/validity\s+NOT VALID/);
    expect(r.stderr).toMatch(/✗ window_length: /);
  }, 120_000);
});
