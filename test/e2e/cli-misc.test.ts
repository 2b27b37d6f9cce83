import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';

describe('llem misc commands', () => {
  it('doctor --help and schema --help print their usage and exit 0', async () => {
    const doctor = await runCli(['doctor', '--help']);
    expect(doctor.code, doctor.stderr).toBe(0);
    expect(doctor.stdout).toMatch(/^Usage: llem doctor \[--json\]/);
    const schema = await runCli(['schema', '--help']);
    expect(schema.code, schema.stderr).toBe(0);
    expect(schema.stdout).toMatch(/^Usage: llem schema/);
    expect(schema.stdout).not.toMatch(/"\$schema"/);
  });

  it('--dry-run refuses what the run would refuse: a missing dataset file or model file (exit 2, located)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.yaml'), 'model: builtin:tiny\ndataset: { source: nope.jsonl }\n');
    const d = await runCli(['run', 'd.yaml', '--dry-run'], { cwd: dir });
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/d\.yaml:2:\d+: dataset\.source: dataset file .*nope\.jsonl not found/);
    writeFileSync(join(dir, 'm.yaml'), 'model: missing.gguf\n');
    const m = await runCli(['run', 'm.yaml', '--dry-run'], { cwd: dir });
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/m\.yaml:1:\d+: model: model file not found: .*missing\.gguf/);
  });

  it('schema into a pipe its reader closes early (| head -c 100): exit 0, no stack trace', () => {
    // `pipefail` makes the shell report llem's own exit status, not head's.
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `node "${BIN}" schema | head -c 100 >/dev/null`], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|at .*\(node:/);
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('models tiny twice with the same arguments gives identical bytes', async () => {
    const dir = tempDir();
    for (const out of ['a.gguf', 'b.gguf']) {
      const r = await runCli(['models', 'tiny', '--out', out, '--type', 'q8_0', '--seed', '7'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
    }
    const a = readFileSync(join(dir, 'a.gguf'));
    const b = readFileSync(join(dir, 'b.gguf'));
    expect(a.length).toBeGreaterThan(1000);
    expect(a.equals(b)).toBe(true);
    const r = await runCli(['models', 'tiny', '--out', 'c.gguf', '--type', 'q8_0', '--seed', '8'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'c.gguf')).equals(a)).toBe(false);
  });

  it('doctor --json lists the estimate source as available and the engine probe', async () => {
    const r = await runCli(['doctor', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const estimate = report.energy_sources.find((s: { source: string }) => s.source === 'estimate');
    expect(estimate.available).toBe(true);
    expect(estimate.reason).toBeTruthy();
    const llama = report.engines.find((e: { engine: string }) => e.engine === 'llamacpp');
    expect(llama.available).toBe(true);
    expect(llama.version).toBe('3.21.1');
    const vllm = report.engines.find((e: { engine: string }) => e.engine === 'vllm');
    expect(vllm.available).toBe(false);
    // A Python-worker engine: unavailable here unless the interpreter imports vLLM, and it says why.
    if (!vllm.available) expect(vllm.reason).toMatch(/does not import|cannot start the Python worker/);
  });
});
