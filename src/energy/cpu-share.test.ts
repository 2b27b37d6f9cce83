import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpuShareBetween, type PidStat, ProcessTreeMeter, parsePidStat, treeTicks } from './cpu-share.js';
import { parseProcStat } from './proc-stat.js';

const FIX = join(import.meta.dirname, 'estimate', 'fixtures');
const stat = (name: string) => parseProcStat(readFileSync(join(FIX, 'epyc-vm', name), 'utf8'));

describe('parsePidStat', () => {
  it('reads ppid and utime+stime+cutime+cstime after the last parenthesis of the name', () => {
    expect(parsePidStat(readFileSync(join(FIX, 'proc-tree/after/999/stat'), 'utf8'))).toEqual({
      pid: 999,
      ppid: 1,
      ticks: 5065,
    });
    expect(parsePidStat(readFileSync(join(FIX, 'proc-tree/before/1/stat'), 'utf8'))!.ticks).toBe(1250);
  });
  it('rejects malformed text', () => {
    expect(parsePidStat('')).toBeUndefined();
    expect(parsePidStat('12 (x S 1')).toBeUndefined();
    expect(parsePidStat('12 (x) S')).toBeUndefined();
  });
});

describe('treeTicks', () => {
  const e = (pid: number, ppid: number, ticks: number): PidStat => ({ pid, ppid, ticks });
  it('sums the root and every descendant, and nothing else', () => {
    const t = treeTicks([e(1, 0, 1000), e(10, 1, 5), e(11, 10, 7), e(12, 11, 3), e(20, 1, 100)], 10)!;
    expect(t.ticks).toBe(15);
    expect(t.processes).toBe(3);
    expect(t.members.sort()).toEqual([10, 11, 12]);
    expect(treeTicks([e(1, 0, 1)], 10)).toBeUndefined();
  });
  it('loses nothing when a child ends: its time moves into the parent’s cutime', () => {
    const before = treeTicks([e(10, 1, 100), e(11, 10, 40)], 10)!;
    const after = treeTicks([e(10, 1, 100 + 50)], 10)!; // the child ran 10 more ticks, then was reaped
    expect(after.ticks - before.ticks).toBe(10);
  });
});

describe('cpuShareBetween', () => {
  it('splits the machine’s busy time into ours and others’ (fixture tree)', async () => {
    const root = (n: string) => new ProcessTreeMeter({ procRoot: join(FIX, 'proc-tree', n), rootPid: 4242 });
    const a = { stat: stat('stat'), tree: (await root('before').read(0, true))! };
    const b = { stat: stat('stat.busy'), tree: (await root('after').read(0, true))! };
    expect(a.tree).toMatchObject({ ticks: 1560, processes: 3 });
    const s = cpuShareBetween(a, b)!;
    expect(s.own_fraction).toBeCloseTo(0.4, 12);
    expect(s.machine_fraction).toBeCloseTo(0.725, 12);
    expect(s.other_fraction).toBeCloseTo(0.325, 12);
    expect(s).toMatchObject({
      own_cpu_s: 0.8,
      machine_cpu_s: 1.45,
      capacity_cpu_s: 2,
      online_cpus: 2,
      processes: 3,
    });
    expect(cpuShareBetween(a, a)).toBeUndefined();
  });
  it('never reports negative others when our ticks run ahead of /proc/stat', () => {
    const s = cpuShareBetween(
      { stat: stat('stat'), tree: { ticks: 0, processes: 1, members: [1] } },
      { stat: stat('stat.busy'), tree: { ticks: 190, processes: 1, members: [1] } },
    )!;
    expect(s.own_fraction).toBeCloseTo(0.95, 12);
    expect(s.other_fraction).toBe(0);
  });
});

describe('ProcessTreeMeter on the real /proc', () => {
  it('counts a busy child process in this process’s tree', async () => {
    const meter = new ProcessTreeMeter({ rescanMs: 0 });
    const child = spawn(process.execPath, ['-e', 'const t = Date.now() + 600; while (Date.now() < t) {}']);
    try {
      const t0 = (await meter.read(0, true))!;
      await new Promise<void>((r) => child.once('exit', () => r()));
      // Reaped by this process: its time is now in our cutime.
      const t1 = (await meter.read(1, true))!;
      expect(t1.ticks - t0.ticks).toBeGreaterThanOrEqual(5);
    } finally {
      child.kill('SIGKILL');
    }
  });
  it('says undefined when the root pid does not exist', async () => {
    expect(await new ProcessTreeMeter({ rootPid: 2 ** 30 }).read(0, true)).toBeUndefined();
  });
});
