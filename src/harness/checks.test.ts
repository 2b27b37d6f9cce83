import { describe, expect, it } from 'vitest';
import { experimentSchema } from '../config/schema.js';
import type { DeviceEnergy, EnergyReading } from '../energy/source.js';
import type { RequestRecord } from '../engines/engine.js';
import { runChecks } from './checks.js';

const config = experimentSchema.parse({ model: 'x', measurement: { energy: { min_window_s: 1 } } });
const request: RequestRecord = {
  id: 0,
  inputTokens: 1,
  outputTokens: 1,
  startMs: 0,
  endMs: 1,
} as RequestRecord;

const device = (device: string, extra: Partial<DeviceEnergy> = {}): DeviceEnergy => ({
  device,
  scope: 'gpu',
  method: 'counter',
  energyJ: 1000,
  uncertaintyJ: 1,
  meanPowerW: 100,
  peakPowerW: 120,
  ...extra,
});

function reading(over: Partial<EnergyReading>): EnergyReading {
  return {
    source: 'nvml',
    scope: 'gpu',
    method: 'counter',
    energyJ: 2000,
    uncertaintyJ: 1,
    uncertaintyBasis: 'test',
    accuracy: { fraction: 0.05, basis: 'test class' },
    durationS: 10,
    devices: [device('gpu0'), device('gpu1')],
    samples: [],
    expectedSamples: 0,
    notes: [],
    ...over,
  };
}

const run = (readings: EnergyReading[], baseline: Record<string, number> | null = null) =>
  runChecks({
    config,
    capabilities: { streaming: true, tokenTimestamps: true, inProcess: true, batching: true },
    windowS: 10,
    readings,
    records: [request],
    baselinePowerW: baseline,
    warmToWindowS: undefined,
    processCpuS: 0,
  });

describe('runChecks: energy validity (SPEC §5)', () => {
  it('other processes on the measured GPUs fail other_processes', () => {
    const checks = run([reading({ otherProcesses: ['pid 4242 (python3) on gpu1, 2048 MiB'] })]);
    const c = checks.find((x) => x.id === 'other_processes:nvml')!;
    expect(c.passed).toBe(false);
    expect(c.detail).toMatch(/pid 4242 \(python3\) on gpu1/);
    expect(run([reading({ otherProcesses: [] })]).find((x) => x.id === 'other_processes:nvml')!.passed).toBe(
      true,
    );
    expect(run([reading({})]).some((x) => x.id.startsWith('other_processes'))).toBe(false);
  });

  it('persistence mode off on any GPU is recorded', () => {
    const r = reading({
      devices: [device('gpu0', { persistenceMode: true }), device('gpu1', { persistenceMode: false })],
    });
    const c = run([r]).find((x) => x.id === 'persistence_mode:nvml')!;
    expect(c.passed).toBe(false);
    expect(c.detail).toMatch(/^gpu1: persistence mode off/);
  });

  it('power range uses idle power and the summed power limits of the devices', () => {
    const limited = (w: number) => [device('gpu0', { powerLimitW: w }), device('gpu1', { powerLimitW: w })];
    const over = run([reading({ devices: limited(80), energyJ: 2000 })], { gpu: 50 });
    expect(over.find((x) => x.id === 'power_range:nvml')).toMatchObject({ passed: false, threshold: 160 });
    const under = run([reading({ devices: limited(700), energyJ: 200 })], { gpu: 50 });
    expect(under.find((x) => x.id === 'power_range:nvml')!.detail).toMatch(/below idle 50\.0 W/);
    const ok = run([reading({ devices: limited(700) })], { gpu: 50 });
    expect(ok.find((x) => x.id === 'power_range:nvml')!.detail).toMatch(/within \[50\.0, 1400\.0\] W/);
  });

  it("power range compares each source's reading with that source's own idle power", () => {
    const limited = [device('gpu0', { powerLimitW: 700 }), device('gpu1', { powerLimitW: 700 })];
    // Two sources of one scope: the scope's idle (their sum, 150 W) is not either source's idle.
    const a = reading({ devices: limited, energyJ: 800 }); // 80 W over 10 s
    const checks = runChecks({
      config,
      capabilities: { streaming: true, tokenTimestamps: true, inProcess: true, batching: true },
      windowS: 10,
      readings: [a],
      records: [request],
      baselinePowerW: { gpu: 150 },
      baselineSourcePowerW: { 'nvml:gpu': 60 },
      warmToWindowS: undefined,
      processCpuS: 0,
    });
    expect(checks.find((x) => x.id === 'power_range:nvml')!.detail).toMatch(/within \[60\.0, 1400\.0\] W/);
    // Without a per-source figure, the scope's idle is used (and 80 W is below 150 W).
    expect(run([a], { gpu: 150 }).find((x) => x.id === 'power_range:nvml')!.detail).toMatch(
      /below idle 150\.0 W/,
    );
  });

  it('counter vs integrated disagreement over 5 % warns per device', () => {
    const r = reading({
      devices: [device('gpu0', { integratedEnergyJ: 1010 }), device('gpu1', { integratedEnergyJ: 1100 })],
    });
    const checks = run([r]);
    expect(checks.find((x) => x.id === 'counter_agreement:nvml:gpu0')!.passed).toBe(true);
    expect(checks.find((x) => x.id === 'counter_agreement:nvml:gpu1')!.passed).toBe(false);
  });

  it('a source with cpu and dram readings gets one check per scope', () => {
    const rapl = (scope: 'cpu' | 'dram') =>
      reading({
        source: 'rapl',
        scope,
        devices: [device(`${scope}-0`, { scope })],
        energyJ: 1000,
        expectedSamples: 10,
      });
    const ids = run([rapl('cpu'), rapl('dram')], { cpu: 10, dram: 5 }).map((c) => c.id);
    expect(ids).toContain('telemetry_coverage:rapl:cpu');
    expect(ids).toContain('power_range:rapl:dram');
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('runChecks: CPU contention and a flat estimate', () => {
  const share = (other: number) => ({
    own_fraction: 0.2,
    machine_fraction: 0.2 + other,
    other_fraction: other,
    own_cpu_s: 4,
    machine_cpu_s: 4 + 20 * other,
    capacity_cpu_s: 20,
    online_cpus: 2,
    processes: 1,
  });
  const estimate = (over: Partial<EnergyReading> = {}) =>
    reading({ source: 'estimate', scope: 'estimate', method: 'estimate', devices: [], ...over });
  const withBaseline = (readings: EnergyReading[], baselineOther: number | null, threshold?: number) =>
    runChecks({
      config:
        threshold === undefined
          ? config
          : experimentSchema.parse({
              model: 'x',
              measurement: { energy: { min_window_s: 1, cpu_contention_threshold: threshold } },
            }),
      capabilities: { streaming: true, tokenTimestamps: true, inProcess: true, batching: true },
      windowS: 10,
      readings,
      records: [request],
      baselinePowerW: { estimate: 190 },
      baselineCpuShare:
        baselineOther === null
          ? null
          : {
              own_fraction: 0,
              machine_fraction: baselineOther,
              other_fraction: baselineOther,
              own_cpu_s: 0,
              machine_cpu_s: 1,
              capacity_cpu_s: 10,
              online_cpus: 2,
              processes: 1,
            },
      warmToWindowS: undefined,
      processCpuS: 0,
    });

  it('fails cpu_contention (error) when others used more than the default 10 % in the window', () => {
    const checks = withBaseline([estimate({ cpuShare: share(0.45) })], 0.01);
    const c = checks.find((x) => x.id === 'cpu_contention')!;
    expect(c).toMatchObject({ passed: false, severity: 'error', value: 0.45, threshold: 0.1 });
    expect(c.detail).toMatch(/during the window.*cpu_contention_threshold/);
  });
  it('fails it for a busy baseline too, and passes a quiet run', () => {
    const busyBaseline = withBaseline([estimate({ cpuShare: share(0.02) })], 0.3).find(
      (x) => x.id === 'cpu_contention',
    )!;
    expect(busyBaseline).toMatchObject({ passed: false, value: 0.3 });
    expect(busyBaseline.detail).toMatch(/during the baseline/);
    const quiet = withBaseline([estimate({ cpuShare: share(0.02) })], 0.01).find(
      (x) => x.id === 'cpu_contention',
    )!;
    expect(quiet).toMatchObject({ passed: true, severity: 'error' });
  });
  it('takes the threshold from the config, and is absent when no source looked', () => {
    const c = withBaseline([estimate({ cpuShare: share(0.45) })], null, 0.5).find(
      (x) => x.id === 'cpu_contention',
    )!;
    expect(c).toMatchObject({ passed: true, threshold: 0.5 });
    expect(withBaseline([estimate()], null).some((x) => x.id === 'cpu_contention')).toBe(false);
  });
  it('says when the estimate hardly moved from its baseline: energy then tracks throughput only', () => {
    // 2000 J over 10 s = 200 W against a 190 W baseline: 5.3 % apart, not flat.
    const moved = withBaseline([estimate()], null).find((x) => x.id === 'estimate_power_flat:estimate')!;
    expect(moved).toMatchObject({ passed: true, severity: 'info' });
    const flat = withBaseline([estimate({ energyJ: 1920 })], null).find(
      (x) => x.id === 'estimate_power_flat:estimate',
    )!;
    expect(flat).toMatchObject({ passed: false, severity: 'info' });
    expect(flat.detail).toMatch(/throughput \(duration\) only/);
    expect(withBaseline([reading({})], null).some((x) => x.id.startsWith('estimate_power_flat'))).toBe(false);
  });
});
