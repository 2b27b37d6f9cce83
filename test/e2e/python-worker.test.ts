import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { readRecord } from '../helpers/record-invariants.js';

// The built CLI against a misbehaving worker (a real Python stand-in used as the interpreter):
// every misbehaviour ends as a failed record with a clear, typed error, and the run exits 1 —
// never a hang. No engine is needed, only python3.
const FAKE = join(ROOT, 'test', 'fixtures', 'python', 'fake-worker.py');

const CONFIG = `model: .
engine: transformers
dataset: { n_prompts: 3 }
max_output_tokens: 4
measurement:
  warmup: { enabled: false, thermal_floor_s: 0 }
  baseline: { enabled: false }
  energy: { min_window_s: 0, cpu_contention_threshold: 1 }
`;

function resultFile(dir: string): string {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === 'result.json') found.push(join(d, e.name));
    }
  };
  walk(dir);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('llem run with a broken Python worker: a failed record, never a hang', () => {
  const cases = [
    { mode: 'garbage', code: 'ERR_WORKER_PROTOCOL', message: /not JSON/ },
    { mode: 'unknown_type', code: 'ERR_WORKER_PROTOCOL', message: /unknown message type "surprise"/ },
    { mode: 'wrong_version', code: 'ERR_WORKER_PROTOCOL', message: /protocol 99, llem speaks 1/ },
    { mode: 'die_in_generate', code: 'ERR_ENGINE_FAILED', message: /killed by SIGKILL.*dying mid-generate/ },
    { mode: 'hang_in_generate', code: 'ERR_ENGINE_FAILED', message: /stalled: no message for/ },
  ];
  for (const c of cases) {
    it(`${c.mode} → ${c.code}`, async () => {
      const dir = tempDir('llem-pyfail-');
      writeFileSync(join(dir, 'exp.yaml'), CONFIG);
      const env = cliEnv({ LLEM_PYTHON: FAKE, FAKE_WORKER_MODE: c.mode, LLEM_WORKER_STALL_TIMEOUT_S: '2' });
      const r = await runCli(['run', 'exp.yaml', '-o', 'out', '--plain'], {
        cwd: dir,
        env,
        timeoutMs: 60_000,
      });
      expect(r.signal).toBeNull();
      expect(r.code, r.stderr).toBe(1);
      const record = readRecord(resultFile(join(dir, 'out')));
      expect(record.status).toBe('failed');
      expect(record.error.code).toBe(c.code);
      expect(record.error.message).toMatch(c.message);
    });
  }
});
