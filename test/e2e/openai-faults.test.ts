import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { fakeServerCommand } from '../helpers/openai-server.js';

// A study of faulty servers through the built CLI: a server that never becomes ready, one that
// dies mid-run, and one whose requests fail in every way, beside a healthy one. Each fault is a
// clear per-run (failed record) or per-request error; the study goes on and every run is written.

function findAll(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name === name)
    .map((e) => join(e.parentPath, e.name));
}

describe('openai engine faults in a study (built CLI, loopback test server)', () => {
  it('never ready and dies mid-run are failed runs with log lines; request faults are per-request errors; the study continues', async () => {
    const dir = tempDir();
    const prompts = ['fine one', '#reset', '#malformed', '#500', '#stall', 'fine two'];
    writeFileSync(
      join(dir, 'faulty.jsonl'),
      `${prompts.map((prompt) => JSON.stringify({ prompt })).join('\n')}\n`,
    );
    const cmd = (flags: string[]) => JSON.stringify(fakeServerCommand(flags));
    writeFileSync(
      join(dir, 'study.yaml'),
      `model: fake-model
engine: openai
max_output_tokens: 6
load: { mode: concurrency, concurrency: 2, fill_min_window: false }
measurement:
  warmup: { enabled: false, thermal_floor_s: 0 }
  baseline: { enabled: false }
  energy: { min_window_s: 0, cpu_contention_threshold: 1 }
execution: { order: sequential }
experiments:
  - name: never-ready
    dataset: { n_prompts: 2 }
    openai: { launch: { command: ${cmd(['--never-ready'])}, ready_timeout_s: 1 } }
  - name: dies
    dataset: { n_prompts: 6 }
    openai: { launch: { command: ${cmd(['--usage', '--token-delay-ms', '20', '--exit-after-requests', '3'])} } }
  - name: faulty-requests
    dataset: { source: faulty.jsonl, n_prompts: 6 }
    openai: { launch: { command: ${cmd(['--usage'])} }, stall_timeout_s: 0.5, max_retries: 0 }
  - name: healthy
    dataset: { n_prompts: 3 }
    openai: { launch: { command: ${cmd(['--usage'])} } }
`,
    );
    const r = await runCli(['run', 'study.yaml', '--no-gaps', '--cycles', '1', '--json', '-o', 'out'], {
      cwd: dir,
      timeoutMs: 240_000,
    });
    // Failed runs make the study exit 1, after every run was measured and written.
    expect(r.code, r.stderr).toBe(1);
    const results = Object.fromEntries(
      findAll(join(dir, 'out'), 'result.json').map((f) => {
        const x = JSON.parse(readFileSync(f, 'utf8'));
        return [x.name, { ...x, dir: join(f, '..') }];
      }),
    );
    expect(Object.keys(results).sort()).toEqual(['dies', 'faulty-requests', 'healthy', 'never-ready']);

    const never = results['never-ready'];
    expect(never.status).toBe('failed');
    expect(never.error).toMatchObject({ code: 'ERR_ENGINE_FAILED', phase: 'load' });
    expect(never.error.message).toMatch(/not ready within 1 s .*; last log lines:\nfake server: listening/);

    const dies = results.dies;
    expect(dies.status).toBe('failed');
    expect(dies.error).toMatchObject({ code: 'ERR_ENGINE_FAILED', phase: 'window' });
    expect(dies.error.message).toMatch(
      /the server exited during the run \(\d of 6 requests finished\) \(code 3\)/,
    );
    expect(dies.error.message).toMatch(/dying after 3 requests/);
    expect(readFileSync(join(dies.dir, 'run.log'), 'utf8')).toMatch(/server: exited \(code 3\)/);

    const faulty = results['faulty-requests'];
    expect(faulty.status).toBe('ok');
    expect(faulty.tokens).toMatchObject({ requests_ok: 2, requests_failed: 4 });
    const check = faulty.validity.checks.find((c: { id: string }) => c.id === 'failed_requests');
    expect(check).toMatchObject({ passed: false, value: 4 });
    const buf = readFileSync(join(faulty.dir, 'requests.parquet'));
    const rows = await parquetReadObjects({
      file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
    });
    expect(rows).toHaveLength(6);
    const errors = rows.map((q) => q.error).filter(Boolean);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^(connection error|connection closed mid-stream) (after 2 tokens|before the first token)/,
        ),
        expect.stringMatching(/^malformed SSE data \(not JSON\)/),
        expect.stringMatching(/^HTTP 500 Internal Server Error/),
        expect.stringMatching(/^stalled after 2 tokens/),
      ]),
    );

    expect(results.healthy.status).toBe('ok');
    expect(results.healthy.tokens).toMatchObject({ requests_ok: 3, requests_failed: 0, output: 18 });
    const manifest = JSON.parse(readFileSync(findAll(join(dir, 'out'), 'manifest.json')[0]!, 'utf8'));
    expect(JSON.stringify(manifest)).not.toMatch(/"status":"(pending|running)"/);
  });
});
