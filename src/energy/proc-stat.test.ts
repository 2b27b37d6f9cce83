import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlineCpuCount, parseProcStat, utilisationBetween } from './proc-stat.js';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, 'estimate', 'fixtures', name), 'utf8');

describe('parseProcStat', () => {
  it('reads the aggregate and per-CPU jiffies of a real /proc/stat (2 vCPU EPYC VM)', () => {
    const s = parseProcStat(fixture('epyc-vm/stat'));
    expect(onlineCpuCount(s)).toBe(2);
    expect([...s.cpus.keys()]).toEqual([0, 1]);
    const c0 = s.cpus.get(0)!;
    expect(c0.user).toBeGreaterThan(0);
    expect(c0.idle).toBeGreaterThan(0);
    expect(s.total!.steal).toBeGreaterThan(0);
    const sum = c0.user + s.cpus.get(1)!.user;
    expect(s.total!.user).toBe(sum);
  });

  it('fills fields missing on old kernels with 0 and skips malformed lines', () => {
    const s = parseProcStat('cpu  4 0 2 10\ncpu0 4 0 2 10\ncpu1 x y z\ncpu2 1 2\nintr 5 6\n');
    expect(onlineCpuCount(s)).toBe(1);
    expect(s.cpus.get(0)).toEqual({
      user: 4,
      nice: 0,
      system: 2,
      idle: 10,
      iowait: 0,
      irq: 0,
      softirq: 0,
      steal: 0,
      guest: 0,
      guestNice: 0,
    });
  });

  it('counts only the CPUs listed (offline CPUs are absent)', () => {
    const s = parseProcStat('cpu  1 1 1 1\ncpu0 1 1 1 1\ncpu3 1 1 1 1\n');
    expect(onlineCpuCount(s)).toBe(2);
    expect([...s.cpus.keys()]).toEqual([0, 3]);
  });
});

describe('utilisationBetween', () => {
  it('computes busy, steal and iowait shares between two snapshots (synthetic busy one)', () => {
    const a = parseProcStat(fixture('epyc-vm/stat'));
    const b = parseProcStat(fixture('epyc-vm/stat.busy'));
    const u = utilisationBetween(a, b)!;
    // cpu0: 90 busy of 100; cpu1: user 40 + nice 5 + system 5 + softirq 5 = 55 busy of 100 (idle 30, iowait 5, steal 10).
    expect(u.cpus).toBe(2);
    expect(u.busyJiffies).toBe(145);
    expect(u.totalJiffies).toBe(200);
    expect(u.busyFraction).toBeCloseTo(0.725, 12);
    expect(u.stealFraction).toBeCloseTo(0.05, 12);
    expect(u.iowaitFraction).toBeCloseTo(0.025, 12);
    expect(u.perCpu.get(0)).toBeCloseTo(0.9, 12);
    expect(u.perCpu.get(1)).toBeCloseTo(0.55, 12);
  });

  it('does not count steal as ours and does not count guest time twice', () => {
    const a = parseProcStat('cpu0 0 0 0 0 0 0 0 0 0 0\n');
    const b = parseProcStat('cpu0 50 0 0 0 0 0 0 50 40 0\n'); // 40 of the 50 user jiffies were guest time
    const u = utilisationBetween(a, b)!;
    expect(u.busyFraction).toBe(0.5);
    expect(u.stealFraction).toBe(0.5);
  });

  it('clamps counters that step backwards (iowait on NO_HZ kernels)', () => {
    const a = parseProcStat('cpu0 10 0 0 10 50 0 0 0\n');
    const b = parseProcStat('cpu0 20 0 0 20 45 0 0 0\n');
    expect(utilisationBetween(a, b)!.busyFraction).toBe(0.5);
  });

  it('uses only CPUs present in both snapshots (hotplug) and is undefined when no time elapsed', () => {
    const a = parseProcStat('cpu0 0 0 0 0\ncpu1 0 0 0 0\n');
    const b = parseProcStat('cpu0 10 0 0 10\ncpu2 100 0 0 0\n');
    const u = utilisationBetween(a, b)!;
    expect(u.cpus).toBe(1);
    expect(u.busyFraction).toBe(0.5);
    expect(utilisationBetween(a, a)).toBeUndefined();
  });
});
