import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import type { EnergyReading } from '../source.js';
import { codecarbonCpuPowerW, codecarbonDimmCount, codecarbonRamPowerW } from './codecarbon.js';
import type { EstimateMode } from './estimate-model.js';
import { createEstimateSource } from './estimate-source.js';

const FIX = join(import.meta.dirname, 'fixtures');
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

/** A proc root: this machine's frozen /proc files plus the fixture process tree (before). */
async function procRoot(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llem-proc-'));
  temps.push(dir);
  await cp(join(FIX, 'epyc-vm'), dir, { recursive: true });
  await cp(join(FIX, 'proc-tree/before'), dir, { recursive: true });
  return dir;
}

/**
 * Runs one window over the fixtures: the first poll reads the idle snapshot and the tree
 * "before", the final poll (at stop) the busy snapshot and the tree "after" (own 0.40, machine
 * 0.725, other 0.325 of the CPU time).
 */
async function window(mode: EstimateMode): Promise<{ r: EnergyReading; info: Record<string, number> }> {
  const root = await procRoot();
  const src = createEstimateSource({ procRoot: root, dramWPerGib: 0.375, mode, pid: 4242 });
  const probe = await src.probe();
  expect(probe.available).toBe(true);
  const info = { ...probe.devices[0]!.info, dram_w: probe.devices[1]!.info!.power_w } as Record<
    string,
    number
  >;
  const session = await src.start({ sampleIntervalMs: 60_000, clock: systemClock });
  await cp(join(FIX, 'epyc-vm/stat.busy'), join(root, 'stat'));
  await cp(join(FIX, 'proc-tree/after'), root, { recursive: true });
  await new Promise((r) => setTimeout(r, 20));
  const r = (await session.stop())[0]!;
  return { r, info };
}

const cpuMeanW = (r: EnergyReading) => r.devices.find((d) => d.device === 'cpu')!.meanPowerW;

describe('estimate modes (fixture /proc with a process tree)', () => {
  it('process: only llem’s tree drives the CPU power, and the share is recorded', async () => {
    const { r, info } = await window('process');
    expect(r.mode).toBe('process');
    expect(cpuMeanW(r)).toBeCloseTo(info.idle_w! + 0.4 * (info.busy_w! - info.idle_w!), 9);
    expect(r.cpuShare).toMatchObject({ online_cpus: 2, processes: 3, own_cpu_s: 0.8, machine_cpu_s: 1.45 });
    expect(r.cpuShare!.own_fraction).toBeCloseTo(0.4, 12);
    expect(r.cpuShare!.other_fraction).toBeCloseTo(0.325, 12);
  });
  it('machine: every process drives it; the share is recorded all the same', async () => {
    const { r, info } = await window('machine');
    expect(r.mode).toBe('machine');
    expect(cpuMeanW(r)).toBeCloseTo(info.idle_w! + 0.725 * (info.busy_w! - info.idle_w!), 9);
    expect(r.cpuShare!.other_fraction).toBeCloseTo(0.325, 12);
  });
  it('codecarbon: TDP × (0.1 + 0.9 load³) on the whole package, RAM from the DIMM model', async () => {
    const { r, info } = await window('codecarbon');
    // CodeCarbon does not scale a VM's TDP: the whole EPYC 9654 package (360 W), 1 socket.
    expect(info.codecarbon_tdp_w).toBe(360);
    expect(cpuMeanW(r)).toBeCloseTo(360 * (0.1 + 0.9 * 0.725 ** 3), 9);
    // 23.5 GiB → 4 DIMMs × 5 W.
    expect(info.dram_w).toBe(20);
    expect(r.devices.find((d) => d.device === 'dram')!.meanPowerW).toBe(20);
  });
  it('process mode is unavailable, with the fix, when llem’s own /proc/<pid>/stat cannot be read', async () => {
    const root = await procRoot();
    const p = await createEstimateSource({ procRoot: root, dramWPerGib: 0.375, pid: 77 }).probe();
    expect(p.available).toBe(false);
    expect(p.reason).toContain(join(root, '77', 'stat'));
    expect(p.reason).toMatch(/estimate_mode: machine/);
    expect(
      (await createEstimateSource({ procRoot: root, dramWPerGib: 0.375, mode: 'machine', pid: 77 }).probe())
        .available,
    ).toBe(true);
  });
});

describe('CodeCarbon 3.x constants', () => {
  it('CPU: 10 % of TDP at idle, cubic in load, full TDP at 100 %', () => {
    expect(codecarbonCpuPowerW(100, 0)).toBe(10);
    expect(codecarbonCpuPowerW(100, 0.5)).toBeCloseTo(21.25, 12);
    expect(codecarbonCpuPowerW(100, 1)).toBe(100);
    expect(codecarbonCpuPowerW(100, 2)).toBe(100);
  });
  it('RAM: DIMM count by size, 5 W each on x86 with tapering above 4, at least 10 W', () => {
    expect([1, 4, 16, 24, 64, 100, 256, 1024, 8192].map(codecarbonDimmCount)).toEqual([
      1, 2, 2, 4, 4, 8, 8, 8, 32,
    ]);
    expect(codecarbonRamPowerW(1, false)).toBe(10);
    expect(codecarbonRamPowerW(24, false)).toBe(20);
    expect(codecarbonRamPowerW(100, false)).toBeCloseTo(20 + 4 * 4.5, 12);
    expect(codecarbonRamPowerW(8192, false)).toBeCloseTo(20 + 18 + 8 * 4 + 16 * 3.5, 12);
    expect(codecarbonRamPowerW(1, true)).toBe(3);
  });
});

describe('estimate modes on the real /proc', () => {
  it('process mode does not count another process’s load; machine mode does', async () => {
    // The tree root is an idle `sleep`; this test process burns a CPU outside that tree.
    const sleeper = spawn('sleep', ['30']);
    try {
      const pid = sleeper.pid!;
      const run = async (mode: EstimateMode) => {
        const src = createEstimateSource({ dramWPerGib: 0.375, mode, pid });
        const session = await src.start({ sampleIntervalMs: 100, clock: systemClock });
        const until = Date.now() + 400;
        while (Date.now() < until) {
          // busy outside the measured tree
        }
        return (await session.stop())[0]!;
      };
      const proc = await run('process');
      const machine = await run('machine');
      expect(proc.cpuShare!.own_cpu_s).toBeLessThan(0.05);
      expect(proc.cpuShare!.other_fraction).toBeGreaterThan(0.2 / proc.cpuShare!.online_cpus);
      const info = (await createEstimateSource({ dramWPerGib: 0.375, mode: 'machine' }).probe()).devices[0]!
        .info as { idle_w: number; busy_w: number };
      const oneCpuW = (info.busy_w - info.idle_w) / proc.cpuShare!.online_cpus;
      expect(cpuMeanW(proc)).toBeLessThan(info.idle_w + 0.1 * oneCpuW);
      expect(cpuMeanW(machine)).toBeGreaterThan(info.idle_w + 0.5 * oneCpuW);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
