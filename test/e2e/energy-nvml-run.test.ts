import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compileFakeNvml,
  readEnergyLog,
  type Trace,
  traceIntegral,
  traceText,
  writeFakeScript,
} from '../fixtures/fake-nvml/fake-nvml.js';
import { cliEnv, runCli, tempDir } from '../helpers/cli.js';

function findFiles(dir: string, name: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((p) => p.endsWith(name))
    .map((p) => join(dir, p));
}

// Two stand-in GPUs: a slow ramp and a gentle saw, so counter and integrated power agree.
const GPU0: Trace = [
  [0, 120],
  [20, 420],
];
const GPU1: Trace = [
  [0, 80],
  [1, 110],
  [2, 85],
  [3, 115],
  [20, 90],
];

describe('llem run on two stand-in GPUs (built CLI, real koffi binding, tiny model)', () => {
  it('reports per-device energy equal to the scripted integral over the window, within the stated uncertainty', async () => {
    const dir = tempDir();
    const log = join(dir, 'nvml.log');
    const script = writeFakeScript(
      `count 2\nname * NVIDIA H200\npower_limit_mw * 700000\npower 0 ${traceText(GPU0)}\npower 1 ${traceText(GPU1)}\ntemperature * 0:45 20:70\nprocesses 0 self\n`,
    );
    writeFileSync(
      join(dir, 'exp.yaml'),
      `model: builtin:tiny
dataset: { n_prompts: 8 }
max_output_tokens: 24
fixed_output_length: true
measurement:
  warmup: { n_warmup: 1, thermal_floor_s: 0 }
  baseline: { enabled: false }
  energy: { min_window_s: 0, sample_interval_ms: 20, cpu_contention_threshold: 1 }
llamacpp: { threads: 1, sequences: 2 }
`,
    );
    const env = cliEnv({
      LLEM_NVML_LIB: compileFakeNvml(),
      LLEM_FAKE_NVML_SCRIPT: script,
      LLEM_FAKE_NVML_LOG: log,
    });
    const r = await runCli(['run', 'exp.yaml', '-o', 'out'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(findFiles(join(dir, 'out'), 'result.json')[0]!, 'utf8'));
    expect(result.status).toBe('ok');
    expect(result.energy.chosen).toEqual(['nvml', 'estimate']);
    expect(result.metrics.energy_scope).toBe('gpu');
    const gpu = result.energy.sources.find((s: { source: string }) => s.source === 'nvml');
    expect(gpu.method).toBe('counter');
    // The window's counter reads are the last two per device in the stand-in's log.
    const reads = readEnergyLog(log);
    for (const [slot, trace] of [GPU0, GPU1].entries()) {
      const [a, b] = reads.filter((x) => x.device === slot && x.rc === 0).slice(-2);
      const truth = traceIntegral(trace, a!.tS, b!.tS);
      const d = gpu.devices[slot];
      expect(d.device).toBe(`gpu${slot}`);
      expect(Math.abs(d.energy_j - truth), `gpu${slot}: ${d.energy_j} J vs ${truth} J`).toBeLessThanOrEqual(
        d.uncertainty_j,
      );
      expect(Math.abs(d.energy_j - truth)).toBeLessThan(0.002);
    }
    expect(gpu.energy_j).toBeCloseTo(gpu.devices[0].energy_j + gpu.devices[1].energy_j, 9);
    const scope = result.energy.scopes.find((s: { scope: string }) => s.scope === 'gpu');
    expect(scope.uncertainty_j).toBeCloseTo(gpu.uncertainty_j, 9);
    const ids = result.validity.checks.map((c: { id: string }) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'counter_agreement:nvml:gpu0',
        'counter_agreement:nvml:gpu1',
        'other_processes:nvml',
        'persistence_mode:nvml',
        'throttling:nvml',
      ]),
    );
    expect(result.validity.checks.find((c: { id: string }) => c.id === 'other_processes:nvml').passed).toBe(
      true,
    );
    const gpus = result.environment.gpus;
    expect(gpus.map((g: { id: string }) => g.id)).toEqual(['gpu0', 'gpu1']);
    expect(gpus[0]).toMatchObject({
      name: 'NVIDIA H200',
      power_limit_w: 700,
      persistence_mode: true,
      driver_version: '550.54.15',
      cuda_driver_version: '12.4',
    });
    expect(r.stderr).toMatch(/by device\n\s+nvml gpu0\s+\d+\.\d+ ± \d+\.\d+ J .*counter · integrated/);
  });
});
