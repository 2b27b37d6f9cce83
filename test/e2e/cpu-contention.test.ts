import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultRecord } from '../../src/core/records.js';
import { cliEnv, runCli, tempDir } from '../helpers/cli.js';
import { pairRecords } from '../helpers/study-files.js';

// A study with CPU hogs running beside it: every cycle must carry a failed, error-severity
// cpu_contention check (default threshold: others ≤ 10 % of all CPU time).

const hogs: ChildProcess[] = [];

/**
 * Starts busy processes outside llem's tree (children of the test, siblings of the CLI): enough
 * for about a third of the machine's CPUs, so the share of others clears 10 % on any core count.
 * Each one also ends itself after 3 minutes, should the test process die before killing it.
 */
function startHogs(): void {
  const n = Math.max(1, Math.ceil(availableParallelism() / 3));
  for (let i = 0; i < n; i++) {
    const hog = spawn(
      process.execPath,
      ['-e', 'const end = Date.now() + 180000; while (Date.now() < end) {}'],
      {
        stdio: 'ignore',
      },
    );
    hogs.push(hog);
  }
}

function stopHogs(): void {
  for (const h of hogs.splice(0)) {
    if (h.exitCode === null && h.signalCode === null) h.kill('SIGKILL');
  }
}

afterAll(stopHogs);

describe('cpu_contention with a CPU hog beside the study (built CLI, tiny model)', () => {
  it('marks every cycle with a failed cpu_contention check, and records who used the CPU', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'study.yaml'),
      `name: hogged
model: builtin:tiny
dataset: { n_prompts: 3 }
max_output_tokens: 8
fixed_output_length: true
measurement:
  warmup: { n_warmup: 1, thermal_floor_s: 0 }
  baseline: { enabled: true, strategy: cached, duration_s: 5 }
  energy: { sources: [estimate], min_window_s: 0, sample_interval_ms: 50 }
llamacpp: { threads: 1 }
sweep:
  llamacpp.sequences: [1]
`,
    );
    startHogs();
    try {
      // Let the hogs get going before the first baseline.
      await new Promise((r) => setTimeout(r, 300));
      const r = await runCli(['run', 'study.yaml', '--no-gaps', '--cycles', '2', '--json', '-o', 'out'], {
        cwd: dir,
        env: cliEnv({ LLEM_LOCK_DIR: tempDir('llem-locks-') }),
      });
      expect(r.stdout, r.stderr).not.toBe('');
      const summary = JSON.parse(r.stdout);
      const records = pairRecords(summary.dir as string);
      expect(records).toHaveLength(2);
      // Both cycles are excluded from the means and listed with the reason; the study exits 3.
      expect(r.code, r.stderr).toBe(3);
      const conf = summary.configurations[0];
      expect([conf.cycles_valid, conf.cycles_excluded]).toEqual([0, 2]);
      expect(conf.metrics).toEqual({});
      expect(summary.exclusions).toHaveLength(2);
      for (const x of summary.exclusions) {
        expect(x.checks.map((c: { id: string }) => c.id)).toContain('cpu_contention');
      }
      for (const { record } of records) {
        expect(record.status).toBe('ok');
        const rec = record as unknown as ResultRecord;
        const c = rec.validity.checks.find((x) => x.id === 'cpu_contention');
        expect(c, JSON.stringify(rec.validity.checks)).toBeDefined();
        expect(c).toMatchObject({ passed: false, severity: 'error', threshold: 0.1 });
        expect(c!.value).toBeGreaterThan(0.1);
        expect(rec.validity.valid).toBe(false);
        const est = rec.energy.sources.find((s) => s.source === 'estimate')!;
        expect(est.mode).toBe('process');
        expect(est.cpu_share!.other_fraction).toBeGreaterThan(0.1);
        expect(est.cpu_share!.own_cpu_s).toBeGreaterThan(0);
      }
    } finally {
      stopHogs();
    }
  }, 180_000);
});
