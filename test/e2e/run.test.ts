import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { cliEnv, ROOT, runCli, SHARED_CACHE, tempDir } from '../helpers/cli.js';
import { readRecord } from '../helpers/record-invariants.js';

/** A fast experiment on the tiny model: no baseline, no floor, a window of a fraction of a second. */
function quickConfig(extra = ''): string {
  return `model: builtin:tiny
dataset:
  n_prompts: 6
max_output_tokens: 16
fixed_output_length: true
measurement:
  warmup: { n_warmup: 1, thermal_floor_s: 0 }
  baseline: { enabled: false }
  energy: { min_window_s: 0, sample_interval_ms: 50, cpu_contention_threshold: 1 }
llamacpp: { threads: 1, sequences: 2 }
${extra}`;
}

function findFiles(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(p, name));
    else if (entry.name === name) out.push(p);
  }
  return out;
}

async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const buf = readFileSync(path);
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return parquetReadObjects({ file });
}

describe('llem run (built CLI, real node-llama-cpp, tiny model)', () => {
  it('measures an experiment and writes result.json, requests.parquet and timeseries.parquet', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'exp.yaml'), quickConfig());
    const r = await runCli(['run', 'exp.yaml', '--json', '-o', 'out'], { cwd: dir });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout);
    const [resultPath] = findFiles(join(dir, 'out'), 'result.json');
    expect(resultPath).toBeDefined();
    const result = readRecord(resultPath!);
    expect(printed.config_hash).toBe(result.config_hash);
    expect(result.status).toBe('ok');
    expect(result.metrics.energy_scope).toBe('estimate');
    expect(result.metrics.energy_j).toBeGreaterThan(0);
    expect(result.metrics.peak_power_w).toBeGreaterThanOrEqual(result.metrics.mean_power_w);
    expect(result.energy.scopes[0].method).toBe('estimate');
    expect(result.tokens.output).toBe(6 * 16);
    expect(result.metrics.output_tokens_per_s).toBeGreaterThan(0);
    for (const key of ['ttft_queued', 'ttft_service', 'itl', 'e2e_queued', 'e2e_service']) {
      for (const p of ['p50_ms', 'p90_ms', 'p95_ms', 'p99_ms'])
        expect(result.metrics[key][p]).toBeGreaterThanOrEqual(0);
    }
    expect(result.metrics.flops.method).toBeTruthy();
    expect(result.metrics.flops.total).toBeGreaterThan(0);
    expect(result.validity.checks.map((c: { id: string }) => c.id)).toContain('estimate_only');
    expect(result.config.llamacpp.threads).toBe(1);
    expect(result.config.measurement.warmup.n_warmup).toBe(1);
    expect(result.energy.probes.find((p: { source: string }) => p.source === 'estimate').available).toBe(
      true,
    );
    const runDir = join(resultPath!, '..');
    const requests = await readParquet(join(runDir, 'requests.parquet'));
    expect(requests).toHaveLength(6);
    expect(requests.every((q) => Number(q.output_tokens) === 16)).toBe(true);
    const series = await readParquet(join(runDir, 'timeseries.parquet'));
    expect(series.length).toBeGreaterThan(0);
    // Every summed device of every source has its rows (the estimate's DRAM term included).
    for (const src of result.energy.sources)
      for (const d of src.devices.filter((x: { not_summed?: string }) => x.not_summed === undefined))
        expect(
          series.some((row) => row.source === src.source && row.device === d.device),
          d.device,
        ).toBe(true);
    // Both files say which run they belong to, and when the window (their time origin) started.
    for (const name of ['requests.parquet', 'timeseries.parquet']) {
      const buf = readFileSync(join(runDir, name));
      const meta = parquetMetadata(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      const kv = Object.fromEntries((meta.key_value_metadata ?? []).map((e) => [e.key, e.value]));
      expect(kv).toMatchObject({
        'llem.study_hash': result.study_hash,
        'llem.config_hash': result.config_hash,
        'llem.cycle': String(result.cycle),
        'llem.run_id': runDir.split('/').at(-2),
      });
      const start = Date.parse(kv['llem.window_start']!);
      expect(start).toBeGreaterThanOrEqual(Date.parse(result.started_at));
      expect(start).toBeLessThanOrEqual(Date.parse(result.ended_at));
    }
    expect(existsSync(join(runDir, 'run.log'))).toBe(true);
    const studyDir = join(runDir, '../../..');
    expect(readFileSync(join(studyDir, 'study.yaml'), 'utf8')).toBe(quickConfig());
    expect(existsSync(join(studyDir, 'environment.json'))).toBe(true);
  });

  it('runs from flags alone, shows live progress and prints a readable summary', async () => {
    const dir = tempDir();
    const r = await runCli(
      [
        'run',
        '--model',
        'builtin:tiny',
        '-n',
        '3',
        '--max-output-tokens',
        '8',
        '--set',
        'measurement.baseline.enabled=false',
        '--set',
        'measurement.warmup.thermal_floor_s=0',
        '--set',
        'measurement.energy.min_window_s=0',
        '--set',
        'measurement.energy.cpu_contention_threshold=1',
        '--set',
        'llamacpp.threads=1',
        '-o',
        'out',
        '--live',
      ],
      { cwd: dir },
    );
    expect(r.code, r.stderr).toBe(0);
    // The live view redraws one status line: phase, requests done, elapsed time.
    const ESC = String.fromCharCode(27);
    expect(r.stderr).toContain(`\r${ESC}[2K[window] · 3 requests`);
    expect(r.stderr).toMatch(/\[window\] · 3 requests · (\d+\/3 requests · )?.*elapsed \d\d:\d\d/);
    expect(r.stderr).toMatch(/J\/output token/);
    expect(r.stderr).toMatch(/TTFT queued\s+p50/);
    expect(r.stderr).toMatch(/TTFT service\s+p50/);
    expect(r.stderr).toMatch(/validity/);
  });

  it('a truncated GGUF exits 2 in preflight with a reason and leaves earlier results untouched', async () => {
    const dir = tempDir();
    // A good run first, then a corrupt model into the same results folder.
    writeFileSync(join(dir, 'good.yaml'), quickConfig());
    expect((await runCli(['run', 'good.yaml', '-q', '-o', 'out'], { cwd: dir })).code).toBe(0);
    const listing = () => readdirSync(join(dir, 'out'), { recursive: true }).map(String).sort();
    const files = listing();
    const before = findFiles(join(dir, 'out'), 'result.json').map((p) => [p, readFileSync(p, 'utf8')]);
    const tiny = readdirSync(join(SHARED_CACHE, 'models')).find((f) => f.endsWith('.gguf'))!;
    const bytes = readFileSync(join(SHARED_CACHE, 'models', tiny));
    writeFileSync(join(dir, 'broken.gguf'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    writeFileSync(join(dir, 'bad.yaml'), quickConfig().replace('builtin:tiny', 'broken.gguf'));
    const r = await runCli(['run', 'bad.yaml', '-o', 'out'], { cwd: dir });
    // A model problem is an input problem (SPEC §5): found before any baseline, nothing written.
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: model: .*broken\.gguf/);
    expect(r.stderr).toMatch(/re-download/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    for (const [p, text] of before) expect(readFileSync(p!, 'utf8')).toBe(text);
    // No new run folder, and atomic writes leave no temp files behind.
    expect(listing()).toEqual(files);
  });

  it('SIGINT during the window stops cleanly: interrupted record, exit 130', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'long.yaml'),
      quickConfig()
        .replace('n_prompts: 6', 'n_prompts: 400')
        .replace('max_output_tokens: 16', 'max_output_tokens: 64'),
    );
    let sent = false;
    const r = await runCli(['run', 'long.yaml', '--plain', '-o', 'out'], {
      cwd: dir,
      onStderr: (chunk, kill) => {
        if (!sent && /window: \d+\/400/.test(chunk)) {
          sent = true;
          kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    const [resultPath] = findFiles(join(dir, 'out'), 'result.json');
    const result = readRecord(resultPath!);
    expect(result.status).toBe('interrupted');
  });

  it('--dry-run shows the plan, a memory estimate and a duration, and runs nothing', async () => {
    const r = await runCli(['run', '--dry-run', 'examples/quickstart.yaml'], { cwd: ROOT, env: cliEnv() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Plan: 1 run/);
    expect(r.stdout).toMatch(/Memory estimate: .*weights .*KV cache/);
    expect(r.stdout).toMatch(/Estimated duration: /);
  });
});
