import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { isLlemError } from '../../core/errors.js';
import { checkTelemetryCoverage } from '../../harness/validity.js';
import { describeEnergySourceContract } from '../source.contract.js';
import { commandAccuracy } from './command-source.js';
import { createCommandSource } from './index.js';
import { parseMeterLine } from './parse.js';

// Meters are small Node programs run as argv (no shell), printing watts at the interval llem passes.
const meter = (body: string) => [
  process.execPath,
  '-e',
  `const every = Number(process.env.LLEM_SAMPLE_INTERVAL_MS); ${body}`,
];
const steady = (line: string) => meter(`setInterval(() => console.log(${JSON.stringify(line)}), every);`);

const dir = mkdtempSync(join(tmpdir(), 'llem-meter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function measure(argv: string[], ms: number, intervalMs = 20) {
  const s = await createCommandSource({ argv }).start({ sampleIntervalMs: intervalMs, clock: systemClock });
  await systemClock.sleep(ms);
  const [r] = await s.stop();
  return r!;
}

/** Whether a pid is a live process (a zombie waiting for a reaper counts as gone). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

describeEnergySourceContract('command (a meter printing 250.5 W)', () =>
  createCommandSource({ argv: steady('250.5') }),
);

describeEnergySourceContract('command (not configured)', () => createCommandSource({}), {
  expectAvailable: false,
});

describe('command source', () => {
  it('parses watts with an optional device label before or after; rejects anything else', () => {
    expect(parseMeterLine('412.5')).toEqual({ device: 'node', powerW: 412.5 });
    expect(parseMeterLine(' 90 psu1 ')).toEqual({ device: 'psu1', powerW: 90 });
    expect(parseMeterLine('psu2 1e2')).toEqual({ device: 'psu2', powerW: 100 });
    expect(parseMeterLine('')).toBeUndefined();
    expect(parseMeterLine('Power: 412 W')).toMatch(/expected/);
    expect(parseMeterLine('-5')).toMatch(/not a plausible power/);
  });

  it('integrates each labelled device and sums them (scope node)', async () => {
    const r = await measure(
      meter(`setInterval(() => { console.log('100 psu1'); console.log('psu2 50'); }, every);`),
      300,
    );
    expect(r.scope).toBe('node');
    expect(r.devices.map((d) => d.device).sort()).toEqual(['psu1', 'psu2']);
    expect(r.energyJ / r.durationS).toBeCloseTo(150, 0);
    // The meter's calibration is the accuracy term, ±10 % assumed (and said) when not configured.
    expect(r.accuracy.fraction).toBe(0.1);
    expect(r.accuracy.basis).toMatch(/not configured.*command_accuracy_pct/);
  });

  it("takes the meter's accuracy class from config", () => {
    expect(commandAccuracy(0.5)).toEqual({ fraction: 0.005, basis: expect.stringMatching(/±0\.5 %/) });
  });

  it('a meter that dies mid-window: its exit and stderr are noted, coverage fails, the silence widens the uncertainty', async () => {
    const r = await measure(
      meter(
        `let n = 0; setInterval(() => { console.log('200'); if (++n === 3) { console.error('lost connection to the BMC'); process.exit(3); } }, every);`,
      ),
      500,
    );
    const notes = r.notes.join('\n');
    expect(notes).toMatch(
      /the meter command exited with code 3 .* into the window; its last reading is held to the end \(stderr: lost connection to the BMC\)/,
    );
    expect(notes).toMatch(/node: no reading for 0\.\d+ s/);
    expect(checkTelemetryCoverage(r.samples, r.expectedSamples)!.passed).toBe(false);
    expect(r.uncertaintyBasis).toMatch(/silent meter/);
    expect(r.uncertaintyJ).toBeGreaterThan(200 * 0.3);
  });

  it('garbage lines are counted and quoted, good lines still count', async () => {
    const r = await measure(
      meter(`let n = 0; setInterval(() => console.log(++n % 2 ? '120' : 'ERROR: sensor timeout'), every);`),
      200,
    );
    expect(r.notes.join('\n')).toMatch(
      /\d+ unparsable line\(s\) from the meter command, e.g\. expected "<watts>" or "<watts> <device>", got "ERROR: sensor timeout"/,
    );
    expect(r.energyJ).toBeGreaterThan(0);
  });

  it('a meter that exits or stays silent before its first reading fails start with the reason', async () => {
    const exits = await createCommandSource({
      argv: meter(`console.error('ipmitool: unable to establish session'); process.exit(1);`),
    })
      .start({ sampleIntervalMs: 20, clock: systemClock })
      .then(
        () => new Error('start resolved'),
        (e: unknown) => e as Error,
      );
    expect(isLlemError(exits, 'ERR_ENERGY_UNAVAILABLE')).toBe(true);
    expect(exits.message).toMatch(
      /exited with code 1 before printing a reading.*stderr: ipmitool: unable to establish session/,
    );
    const silent = await createCommandSource({
      argv: meter('setInterval(() => {}, 1000);'),
      firstReadingTimeoutMs: 300,
    })
      .start({ sampleIntervalMs: 20, clock: systemClock })
      .then(
        () => new Error('start resolved'),
        (e: unknown) => e as Error,
      );
    expect(silent.message).toMatch(/printed no reading within 0\.3 s/);
  });

  it('a missing program is unavailable at probe time', async () => {
    const p = await createCommandSource({ argv: ['llem-no-such-meter', '--watts'] }).probe();
    expect(p.available).toBe(false);
    expect(p.reason).toMatch(/llem-no-such-meter is not an executable file on PATH/);
  });

  it('is killed on stop, with what it started (its process group)', async () => {
    const pids = join(dir, 'pids');
    const r = await measure(
      meter(
        `const c = require('node:child_process').spawn('sleep', ['30'], { stdio: 'ignore' });` +
          `require('node:fs').writeFileSync(${JSON.stringify(pids)}, process.pid + ' ' + c.pid);` +
          `setInterval(() => console.log('75'), every);`,
      ),
      200,
    );
    expect(r.energyJ).toBeGreaterThan(0);
    const [self, child] = readFileSync(pids, 'utf8').split(' ').map(Number);
    await systemClock.sleep(100);
    expect(alive(self!)).toBe(false);
    expect(alive(child!)).toBe(false);
  });
});
