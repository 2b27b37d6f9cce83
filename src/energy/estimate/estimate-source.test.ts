import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock.js';
import { isLlemError } from '../../core/errors.js';
import { describeEnergySourceContract } from '../source.contract.js';
import { cpuPowerW } from './estimate-model.js';
import { createEstimateSource } from './estimate-source.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const temps: string[] = [];

/** A scratch proc root holding a copy of a fixture folder (so a test may swap `stat`). */
async function procCopy(name?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llem-proc-'));
  temps.push(dir);
  if (name) await cp(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

/** A hand-driven clock: sleeps resolve only when the test advances time past them. */
function manualClock() {
  let now = 0;
  const sleepers: { at: number; resolve: () => void }[] = [];
  let sleptOnce: () => void = () => {};
  const clock: Clock = {
    nowMs: () => now,
    wallMs: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const s = { at: now + ms, resolve };
        sleepers.push(s);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        sleptOnce();
      }),
  };
  return {
    clock,
    /** Resolves when the sampler next goes to sleep (its poll has finished). */
    nextSleep: () =>
      new Promise<void>((r) => {
        sleptOnce = r;
      }),
    set(ms: number) {
      now = ms;
      for (const s of sleepers.splice(0))
        if (s.at <= now) s.resolve();
        else sleepers.push(s);
    },
  };
}

// The real /proc of the machine running the tests (Linux).
describeEnergySourceContract('estimate (real /proc)', () => createEstimateSource({ dramWPerGib: 0.375 }), {
  windowMs: 300,
  sampleIntervalMs: 50,
});

// A frozen copy of this machine's /proc files: /proc/stat never advances.
describeEnergySourceContract(
  'estimate (fixture /proc)',
  async () =>
    createEstimateSource({ procRoot: await procCopy('epyc-vm'), dramWPerGib: 0.375, mode: 'machine' }),
  { windowMs: 200, sampleIntervalMs: 50 },
);

// No /proc at all.
describeEnergySourceContract(
  'estimate (empty proc root)',
  async () => createEstimateSource({ procRoot: await procCopy(), dramWPerGib: 0.375 }),
  { expectAvailable: false },
);

describe('estimate source', () => {
  it('explains why it cannot measure without /proc/stat, and what to do', async () => {
    const root = await procCopy();
    const p = await createEstimateSource({ procRoot: root, dramWPerGib: 0.375 }).probe();
    expect(p.available).toBe(false);
    expect(p.reason).toContain(join(root, 'stat'));
    expect(p.reason).toMatch(/ENOENT/);
    expect(p.reason).toMatch(/measurement\.energy\.sources/);
    const err = await createEstimateSource({ procRoot: root, dramWPerGib: 0.375 })
      .start({ sampleIntervalMs: 100, clock: manualClock().clock })
      .catch((e: unknown) => e);
    expect(isLlemError(err, 'ERR_ENERGY_UNAVAILABLE')).toBe(true);
  });

  it('describes its model in the probe (this machine from fixtures)', async () => {
    const p = await createEstimateSource({
      procRoot: await procCopy('epyc-vm'),
      dramWPerGib: 0.375,
      mode: 'machine',
    }).probe();
    expect(p.available).toBe(true);
    expect(p.reason).toMatch(/EPYC 9654/);
    expect(p.reason).toMatch(/±50 %/);
    expect(p.devices.map((d) => [d.id, d.scope])).toEqual([
      ['cpu', 'estimate'],
      ['dram', 'estimate'],
    ]);
    expect(p.devices[0]!.info).toMatchObject({
      online_cpus: 2,
      tdp_source: 'generation',
      package_tdp_w: 360,
    });
  });

  it('integrates the estimated power between successive /proc/stat snapshots', async () => {
    const root = await procCopy('epyc-vm');
    const src = createEstimateSource({ procRoot: root, dramWPerGib: 0.375, mode: 'machine' });
    const probe = await src.probe();
    const info = probe.devices[0]!.info as { idle_w: number; busy_w: number };
    const dramW = (probe.devices[1]!.info as { power_w: number }).power_w;
    const mc = manualClock();
    const asleep = mc.nextSleep();
    const session = await src.start({ sampleIntervalMs: 60_000, clock: mc.clock });
    await asleep; // tick 0 has read the idle snapshot
    expect(session.livePowerW()).toBeUndefined();
    await writeFile(join(root, 'stat'), await readFile(join(FIXTURES, 'epyc-vm/stat.busy'), 'utf8'));
    mc.set(2000);
    const r = (await session.stop())[0]!; // the final poll reads the busy snapshot at t = 2 s
    const cpuW = info.idle_w + 0.725 * (info.busy_w - info.idle_w);
    expect(r.durationS).toBe(2);
    expect(r.samples).toEqual([
      { tMs: 2000, device: 'cpu', powerW: expect.closeTo(cpuW, 12), utilizationPct: expect.closeTo(72.5, 9) },
      { tMs: 2000, device: 'dram', powerW: dramW },
    ]);
    expect(r.devices[0]!.energyJ).toBeCloseTo(cpuW * 2, 12);
    expect(r.devices[1]!.energyJ).toBeCloseTo(dramW * 2, 12);
    expect(r.energyJ).toBeCloseTo((cpuW + dramW) * 2, 12);
    // The model's ±50 % is the accuracy term; the read-out term is the jiffy count.
    expect(r.accuracy.fraction).toBe(0.5);
    expect(r.accuracy.basis).toMatch(/not a measurement/);
    expect(r.uncertaintyBasis).toMatch(/jiffy/);
    expect(r.method).toBe('estimate');
    expect(r.scope).toBe('estimate');
    expect(r.expectedSamples).toBe(2); // cpu and dram, one poll each after the first
    expect(session.livePowerW()).toBeCloseTo(cpuW + dramW, 12);
  });

  it('notes an unknown CPU and uses the generic per-thread figure', async () => {
    const root = await procCopy('epyc-vm');
    await writeFile(
      join(root, 'cpuinfo'),
      'processor\t: 0\nmodel name\t: Mystery CPU 9000\n\nprocessor\t: 1\nmodel name\t: Mystery CPU 9000\n',
    );
    const src = createEstimateSource({ procRoot: root, dramWPerGib: 0.375, mode: 'machine' });
    const p = await src.probe();
    expect(p.reason).toMatch(/not in the TDP table.*cpu_tdp_w/);
    const mc = manualClock();
    const session = await src.start({ sampleIntervalMs: 100, clock: mc.clock });
    const r = (await session.stop())[0]!;
    expect(r.notes.join('\n')).toMatch(/generic 3\.5 W per logical CPU/);
  });

  it('sees a busy CPU on the real /proc: utilisation and power rise above idle', async () => {
    const src = createEstimateSource({ dramWPerGib: 0.375, mode: 'machine' });
    const info = (await src.probe()).devices[0]!.info as {
      idle_w: number;
      busy_w: number;
      online_cpus: number;
    };
    const { systemClock } = await import('../../core/clock.js');
    const session = await src.start({ sampleIntervalMs: 100, clock: systemClock });
    const until = Date.now() + 400;
    while (Date.now() < until) {
      // Burn one CPU; the sampler cannot tick meanwhile, the final poll sees the jiffies.
    }
    const r = (await session.stop())[0]!;
    const cpu = r.devices.find((d) => d.device === 'cpu')!;
    const oneCpu = 1 / info.online_cpus;
    expect(cpu.meanPowerW).toBeGreaterThan(cpuPowerWFromInfo(info, 0.6 * oneCpu));
    expect(Math.max(...r.samples.map((s) => s.utilizationPct ?? 0))).toBeGreaterThan(60 * oneCpu);
  });
});

/** cpuPowerW with only the probe's published idle/busy figures. */
function cpuPowerWFromInfo(info: { idle_w: number; busy_w: number }, u: number): number {
  return cpuPowerW({ idleW: info.idle_w, busyW: info.busy_w } as Parameters<typeof cpuPowerW>[0], u);
}
