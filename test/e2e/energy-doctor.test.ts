import { describe, expect, it } from 'vitest';
import { compileFakeNvml, writeFakeScript } from '../fixtures/fake-nvml/fake-nvml.js';
import { cliEnv, runCli } from '../helpers/cli.js';

interface SourceReport {
  source: string;
  available: boolean;
  reason: string;
  auto: { chosen: boolean; reason: string };
  devices: { id: string; name: string; scope: string; info?: Record<string, unknown> }[];
}

const sourceOf = (report: { energy_sources: SourceReport[] }, name: string) =>
  report.energy_sources.find((s) => s.source === name)!;

describe('llem doctor: energy sources (built CLI)', () => {
  it('on this machine: nvml, rapl and amdgpu unavailable with reasons, estimate available and chosen', async () => {
    const r = await runCli(['doctor', '--json'], { env: cliEnv() });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.auto_order).toEqual(['nvml', 'rapl', 'amdgpu', 'command', 'estimate']);
    for (const name of ['nvml', 'rapl', 'amdgpu', 'command']) {
      const s = sourceOf(report, name);
      expect(s.available, name).toBe(false);
      expect(s.reason.length, name).toBeGreaterThan(20);
    }
    expect(sourceOf(report, 'nvml').reason).toMatch(/libnvidia-ml\.so\.1.*Fix: install the NVIDIA driver/);
    expect(sourceOf(report, 'rapl').reason).toMatch(/powercap/);
    expect(sourceOf(report, 'amdgpu').reason).toMatch(/drm|AMD/);
    expect(sourceOf(report, 'command').reason).toMatch(/measurement\.energy\.command/);
    expect(sourceOf(report, 'estimate')).toMatchObject({ available: true, auto: { chosen: true } });
    expect(report.auto_chosen).toEqual(['estimate']);

    const text = await runCli(['doctor'], { env: cliEnv() });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/✗ nvml \(gpu\) — cannot load libnvidia-ml\.so\.1/);
    expect(text.stdout).toMatch(/✗ rapl \(cpu, dram\) — /);
    expect(text.stdout).toMatch(/✓ estimate \(estimate\) \[auto uses it\]/);
    expect(text.stdout).toMatch(/auto measures with: estimate/);
  });

  it('with LLEM_NVML_LIB pointing at the stand-in, nvml is available with its devices', async () => {
    const script = writeFakeScript(
      'count 2\nname * NVIDIA H200\nuuid 1 GPU-bbbbbbbb-0000-0000-0000-000000000001\npower_limit_mw * 700000\npersistence 1 0\nfail 1 nvmlDeviceGetTotalEnergyConsumption 3\n',
    );
    const env = cliEnv({ LLEM_NVML_LIB: compileFakeNvml(), LLEM_FAKE_NVML_SCRIPT: script });
    const r = await runCli(['doctor', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const nvml = sourceOf(report, 'nvml');
    expect(nvml.available).toBe(true);
    expect(nvml.auto.chosen).toBe(true);
    expect(nvml.devices.map((d) => [d.id, d.name, d.scope])).toEqual([
      ['gpu0', 'NVIDIA H200', 'gpu'],
      ['gpu1', 'NVIDIA H200', 'gpu'],
    ]);
    expect(nvml.devices[1]!.info).toMatchObject({
      uuid: 'GPU-bbbbbbbb-0000-0000-0000-000000000001',
      power_limit_w: 700,
      persistence_mode: false,
      energy_counter: false,
      method: 'integrated',
      driver_version: '550.54.15',
      cuda_driver_version: '12.4',
      compute_capability: '9.0',
    });
    expect(report.auto_chosen).toEqual(['nvml', 'estimate']);
    const text = await runCli(['doctor'], { env });
    expect(text.stdout).toMatch(
      /✓ nvml \(gpu\) \[auto uses it\] — NVML via .*driver 550\.54\.15, CUDA 12\.4/,
    );
    expect(text.stdout).toMatch(
      /gpu1: NVIDIA H200 \[gpu\] · GPU-bbbbbbbb-.* · method integrated · limit 700 W · persistence off · sm 9\.0/,
    );
  });
});
