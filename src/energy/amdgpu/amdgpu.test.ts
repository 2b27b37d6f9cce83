import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { describeEnergySourceContract } from '../source.contract.js';
import type { ReadText } from '../sysfs.js';
import { createAmdGpuSource } from './index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function tree(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'llem-amdgpu-'));
  temps.push(dir);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

function write(path: string, value: number): void {
  writeFileSync(`${path}.tmp`, `${value}\n`);
  renameSync(`${path}.tmp`, path);
}

const card0 = (root: string, file: string) => join(root, 'card0/device/hwmon/hwmon3', file);
const card1 = (root: string, file: string) => join(root, 'card1/device/hwmon/hwmon4', file);

describeEnergySourceContract('amdgpu (fixture tree: two AMD cards, a connector, a non-AMD card)', () =>
  createAmdGpuSource({ root: tree('two-cards') }),
);

describeEnergySourceContract(
  'amdgpu (no AMD GPU)',
  () => createAmdGpuSource({ root: join(FIXTURES, 'no-amd') }),
  {
    expectAvailable: false,
  },
);

describe('amdgpu source', () => {
  it('finds amdgpu hwmon folders only, with power1_average, power1_input or energy1_input', async () => {
    const p = await createAmdGpuSource({ root: join(FIXTURES, 'two-cards') }).probe();
    expect(p.available).toBe(true);
    expect(p.devices.map((d) => [d.id, d.name, d.info?.method, d.info?.power_limit_w])).toEqual([
      ['card0', 'AMD Instinct MI210', 'integrated', 300],
      ['card1', 'AMD GPU card1', 'counter', null],
    ]);
    const none = await createAmdGpuSource({ root: '/nonexistent/drm' }).probe();
    expect(none.reason).toMatch(/no \/nonexistent\/drm/);
    const other = await createAmdGpuSource({ root: join(FIXTURES, 'no-amd') }).probe();
    expect(other.reason).toMatch(/no AMD GPU .*"amdgpu"/);
  });

  it('integrates power1_average, reads energy1_input as a counter, and polls the telemetry', async () => {
    const root = tree('two-cards');
    const s = await createAmdGpuSource({ root }).start({ sampleIntervalMs: 20, clock: systemClock });
    await systemClock.sleep(150);
    write(card0(root, 'power1_average'), 252_000_000); // 152 → 252 W
    write(card1(root, 'energy1_input'), 5_000_000_000 + 30_000_000); // +30 J
    await systemClock.sleep(150);
    const [r] = await s.stop();
    const [c0, c1] = r!.devices;
    expect(c0!.method).toBe('integrated');
    expect(c0!.energyJ).toBeGreaterThan(152 * r!.durationS);
    expect(c0!.energyJ).toBeLessThan(252 * r!.durationS);
    expect(c0!.powerLimitW).toBe(300);
    expect(c1!.method).toBe('counter');
    expect(c1!.energyJ).toBeCloseTo(30, 9);
    expect(c1!.integratedEnergyJ).toBeCloseTo(95 * r!.durationS, 6);
    const s0 = r!.samples.find((x) => x.device === 'card0')!;
    expect(s0).toMatchObject({
      temperatureC: 61,
      smClockMhz: 2100,
      memClockMhz: 1000,
      utilizationPct: 87,
      memoryUsedBytes: 8589934592,
    });
    expect(r!.energyJ).toBeCloseTo(c0!.energyJ + c1!.energyJ, 9);
  });

  it('unreadable power files (simulated EACCES: root reads a chmod 000 file anyway) are reported', async () => {
    const read: ReadText = async (path) => {
      if (/power1_(average|input)$|energy1_input$/.test(path)) {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      }
      return readFile(path, 'utf8');
    };
    const p = await createAmdGpuSource({ root: join(FIXTURES, 'two-cards'), read }).probe();
    expect(p.available).toBe(false);
    expect(p.reason).toMatch(/cannot read .*power1_average \(EACCES\)/);
  });
});
