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
import { readRecord } from '../helpers/record-invariants.js';

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
  baseline: { duration_s: 5, strategy: fresh }
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
    const result = readRecord(findFiles(join(dir, 'out'), 'result.json')[0]!);
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
    // Each term named: the read-out term alone covers the stand-in's exact counter; the sensor's
    // ±5 % class (at least 5 W per GPU) is in the combined figure; comparisons keep the read-out.
    const u = scope.uncertainty;
    expect(u.accuracy_j).toBeGreaterThanOrEqual(0.05 * scope.energy_j);
    expect(u.accuracy_j).toBeGreaterThanOrEqual(5 * 2 * scope.duration_s);
    expect(scope.uncertainty_j).toBeGreaterThanOrEqual(u.accuracy_j);
    expect(u.comparative_j).toBe(u.readout_j);
    expect(u.accuracy_basis).toMatch(/NVML .*±5 %/);
    // Energy, duration and mean power of the scope come from the sources' own interval.
    expect(scope.mean_power_w * scope.duration_s).toBeCloseTo(scope.energy_j, 6);
    expect(scope.duration_s).toBe(gpu.duration_s);
    // Adjusted energy with its uncertainty, from a fresh 5 s baseline on the same stand-in.
    expect(result.baseline.power_w.gpu).toBeGreaterThan(0);
    expect(result.baseline.power_drift_w.gpu).toBeGreaterThan(0); // gpu0 ramps during the baseline
    expect(scope.adjusted_energy_j).toBeCloseTo(
      Math.max(0, scope.energy_j - result.baseline.power_w.gpu * scope.duration_s),
      6,
    );
    const adj = scope.adjusted_uncertainty;
    expect(adj.readout_basis).toMatch(/idle power ±.*idle drift during the baseline/);
    expect(adj.readout_j).toBeGreaterThanOrEqual(result.baseline.power_drift_w.gpu * scope.duration_s);
    expect(result.metrics.adjusted_energy_j).toBe(scope.adjusted_energy_j);
    expect(result.metrics.adjusted_energy_uncertainty_j).toBe(adj.combined_j);
    expect(result.metrics.adjusted_j_per_output_token_uncertainty).toBeCloseTo(
      adj.combined_j / result.tokens.output,
      12,
    );
    // Peak GPU memory comes from NVML's polled memory use (the stand-in's default: 1 GiB used per GPU).
    expect(result.metrics.memory.peak_gpu_memory_bytes).toBe(2 * 2 ** 30);
    expect(result.metrics.load_energy_j).toBe(
      result.energy.load_scopes.find((s: { scope: string }) => s.scope === 'gpu').energy_j,
    );
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

  it('takes the baseline after the load, holds the thermal floor at 2 in flight, and records a plateau verdict per device', async () => {
    const dir = tempDir();
    // Times restart with each measurement session (the stand-in re-initialises): in the warm phase
    // gpu0 is level at 60 °C after 2 s, gpu1 keeps heating at 0.5 °C/s.
    const script = writeFakeScript(
      'count 2\nname * NVIDIA H200\npower_limit_mw * 700000\npower * 0:100\ntemperature 0 0:59 2:60\ntemperature 1 0:40 200:140\nprocesses * self\n',
    );
    writeFileSync(
      join(dir, 'exp.yaml'),
      `model: builtin:tiny
dataset: { n_prompts: 4 }
max_output_tokens: 16
measurement:
  warmup: { n_warmup: 2, thermal_floor_s: 12 }
  baseline: { enabled: true, strategy: fresh, duration_s: 5 }
  energy: { min_window_s: 0, sample_interval_ms: 50, cpu_contention_threshold: 1 }
llamacpp: { threads: 1, sequences: 2 }
`,
    );
    const env = cliEnv({ LLEM_NVML_LIB: compileFakeNvml(), LLEM_FAKE_NVML_SCRIPT: script });
    const r = await runCli(['run', 'exp.yaml', '-o', 'out'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const [resultPath] = findFiles(join(dir, 'out'), 'result.json');
    const result = JSON.parse(readFileSync(resultPath!, 'utf8'));
    // Phase order (SPEC §5): the idle baseline is taken with the model resident.
    const phases = [...readFileSync(join(resultPath!, '..', 'run.log'), 'utf8').matchAll(/phase (\w+)/g)].map(
      (m) => m[1],
    );
    expect(phases).toEqual(['load', 'baseline', 'warmup', 'thermal_floor', 'window', 'record']);
    expect(result.warmup).toMatchObject({ mode: 'fixed', concurrency: 2, requests: 2 });
    expect(result.thermal_floor).toMatchObject({ applied: true, concurrency: 2, configured_s: 12 });
    expect(result.thermal_floor.plateau).toMatchObject({ reached: false, device: 'gpu1', threshold_c: 1 });
    expect(result.thermal_floor.plateau.rise_c).toBeGreaterThan(2);
    const plateau = result.validity.checks.find((c: { id: string }) => c.id === 'thermal_plateau');
    expect(plateau).toMatchObject({ passed: false, severity: 'warning' });
    expect(plateau.detail).toMatch(/gpu1.*still heating/);
    expect(result.validity.checks.find((c: { id: string }) => c.id === 'thermal_floor')).toMatchObject({
      passed: false, // 12 s is under 30 s
      severity: 'warning',
    });
  }, 120_000);
});
