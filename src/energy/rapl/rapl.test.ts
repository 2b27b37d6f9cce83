import { chmodSync, cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { describeEnergySourceContract } from '../source.contract.js';
import type { ReadText } from '../sysfs.js';
import { createRaplSource } from './index.js';
import { WrapAccumulator, wrapDelta, wrapSafeIntervalMs } from './wrap.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const temps: string[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(() => {
  for (const t of timers.splice(0)) clearInterval(t);
});
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** A scratch copy of a fixture tree. */
function tree(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'llem-rapl-'));
  temps.push(dir);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Writes a counter the way the kernel updates it: whole values, never a torn read. */
function setCounter(root: string, zone: string, uj: number): void {
  const file = join(root, zone, 'energy_uj');
  writeFileSync(`${file}.tmp`, `${uj}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Advances a zone's counter by `watts` every 10 ms, wrapping at its range, like live RAPL. */
function live(root: string, zone: string, watts: number): void {
  const range = Number(readFileSync(join(root, zone, 'max_energy_range_uj'), 'utf8'));
  let value = Number(readFileSync(join(root, zone, 'energy_uj'), 'utf8'));
  let last = performance.now();
  timers.push(
    setInterval(() => {
      const now = performance.now();
      value = (value + Math.round(watts * (now - last) * 1000)) % range;
      last = now;
      setCounter(root, zone, value);
    }, 10),
  );
}

/** A reader that refuses some files with EACCES, as non-root users see energy_uj since Linux 5.10. */
const denying =
  (pattern: RegExp): ReadText =>
  async (path) => {
    if (pattern.test(path))
      throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    return readFile(path, 'utf8');
  };

describeEnergySourceContract(
  'rapl (Intel 2-socket fixture tree, live counters)',
  () => {
    const root = tree('intel-2s');
    for (const [zone, w] of [
      ['intel-rapl:0', 120],
      ['intel-rapl:0:0', 80],
      ['intel-rapl:0:2', 15],
      ['intel-rapl:1', 90],
      ['intel-rapl:1:0', 12],
    ] as const)
      live(root, zone, w);
    return createRaplSource({ root });
  },
  { windowMs: 400, sampleIntervalMs: 50 },
);

describeEnergySourceContract(
  'rapl (no powercap)',
  () => createRaplSource({ root: '/nonexistent/powercap' }),
  {
    expectAvailable: false,
  },
);

describe('rapl source', () => {
  it('finds packages (cpu), DRAM (dram), core/uncore/psys as not-summed devices, and skips intel-rapl-mmio', async () => {
    const p = await createRaplSource({ root: join(FIXTURES, 'intel-2s') }).probe();
    expect(p.available).toBe(true);
    expect(p.devices.map((d) => [d.id, d.scope, d.info?.not_summed !== undefined])).toEqual([
      ['package-0', 'cpu', false],
      ['package-0:core', 'cpu', true],
      ['package-0:uncore', 'cpu', true],
      ['dram-0', 'dram', false],
      ['package-1', 'cpu', false],
      ['dram-1', 'dram', false],
      ['psys', 'cpu', true],
    ]);
    expect(p.reason).toMatch(/package-0, dram-0, package-1, dram-1/);
  });

  it('returns separate cpu and dram readings; sub-domains are kept but never added', async () => {
    const root = tree('intel-2s');
    live(root, 'intel-rapl:0', 100);
    live(root, 'intel-rapl:0:0', 70);
    live(root, 'intel-rapl:1:0', 20);
    const s = await createRaplSource({ root }).start({ sampleIntervalMs: 25, clock: systemClock });
    await systemClock.sleep(400);
    const rs = await s.stop();
    expect(rs.map((r) => r.scope)).toEqual(['cpu', 'dram']);
    const cpu = rs[0]!;
    const core = cpu.devices.find((d) => d.device === 'package-0:core')!;
    expect(core.notSummed).toBe('part of package-0');
    expect(core.energyJ).toBeGreaterThan(0);
    expect(cpu.energyJ).toBeCloseTo(
      cpu.devices.filter((d) => !d.notSummed).reduce((a, d) => a + d.energyJ, 0),
      9,
    );
    // 100 W for ~0.4 s; the writer's 10 ms granularity and timer jitter allow a loose bound.
    const pkg0 = cpu.devices.find((d) => d.device === 'package-0')!;
    expect(pkg0.meanPowerW).toBeGreaterThan(60);
    expect(pkg0.meanPowerW).toBeLessThan(140);
    expect(cpu.samples.every((s) => s.device === 'package-0' || s.device === 'package-1')).toBe(true);
    expect(rs[1]!.devices.map((d) => d.device)).toEqual(['dram-0', 'dram-1']);
  });

  it('an AMD EPYC tree exposes the package only: one cpu reading', async () => {
    const root = tree('amd-epyc');
    live(root, 'intel-rapl:0', 180);
    const s = await createRaplSource({ root }).start({ sampleIntervalMs: 25, clock: systemClock });
    await systemClock.sleep(150);
    const rs = await s.stop();
    expect(rs.map((r) => r.scope)).toEqual(['cpu']);
    expect(rs[0]!.energyJ).toBeGreaterThan(0);
  });

  it('counts energy across a wrap at max_energy_range_uj exactly', async () => {
    const root = tree('amd-epyc');
    const range = 65532610987;
    setCounter(root, 'intel-rapl:0', range - 1_000_000); // 1 J before the wrap
    const s = await createRaplSource({ root }).start({ sampleIntervalMs: 20, clock: systemClock });
    await systemClock.sleep(60);
    setCounter(root, 'intel-rapl:0', 2_500_000); // wrapped: 1 J + 2.5 J later
    await systemClock.sleep(60);
    const [r] = await s.stop();
    expect(r!.energyJ).toBeCloseTo(3.5, 9);
  });

  it('unreadable energy_uj (root-only since CVE-2020-8694): unavailable, with the reason and the fix', async () => {
    // Tests run as root, and root reads a chmod 000 file anyway; the injected reader fails the
    // way a non-root user's open() does. The chmod is here so the fixture also tells the truth.
    const root = tree('amd-epyc');
    chmodSync(join(root, 'intel-rapl:0', 'energy_uj'), 0o000);
    const p = await createRaplSource({ root, read: denying(/energy_uj$/) }).probe();
    expect(p.available).toBe(false);
    expect(p.reason).toMatch(/cannot read .*intel-rapl:0\/energy_uj \(EACCES\)/);
    expect(p.reason).toMatch(/CVE-2020-8694.*run llem as root.*chmod o\+r.*udev rule/);
    const err = await createRaplSource({ root, read: denying(/energy_uj$/) })
      .start({ sampleIntervalMs: 50, clock: systemClock })
      .then(
        () => new Error('start resolved'),
        (e: unknown) => e as Error,
      );
    expect(err.message).toMatch(/energy source "rapl" cannot measure here: .*EACCES/);
  });

  it('some zones unreadable: measures the others and says which and why', async () => {
    const p = await createRaplSource({
      root: join(FIXTURES, 'intel-2s'),
      read: denying(/intel-rapl:1[:/]/),
    }).probe();
    expect(p.available).toBe(true);
    expect(p.devices.map((d) => d.id)).not.toContain('package-1');
    expect(p.reason).toMatch(/not readable: cannot read .*intel-rapl:1\/name \(EACCES\).*chmod/);
  });

  it('a counter that becomes unreadable mid-window is noted, and its energy resumes from the next good read', async () => {
    let deny = false;
    const root = tree('amd-epyc');
    const read: ReadText = async (path) => {
      if (deny && path.endsWith('energy_uj')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return readFile(path, 'utf8');
    };
    const s = await createRaplSource({ root, read }).start({ sampleIntervalMs: 20, clock: systemClock });
    deny = true;
    await systemClock.sleep(60);
    deny = false;
    const [r] = await s.stop();
    expect(r!.notes.join('\n')).toMatch(
      /package-0: cannot read .*energy_uj \(EACCES\); its energy is counted from the next good read/,
    );
  });
});

describe('wraparound', () => {
  it('never yields negative or lost energy: the sum of deltas is the true sum of increments', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1_000_000, max: 2 ** 40 })
          .chain((range) =>
            fc.tuple(
              fc.constant(range),
              fc.integer({ min: 0, max: range - 1 }),
              fc.array(fc.integer({ min: 0, max: range - 1 }), { maxLength: 200 }),
            ),
          ),
        ([range, start, increments]) => {
          const acc = new WrapAccumulator(range);
          let value = start;
          acc.add(value);
          for (const inc of increments) {
            value = (value + inc) % range;
            expect(acc.add(value)).toBeGreaterThanOrEqual(0);
          }
          expect(acc.energyUj).toBe(increments.reduce((a, b) => a + b, 0));
        },
      ),
    );
  });

  it('polls at least twice per shortest wrap period', () => {
    expect(wrapDelta(10, 5, 100)).toBe(95);
    // 262 kJ at a generous 1 kW wraps in 262 s: poll at least every 131 s.
    expect(wrapSafeIntervalMs(262_143_328_850)).toBeCloseTo(131_071.66, 1);
  });
});

describe('rapl: who used the CPU', () => {
  const EST = join(import.meta.dirname, '..', 'estimate', 'fixtures');

  it('records llem’s process tree against the machine at the window edges (fixture /proc)', async () => {
    const root = tree('amd-epyc');
    const proc = mkdtempSync(join(tmpdir(), 'llem-proc-'));
    temps.push(proc);
    cpSync(join(EST, 'epyc-vm'), proc, { recursive: true });
    cpSync(join(EST, 'proc-tree/before'), proc, { recursive: true });
    const s = await createRaplSource({ root, procRoot: proc, pid: 4242 }).start({
      sampleIntervalMs: 25,
      clock: systemClock,
    });
    cpSync(join(EST, 'epyc-vm/stat.busy'), join(proc, 'stat'));
    cpSync(join(EST, 'proc-tree/after'), proc, { recursive: true });
    const [cpu] = await s.stop();
    expect(cpu!.cpuShare!.own_fraction).toBeCloseTo(0.4, 12);
    expect(cpu!.cpuShare!.other_fraction).toBeCloseTo(0.325, 12);
  });

  it('gives every scope the same share on the real /proc', async () => {
    const root = tree('intel-2s');
    const s = await createRaplSource({ root }).start({ sampleIntervalMs: 25, clock: systemClock });
    await systemClock.sleep(200);
    const [cpu, dram] = await s.stop();
    const share = cpu!.cpuShare!;
    expect(dram!.cpuShare).toEqual(share);
    expect(share.machine_fraction).toBeGreaterThanOrEqual(share.other_fraction);
    expect(share.processes).toBeGreaterThanOrEqual(1);
    expect(share.capacity_cpu_s).toBeGreaterThan(0);
  });
});
