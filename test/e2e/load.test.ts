import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// Load patterns and duration-filled windows through the built CLI, on the real engine and the
// tiny model. Baseline and thermal floor are switched off to keep the tests cheap: neither
// changes how long the window is or how requests are scheduled.

function findFile(dir: string, name: string): string {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === name) return join(entry.parentPath, entry.name);
  }
  throw new Error(`${name} not found under ${dir}`);
}

async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const buf = readFileSync(path);
  return parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
}

const QUICK = [
  '--set',
  'measurement.baseline.enabled=false',
  '--set',
  'measurement.warmup.thermal_floor_s=0',
  '--set',
  'llamacpp.threads=1',
  // Vitest runs other test files beside this one: their CPU load is real contention, which
  // `cpu_contention` rightly fails (test/e2e/cpu-contention.test.ts covers that check).
  '--set',
  'measurement.energy.cpu_contention_threshold=1',
];

describe('load schedules and duration windows (built CLI, tiny model)', () => {
  it('12 prompts at 0.5 rps constant: a ≥ 22 s window on schedule, with the send-time error recorded', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'rate.yaml'),
      `model: builtin:tiny
dataset: { n_prompts: 12 }
max_output_tokens: 4
max_input_tokens: 32
load: { mode: rate, rate_rps: 0.5, arrival: constant }
measurement:
  warmup: { n_warmup: 1, thermal_floor_s: 0 }
  baseline: { enabled: false }
  energy: { cpu_contention_threshold: 1 } # other test files run beside this one
llamacpp: { threads: 1 }
`,
    );
    const r = await runCli(['run', 'rate.yaml', '--json', '-o', 'out'], { cwd: dir, timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(findFile(join(dir, 'out'), 'result.json'), 'utf8'));
    expect(result.status).toBe('ok');
    expect(result.config.load.mode).toBe('rate');
    expect(result.timings.window_s).toBeGreaterThanOrEqual(22);
    const s = result.metrics.schedule;
    expect(s).toMatchObject({ mode: 'rate', arrival: 'constant', requests_total: 12, requests_sent: 12 });
    expect(s.planned_rate_rps).toBe(0.5);
    expect(s.planned_interarrival_cv).toBe(0);
    // 11 gaps of 2 s: a send late by even 100 ms would move the rate by < 1 %.
    expect(s.achieved_rate_rps).toBeGreaterThan(0.45);
    expect(s.achieved_rate_rps).toBeLessThan(0.55);
    expect(s.send_error.n).toBe(12);
    expect(s.send_error.p99_ms).toBeGreaterThanOrEqual(0);
    expect(s.send_error.p99_ms).toBeLessThan(1_000);
    expect(result.validity.checks.find((c: { id: string }) => c.id === 'window_length').passed).toBe(true);
    expect(result.metrics.ttft_queued.n).toBe(12);
    expect(result.metrics.ttft_service.n).toBe(12);

    const rows = await readParquet(findFile(join(dir, 'out'), 'requests.parquet'));
    expect(rows).toHaveLength(12);
    const scheduled = rows.map((q) => Number(q.scheduled_ms));
    for (let i = 1; i < 12; i++) expect(scheduled[i]! - scheduled[i - 1]!).toBeCloseTo(2000, 6);
    for (const q of rows) {
      expect(Number(q.send_error_ms)).toBeGreaterThanOrEqual(0);
      expect(Number(q.sent_ms) - Number(q.scheduled_ms)).toBeCloseTo(Number(q.send_error_ms), 6);
      expect(Number(q.ttft_queued_ms)).toBeGreaterThanOrEqual(Number(q.ttft_service_ms));
      expect(Number(q.e2e_queued_ms)).toBeGreaterThanOrEqual(Number(q.e2e_service_ms));
    }
  }, 200_000);

  it("the README's no-config example gives a window that passes window_length", async () => {
    const dir = tempDir();
    const r = await runCli(
      ['run', '--model', 'builtin:tiny', '-n', '20', '--max-output-tokens', '32', ...QUICK, '-o', 'out'],
      { cwd: dir, timeoutMs: 180_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(findFile(join(dir, 'out'), 'result.json'), 'utf8'));
    const check = result.validity.checks.find((c: { id: string }) => c.id === 'window_length');
    expect(check.passed).toBe(true);
    expect(check.threshold).toBe(10);
    expect(result.validity.valid).toBe(true);
    expect(result.timings.window_s).toBeGreaterThanOrEqual(10);
    const s = result.metrics.schedule;
    expect(s.fill_min_window_s).toBe(10);
    expect(s.requests_planned).toBe(20);
    expect(s.requests_total).toBe(20 + s.requests_added);
    expect(result.tokens.requests_ok).toBe(s.requests_total);
    const rows = await readParquet(findFile(join(dir, 'out'), 'requests.parquet'));
    expect(rows).toHaveLength(s.requests_total);
    expect(new Set(rows.map((q) => q.request_id)).size).toBe(rows.length);
    // The summary names both latencies and says how the window was filled.
    const printed = r.stderr;
    expect(printed).toMatch(/TTFT queued\s+p50/);
    expect(printed).toMatch(/TTFT service\s+p50/);
    expect(printed).toMatch(/E2E queued\s+p50/);
    expect(printed).toMatch(
      /schedule\s+batch · \d+ requests \(\+\d+ to fill 10 s\) · [\d.]+ req\/s sent · send error p50/,
    );
  }, 200_000);

  it('--dry-run warns when the planned window is shorter than min_window_s (and not when it is filled)', async () => {
    const args = ['run', '--dry-run', '--model', 'builtin:tiny', '-n', '20', '--max-output-tokens', '32'];
    const filled = await runCli(args);
    expect(filled.code, filled.stderr).toBe(0);
    expect(filled.stdout).not.toMatch(/SHORT_WINDOW/);
    const planned = /window ([\d.]+) s\)/.exec(filled.stdout);
    expect(Number(planned?.[1])).toBeGreaterThanOrEqual(10);
    const plain = await runCli([...args, '--set', 'load.fill_min_window=false']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(
      /warning SHORT_WINDOW: the planned window \(≈ [\d.]+ s\) is shorter than measurement\.energy\.min_window_s \(10 s\)/,
    );
    const json = await runCli([...args, '--set', 'load.fill_min_window=false', '--json']);
    expect(JSON.parse(json.stdout).duration_estimate.warnings[0].code).toBe('SHORT_WINDOW');
  });
});
