import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCpuInfo } from './cpu-info.js';
import { CPU_TABLE, lookupCpu, normaliseCpuName } from './tdp-table.js';

describe('normaliseCpuName', () => {
  it('drops trademarks, clock suffixes and filler words', () => {
    expect(normaliseCpuName('Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz')).toBe('intel xeon gold 6248r');
    expect(normaliseCpuName('AMD EPYC 7763 64-Core Processor')).toBe('amd epyc 7763 64-core');
    expect(normaliseCpuName('13th Gen Intel(R) Core(TM) i9-13900K')).toBe('13th gen intel core i9-13900k');
  });
});

describe('lookupCpu', () => {
  it("knows this machine's CPU: a bare 'AMD EPYC' of family 25 model 17 is Genoa, assumed EPYC 9654", () => {
    const c = parseCpuInfo(readFileSync(join(import.meta.dirname, 'fixtures/epyc-vm/cpuinfo'), 'utf8'));
    const m = lookupCpu(c.modelName, c)!;
    expect(m.matchedBy).toBe('generation');
    expect(m.spec).toMatchObject({ model: 'EPYC 9654', tdpW: 360, cores: 96, threads: 192 });
    expect(m.note).toContain('assuming EPYC 9654');
  });

  it.each([
    ['AMD EPYC 9654 96-Core Processor', 'EPYC 9654', 360],
    ['AMD EPYC 7763 64-Core Processor', 'EPYC 7763', 280],
    ['AMD EPYC 9755 128-Core Processor', 'EPYC 9755', 500],
    ['AMD EPYC 7601 32-Core Processor', 'EPYC 7601', 180],
    ['Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz', 'Xeon Gold 6248R', 205],
    ['Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz', 'Xeon Gold 6248', 150],
    ['Intel(R) Xeon(R) Platinum 8180 CPU @ 2.50GHz', 'Xeon Platinum 8180', 205],
    ['Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz', 'Xeon Platinum 8380', 270],
    ['Intel(R) Xeon(R) Platinum 8480+', 'Xeon Platinum 8480+', 350],
    ['INTEL(R) XEON(R) PLATINUM 8592+', 'Xeon Platinum 8592+', 350],
    ['Intel(R) Xeon(R) 6980P', 'Xeon 6980P', 500],
    ['Intel(R) Xeon(R) 6780E', 'Xeon 6780E', 330],
    ['13th Gen Intel(R) Core(TM) i9-13900K', 'Core i9-13900K', 125],
    ['Intel(R) Core(TM) Ultra 9 285K', 'Core Ultra 9 285K', 125],
    ['AMD Ryzen 9 7950X 16-Core Processor', 'Ryzen 9 7950X', 170],
    ['AMD Ryzen 7 5800X3D 8-Core Processor', 'Ryzen 7 5800X3D', 105],
    ['AMD Ryzen Threadripper PRO 5995WX 64-Cores', 'Threadripper PRO 5995WX', 280],
  ])('matches %s by model name', (name, model, tdpW) => {
    const m = lookupCpu(name)!;
    expect(m.matchedBy).toBe('model');
    expect(m.spec.model).toBe(model);
    expect(m.spec.tdpW).toBe(tdpW);
  });

  it('falls back to the CPUID generation for unnamed Intel parts (Cascade Lake by stepping)', () => {
    const m = lookupCpu('Intel(R) Xeon(R) Processor', {
      vendor: 'GenuineIntel',
      family: 6,
      model: 0x55,
      stepping: 7,
    })!;
    expect(m.matchedBy).toBe('generation');
    expect(m.spec.model).toBe('Xeon Platinum 8280');
    expect(
      lookupCpu(undefined, { vendor: 'GenuineIntel', family: 6, model: 0x55, stepping: 4 })!.spec.model,
    ).toBe('Xeon Platinum 8180');
  });

  it('maps an Arm Neoverse-N1 to an Ampere Altra part', () => {
    const m = lookupCpu('ARM Neoverse-N1')!;
    expect(m.spec.family).toContain('Ampere Altra');
    expect(m.matchedBy).toBe('generation');
  });

  it('returns undefined for a CPU it does not know', () => {
    expect(lookupCpu('Mystery CPU 9000')).toBeUndefined();
    expect(lookupCpu(undefined)).toBeUndefined();
    expect(lookupCpu('AMD EPYC', { vendor: 'AuthenticAMD', family: 0x15, model: 1 })).toBeUndefined();
  });

  it('every table entry is found by its own name and has plausible figures', () => {
    const names = new Set<string>();
    for (const s of CPU_TABLE) {
      expect(names.has(s.model), `duplicate ${s.model}`).toBe(false);
      names.add(s.model);
      expect(lookupCpu(s.model)?.spec).toBe(s);
      expect(s.tdpW).toBeGreaterThanOrEqual(35);
      expect(s.tdpW).toBeLessThanOrEqual(600);
      expect(s.threads).toBeGreaterThanOrEqual(s.cores);
      expect(s.threads).toBeLessThanOrEqual(2 * s.cores);
    }
    const families = new Set(CPU_TABLE.map((s) => s.family));
    for (const f of [
      'Skylake',
      'Cascade',
      'Ice Lake',
      'Sapphire',
      'Emerald',
      'Granite',
      'Naples',
      'Rome',
      'Milan',
      'Genoa',
      'Turin',
      'Altra',
    ]) {
      expect(
        [...families].some((x) => x.includes(f)),
        f,
      ).toBe(true);
    }
  });
});
