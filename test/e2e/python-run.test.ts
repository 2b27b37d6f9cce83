import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli.js';
import { external } from '../helpers/external.js';
import { tinyHfModel } from '../helpers/python-model.js';
import { readRecord } from '../helpers/record-invariants.js';

// The built CLI with engine: transformers on CPU, on a tiny random Llama that transformers itself
// writes at test time (no download). One torch thread: the machine is small and shared.
const python = external('LLEM_TEST_PYTHON_TRANSFORMERS', 'a Python environment with torch and transformers');

function find(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name), name) : e.name === name ? [join(dir, e.name)] : [],
  );
}

const shared = (model: string) => `model: ${model}
engine: transformers
dataset: { n_prompts: 4 }
max_input_tokens: 24
max_output_tokens: 6
fixed_output_length: true
measurement:
  warmup: { n_warmup: 1, thermal_floor_s: 0 }
  baseline: { enabled: false }
  energy: { min_window_s: 0, sample_interval_ms: 50, cpu_contention_threshold: 1 }
`;

describe.runIf(python !== undefined)('llem run, engine transformers (CPU, tiny random Llama)', () => {
  const env = () => cliEnv({ LLEM_PYTHON: python!, OMP_NUM_THREADS: '1' });

  it('produces a complete result: tokens, tokens/s, latency, energy, FLOPs from the model config', async () => {
    const dir = tempDir('llem-pyrun-');
    const model = tinyHfModel(python!);
    writeFileSync(join(dir, 'exp.yaml'), `${shared(model)}transformers: { batch_size: 2, dtype: float32 }\n`);
    const dry = await runCli(['run', 'exp.yaml', '--dry-run'], { cwd: dir, env: env() });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Worker: \S*python\S* \S*worker\.py --engine transformers/);

    const r = await runCli(['run', 'exp.yaml', '-o', 'out', '--json'], {
      cwd: dir,
      env: env(),
      timeoutMs: 240_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const [file] = find(join(dir, 'out'), 'result.json');
    const result = readRecord(file!);
    expect(result.status).toBe('ok');
    expect(result.engine.name).toBe('transformers');
    expect(result.engine.version).toMatch(/^\d+\.\d+/);
    expect(result.tokens.output).toBe(4 * 6);
    expect(result.tokens.input).toBeGreaterThan(0);
    expect(result.metrics.output_tokens_per_s).toBeGreaterThan(0);
    expect(result.metrics.energy_j).toBeGreaterThan(0);
    expect(result.metrics.ttft_service.p50_ms).toBeGreaterThan(0);
    expect(result.metrics.itl.p50_ms).toBeGreaterThanOrEqual(0);
    expect(result.metrics.flops.total).toBeGreaterThan(0);
    expect(result.metrics.flops.method).toBe('analytic_forward');
    const log = readFileSync(find(join(dir, 'out'), 'run.log')[0]!, 'utf8');
    expect(log).toMatch(/python worker: .*transformers \d/);
  }, 300_000);

  it('a batch_size × dtype sweep runs as a study, and its report works', async () => {
    const dir = tempDir('llem-pystudy-');
    const model = tinyHfModel(python!);
    writeFileSync(
      join(dir, 'study.yaml'),
      `${shared(model)}sweep:\n  transformers.batch_size: [1, 2]\n  transformers.dtype: [float32, bfloat16]\n`,
    );
    const r = await runCli(
      ['run', 'study.yaml', '-o', 'out', '--cycles', '1', '--no-gaps', '--order', 'sequential', '--plain'],
      {
        cwd: dir,
        env: env(),
        timeoutMs: 600_000,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const results = find(join(dir, 'out'), 'result.json').map(readRecord);
    expect(results).toHaveLength(4);
    expect(results.every((x) => x.status === 'ok')).toBe(true);
    const dtypes = results.map((x) => x.engine.settings?.dtype).sort();
    expect(dtypes).toEqual(['bfloat16', 'bfloat16', 'float32', 'float32']);
    const [studyDir] = readdirSync(join(dir, 'out'));
    const report = await runCli(['report', join(dir, 'out', studyDir!)], { cwd: dir, env: env() });
    expect(report.code, report.stderr).toBe(0);
    expect(find(join(dir, 'out', studyDir!), 'report.md').length).toBe(1);
  }, 660_000);
});
