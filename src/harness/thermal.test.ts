import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TelemetrySample } from '../energy/source.js';
import { checkThermalPlateau, PLATEAU_RISE_C, thermalPlateau } from './thermal.js';

/** Samples every 100 ms for `s` seconds of temperature `f(t)` (whole degrees, as NVML reports). */
const trace = (s: number, f: (tS: number) => number, device = 'gpu0'): TelemetrySample[] =>
  Array.from({ length: s * 10 + 1 }, (_, i) => ({
    tMs: 5_000 + i * 100,
    device,
    temperatureC: Math.round(f(i / 10)),
  }));

describe('thermalPlateau', () => {
  it('is reached when the temperature has levelled off over the last 30 s', () => {
    // Heats 40 → 70 °C over the first 40 s, then stays: only the last 30 s are judged.
    const p = thermalPlateau(trace(80, (t) => 40 + 30 * Math.min(1, t / 40)));
    expect(p).toMatchObject({ reached: true, span_s: 30, device: 'gpu0', end_temperature_c: 70 });
    expect(checkThermalPlateau(p)).toMatchObject({
      id: 'thermal_plateau',
      passed: true,
      severity: 'warning',
    });
  });

  it('is not reached while the device is still heating, and names the device', () => {
    const p = thermalPlateau([
      ...trace(60, () => 50, 'gpu0'),
      ...trace(60, (t) => 40 + t / 4, 'gpu1'), // 15 °C/min
    ]);
    expect(p).toMatchObject({ reached: false, device: 'gpu1' });
    expect(p!.rise_c).toBeCloseTo(5, 0);
    const c = checkThermalPlateau(p);
    expect(c).toMatchObject({ passed: false, severity: 'warning', threshold: PLATEAU_RISE_C });
    expect(c!.detail).toMatch(/gpu1.*still heating.*thermal_floor_s/);
  });

  it('cannot be shown on less than 10 s of warm-up, which is a failed (warning) check', () => {
    const p = thermalPlateau(trace(6, () => 50));
    expect(p).toMatchObject({ reached: null, rise_c: null });
    expect(checkThermalPlateau(p)).toMatchObject({ passed: false, severity: 'warning' });
    expect(checkThermalPlateau(p)!.detail).toMatch(/raise thermal_floor_s/);
  });

  it('does not apply without temperatures', () => {
    expect(thermalPlateau([{ tMs: 0, device: 'cpu', powerW: 10 }])).toBeUndefined();
    expect(checkThermalPlateau(undefined)).toBeUndefined();
  });

  it('a flat trace with sensor noise of one step is a plateau; a rise of two degrees or more is not (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: 90 }),
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 301, maxLength: 301 }),
        fc.integer({ min: 2, max: 20 }),
        (level, noise, rise) => {
          const flat = trace(30, (t) => level + noise[Math.round(t * 10)]!);
          expect(thermalPlateau(flat)!.reached).toBe(true);
          const heating = trace(30, (t) => level + (rise * 1.5 * t) / 30);
          expect(thermalPlateau(heating)!.reached).toBe(false);
        },
      ),
    );
  });
});
