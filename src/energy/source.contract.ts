import { describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../core/clock.js';
import { isLlemError } from '../core/errors.js';
import type { EnergyReading, EnergyScope, EnergySource, TelemetrySample } from './source.js';

/** Options of the shared energy-source contract suite. */
export interface EnergySourceContractOptions {
  /** Whether the source should be available where the suite runs (default true); when false, only the probe and the start refusal are checked. */
  expectAvailable?: boolean;
  /** Clock handed to `start` (default the system clock; the window is slept on it). */
  clock?: Clock;
  /** Measurement window, ms (default 300). */
  windowMs?: number;
  /** Sampling interval, ms (default 50). */
  sampleIntervalMs?: number;
}

const SCOPES: readonly EnergyScope[] = ['gpu', 'cpu', 'dram', 'node', 'estimate'];
const METHODS = ['counter', 'integrated', 'estimate'];

/** Asserts a value is a finite, non-negative number. */
function nonNegative(x: unknown, what: string): void {
  expect(typeof x, what).toBe('number');
  expect(Number.isFinite(x as number), `${what} is finite`).toBe(true);
  expect(x as number, what).toBeGreaterThanOrEqual(0);
}

/** Checks the telemetry series: times inside the window and strictly increasing per device. */
function checkSamples(samples: readonly TelemetrySample[], t0: number, t1: number): void {
  const last = new Map<string, number>();
  for (const s of samples) {
    expect(typeof s.device).toBe('string');
    expect(s.tMs, 'sample time inside the window').toBeGreaterThanOrEqual(t0);
    expect(s.tMs, 'sample time inside the window').toBeLessThanOrEqual(t1);
    const prev = last.get(s.device);
    if (prev !== undefined) expect(s.tMs, `samples of ${s.device} have increasing tMs`).toBeGreaterThan(prev);
    last.set(s.device, s.tMs);
    if (s.powerW !== undefined) nonNegative(s.powerW, 'sample powerW');
    if (s.utilizationPct !== undefined) {
      nonNegative(s.utilizationPct, 'utilizationPct');
      expect(s.utilizationPct).toBeLessThanOrEqual(100);
    }
    if (s.temperatureC !== undefined) expect(Number.isFinite(s.temperatureC)).toBe(true);
  }
}

/** Checks one reading against the interface's promises. */
function checkReading(src: EnergySource, r: EnergyReading, t0: number, t1: number, intervalMs: number): void {
  expect(r.source).toBe(src.name);
  expect(src.scopes).toContain(r.scope);
  expect(METHODS).toContain(r.method);
  nonNegative(r.energyJ, 'energyJ');
  nonNegative(r.uncertaintyJ, 'uncertaintyJ');
  expect(r.uncertaintyBasis.trim().length, 'uncertaintyBasis explains the uncertainty').toBeGreaterThan(0);
  // Every source states its calibration class, with where the figure comes from (SPEC §4).
  expect(r.accuracy, 'accuracy: the source states its calibration class').toBeDefined();
  expect(Number.isFinite(r.accuracy.fraction), 'accuracy.fraction is finite').toBe(true);
  expect(r.accuracy.fraction, 'accuracy.fraction > 0: no sensor is exact').toBeGreaterThan(0);
  expect(r.accuracy.fraction, 'accuracy.fraction ≤ 1').toBeLessThanOrEqual(1);
  if (r.accuracy.floorW !== undefined) nonNegative(r.accuracy.floorW, 'accuracy.floorW');
  expect(r.accuracy.basis.trim().length, 'accuracy.basis says where the class comes from').toBeGreaterThan(0);
  nonNegative(r.durationS, 'durationS');
  expect(r.durationS * 1000, 'durationS fits in the window').toBeLessThanOrEqual(t1 - t0 + 1);
  expect(r.devices.length, 'at least one device').toBeGreaterThan(0);
  let sum = 0;
  for (const d of r.devices) {
    if (d.notSummed !== undefined) {
      expect(d.notSummed.length, 'notSummed says which device includes it').toBeGreaterThan(0);
      nonNegative(d.energyJ, `${d.device} energyJ`);
      continue;
    }
    expect(src.scopes).toContain(d.scope);
    expect(METHODS).toContain(d.method);
    nonNegative(d.energyJ, `${d.device} energyJ`);
    nonNegative(d.uncertaintyJ, `${d.device} uncertaintyJ`);
    nonNegative(d.meanPowerW, `${d.device} meanPowerW`);
    nonNegative(d.peakPowerW, `${d.device} peakPowerW`);
    expect(d.peakPowerW, `${d.device}: a mean never exceeds the peak it averages`).toBeGreaterThanOrEqual(
      d.meanPowerW * (1 - 1e-9),
    );
    sum += d.energyJ;
  }
  expect(Math.abs(sum - r.energyJ), 'energyJ is the sum over the summed devices').toBeLessThanOrEqual(
    1e-9 * Math.max(1, sum),
  );
  checkSamples(r.samples, t0, t1);
  const k = Math.max(1, new Set(r.samples.map((s) => s.device)).size);
  const perDevice = Math.floor((r.durationS * 1000) / intervalMs + 1e-9) + 1;
  expect(
    Math.abs(r.expectedSamples - k * perDevice),
    'expectedSamples = devices × (⌊T/interval⌋ + 1)',
  ).toBeLessThanOrEqual(k);
  expect(r.samples.length, 'no more samples than the interval allows').toBeLessThanOrEqual(
    r.expectedSamples + k,
  );
  expect(Array.isArray(r.notes)).toBe(true);
  for (const n of r.notes) expect(typeof n).toBe('string');
  if (r.otherProcesses !== undefined) for (const p of r.otherProcesses) expect(typeof p).toBe('string');
  if (r.samplerCpuS !== undefined) nonNegative(r.samplerCpuS, 'samplerCpuS');
}

/** Checks every reading of one stop: at least one, each valid, one per scope. */
function checkReadings(
  src: EnergySource,
  rs: readonly EnergyReading[],
  t0: number,
  t1: number,
  intervalMs: number,
): void {
  expect(Array.isArray(rs), 'stop() resolves with an array of readings').toBe(true);
  expect(rs.length, 'at least one reading').toBeGreaterThan(0);
  const scopes = rs.map((r) => r.scope);
  expect(new Set(scopes).size, 'one reading per scope').toBe(scopes.length);
  for (const r of rs) checkReading(src, r, t0, t1, intervalMs);
}

/**
 * Registers the contract every energy source must pass (SPEC §4): probe never throws and
 * explains itself; a window returns non-negative energy with scope, method, uncertainty and an
 * increasing timeseries consistent with the interval; a second stop is safe (same reading) or
 * throws a clear `LlemError`; an abort signal stops sampling. Call it from a `*.test.ts` file.
 */
export function describeEnergySourceContract(
  name: string,
  makeSource: () => EnergySource | Promise<EnergySource>,
  opts: EnergySourceContractOptions = {},
): void {
  const clock = opts.clock ?? systemClock;
  const windowMs = opts.windowMs ?? 300;
  const intervalMs = opts.sampleIntervalMs ?? 50;
  const expectAvailable = opts.expectAvailable ?? true;

  describe(`energy source contract: ${name}`, () => {
    it('has a name and valid scopes', async () => {
      const src = await makeSource();
      expect(src.name.length).toBeGreaterThan(0);
      expect(src.scopes.length).toBeGreaterThan(0);
      for (const s of src.scopes) expect(SCOPES).toContain(s);
    });

    it('probe never throws and explains itself', async () => {
      const src = await makeSource();
      const p = await src.probe();
      expect(p.source).toBe(src.name);
      expect(p.available).toBe(expectAvailable);
      expect(p.reason.trim().length, 'probe reason is a sentence, not a flag').toBeGreaterThanOrEqual(10);
      expect(Array.isArray(p.devices)).toBe(true);
      if (p.available) expect(p.devices.length).toBeGreaterThan(0);
      for (const d of p.devices) {
        expect(d.id.length).toBeGreaterThan(0);
        expect(src.scopes).toContain(d.scope);
      }
    });

    if (!expectAvailable) {
      it('start refuses with ERR_ENERGY_UNAVAILABLE and a reason', async () => {
        const src = await makeSource();
        const err = await src.start({ sampleIntervalMs: intervalMs, clock }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isLlemError(err, 'ERR_ENERGY_UNAVAILABLE'), String(err)).toBe(true);
        expect((err as Error).message).toContain(src.name);
      });
      return;
    }

    it('measures a window: non-negative energy, scope, method, uncertainty, samples', async () => {
      const src = await makeSource();
      const t0 = clock.nowMs();
      const session = await src.start({ sampleIntervalMs: intervalMs, clock });
      await clock.sleep(windowMs / 2);
      const live = session.livePowerW();
      if (live !== undefined) nonNegative(live, 'livePowerW');
      await clock.sleep(windowMs / 2);
      const rs = await session.stop();
      const t1 = clock.nowMs();
      checkReadings(src, rs, t0, t1, intervalMs);
      for (const r of rs) {
        expect(r.durationS * 1000, 'durationS covers most of the window').toBeGreaterThanOrEqual(
          windowMs * 0.5,
        );
        expect(r.samples.length, 'at least one sample').toBeGreaterThan(0);
      }
    });

    it('stop twice is safe or throws a clear error', async () => {
      const src = await makeSource();
      const session = await src.start({ sampleIntervalMs: intervalMs, clock });
      await clock.sleep(intervalMs * 2);
      const first = await session.stop();
      const second = await session.stop().then(
        (r) => ({ r }),
        (e: unknown) => ({ e }),
      );
      if ('r' in second) expect(second.r).toEqual(first);
      else {
        expect(isLlemError(second.e), String(second.e)).toBe(true);
        expect((second.e as Error).message).toMatch(/stop/i);
      }
    });

    it('an abort signal stops sampling', async () => {
      const src = await makeSource();
      const ac = new AbortController();
      const t0 = clock.nowMs();
      const session = await src.start({ sampleIntervalMs: intervalMs, clock, signal: ac.signal });
      await clock.sleep(windowMs / 2);
      const abortedAt = clock.nowMs();
      ac.abort();
      await clock.sleep(windowMs / 2);
      const rs = await session.stop();
      for (const r of rs)
        for (const s of r.samples)
          expect(s.tMs, 'no sample after the abort').toBeLessThanOrEqual(abortedAt + 1);
      checkReadings(src, rs, t0, abortedAt + 1, intervalMs);
    });
  });
}
