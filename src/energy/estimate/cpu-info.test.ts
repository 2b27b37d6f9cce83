import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCpuInfo, parseMemTotalBytes } from './cpu-info.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

/** A bare-metal /proc/cpuinfo with the given topology (x86 layout). */
function syntheticCpuInfo(
  model: string,
  sockets: number,
  cores: number,
  threadsPerCore: number,
  vm = false,
): string {
  const blocks: string[] = [];
  let n = 0;
  for (let t = 0; t < threadsPerCore; t++) {
    for (let s = 0; s < sockets; s++) {
      for (let c = 0; c < cores; c++) {
        blocks.push(
          [
            `processor\t: ${n++}`,
            'vendor_id\t: GenuineIntel',
            'cpu family\t: 6',
            'model\t\t: 85',
            `model name\t: ${model}`,
            'stepping\t: 7',
            `physical id\t: ${s}`,
            `siblings\t: ${cores * threadsPerCore}`,
            `core id\t\t: ${c}`,
            `cpu cores\t: ${cores}`,
            `flags\t\t: fpu sse2 avx${vm ? ' hypervisor' : ''}`,
          ].join('\n'),
        );
      }
    }
  }
  return `${blocks.join('\n\n')}\n`;
}

describe('parseCpuInfo', () => {
  it('reads this machine (2 vCPU AMD EPYC VM): bare brand name, CPUID, topology, hypervisor flag', () => {
    const c = parseCpuInfo(fixture('epyc-vm/cpuinfo'));
    expect(c).toEqual({
      modelName: 'AMD EPYC',
      vendor: 'AuthenticAMD',
      family: 25,
      model: 17,
      stepping: 1,
      sockets: 1,
      physicalCores: 2,
      threads: 2,
      virtualised: true,
    });
  });

  it('counts sockets, physical cores and threads on a two-socket SMT host', () => {
    const c = parseCpuInfo(syntheticCpuInfo('Intel(R) Xeon(R) Platinum 8280 CPU @ 2.70GHz', 2, 28, 2));
    expect(c.sockets).toBe(2);
    expect(c.physicalCores).toBe(56);
    expect(c.threads).toBe(112);
    expect(c.virtualised).toBe(false);
    expect(c.modelName).toBe('Intel(R) Xeon(R) Platinum 8280 CPU @ 2.70GHz');
  });

  it('names Arm server cores from the implementer and part codes', () => {
    const c = parseCpuInfo(fixture('arm-altra/cpuinfo'));
    expect(c.modelName).toBe('ARM Neoverse-N1');
    expect(c.vendor).toBeUndefined();
    expect(c.threads).toBe(2);
    expect(c.physicalCores).toBe(2);
    expect(c.sockets).toBe(1);
  });

  it('copes with an empty file', () => {
    expect(parseCpuInfo('')).toEqual({ sockets: 1, physicalCores: 0, threads: 0, virtualised: false });
  });
});

describe('parseMemTotalBytes', () => {
  it('reads MemTotal in bytes', () => {
    expect(parseMemTotalBytes(fixture('epyc-vm/meminfo'))).toBe(24684084 * 1024);
    expect(parseMemTotalBytes('MemFree: 1 kB\n')).toBeUndefined();
  });
});
