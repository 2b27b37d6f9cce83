import { describe, expect, it } from 'vitest';
import type { CpuInfo } from './cpu-info.js';
import {
  buildEstimateModel,
  cpuPowerW,
  GENERIC_TDP_W_PER_THREAD,
  IDLE_FRACTION_OF_TDP,
} from './estimate-model.js';

const thisVm: CpuInfo = {
  modelName: 'AMD EPYC',
  vendor: 'AuthenticAMD',
  family: 25,
  model: 17,
  stepping: 1,
  sockets: 1,
  physicalCores: 2,
  threads: 2,
  virtualised: true,
};
const xeon = (sockets: number, cores: number, threads: number, virtualised = false): CpuInfo => ({
  modelName: 'Intel(R) Xeon(R) Platinum 8280 CPU @ 2.70GHz',
  sockets,
  physicalCores: cores,
  threads,
  virtualised,
});
const GIB = 2 ** 30;

describe('buildEstimateModel', () => {
  it('scales the package TDP to the share a VM sees (this machine: 2 of 192 Genoa threads)', () => {
    const m = buildEstimateModel({
      cpu: thisVm,
      onlineCpus: 2,
      memTotalBytes: 24684084 * 1024,
      dramWPerGib: 0.375,
    });
    expect(m.tdpSource).toBe('generation');
    expect(m.busyW).toBeCloseTo((360 * 2) / 192, 12);
    expect(m.idleW).toBeCloseTo(IDLE_FRACTION_OF_TDP * m.busyW, 12);
    expect(m.dramW).toBeCloseTo((0.375 * 24684084 * 1024) / GIB, 9);
    expect(m.explanation).toMatch(/EPYC 9654/);
    expect(m.notes.join(' ')).toMatch(/assumed/);
  });

  it('counts whole packages on bare metal, with SMT on or off', () => {
    const on = buildEstimateModel({ cpu: xeon(2, 56, 112), onlineCpus: 112, dramWPerGib: 0 });
    expect(on.tdpSource).toBe('table');
    expect(on.busyW).toBe(410);
    const off = buildEstimateModel({ cpu: xeon(2, 56, 56), onlineCpus: 56, dramWPerGib: 0 });
    expect(off.busyW).toBe(410);
  });

  it('gives a VM of 8 Cascade Lake vCPUs 8/56 of the package', () => {
    const m = buildEstimateModel({ cpu: xeon(1, 8, 8, true), onlineCpus: 8, dramWPerGib: 0 });
    expect(m.busyW).toBeCloseTo((205 * 8) / 56, 12);
  });

  it('lets cpu_tdp_w override the table but keeps the thread scaling', () => {
    const m = buildEstimateModel({ cpu: thisVm, onlineCpus: 2, cpuTdpW: 192, dramWPerGib: 0 });
    expect(m.tdpSource).toBe('override');
    expect(m.busyW).toBeCloseTo(2, 12);
  });

  it('uses the generic per-thread figure for an unknown CPU and says how to fix it', () => {
    const cpu: CpuInfo = {
      modelName: 'Mystery CPU 9000',
      sockets: 1,
      physicalCores: 4,
      threads: 8,
      virtualised: false,
    };
    const m = buildEstimateModel({ cpu, onlineCpus: 8, dramWPerGib: 0.375 });
    expect(m.tdpSource).toBe('generic');
    expect(m.busyW).toBe(GENERIC_TDP_W_PER_THREAD * 8);
    expect(m.notes.join(' ')).toMatch(/not in the TDP table.*cpu_tdp_w/);
    expect(m.notes.join(' ')).toMatch(/MemTotal unknown/);
    expect(m.dramW).toBe(0);
  });

  it('applies an override per socket for an unknown CPU, and ignores a non-positive override', () => {
    const cpu: CpuInfo = {
      modelName: 'Mystery CPU 9000',
      sockets: 2,
      physicalCores: 8,
      threads: 16,
      virtualised: false,
    };
    expect(buildEstimateModel({ cpu, onlineCpus: 16, cpuTdpW: 100, dramWPerGib: 0 }).busyW).toBe(200);
    const bad = buildEstimateModel({ cpu, onlineCpus: 16, cpuTdpW: -5, dramWPerGib: 0 });
    expect(bad.tdpSource).toBe('generic');
    expect(bad.notes.join(' ')).toMatch(/ignored/);
  });
});

describe('cpuPowerW', () => {
  it('is linear from idle at 0 to busy at 1, clamped outside', () => {
    const m = buildEstimateModel({ cpu: xeon(2, 56, 112), onlineCpus: 112, dramWPerGib: 0 });
    expect(cpuPowerW(m, 0)).toBe(m.idleW);
    expect(cpuPowerW(m, 1)).toBe(m.busyW);
    expect(cpuPowerW(m, 0.5)).toBeCloseTo((m.idleW + m.busyW) / 2, 12);
    expect(cpuPowerW(m, 2)).toBe(m.busyW);
    expect(cpuPowerW(m, -1)).toBe(m.idleW);
  });
});
