import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/load.js';
import { forecastTemperature } from './temperature-forecast.js';

describe('forecastTemperature', () => {
  it('the CPU estimate reports no temperature: thermal floors will be skipped', async () => {
    const energy = resolveConfig({
      model: 'builtin:tiny',
      measurement: { energy: { sources: ['estimate'] } },
    }).config.measurement.energy;
    expect(await forecastTemperature(energy, {})).toEqual({ reported: false, sources: ['estimate'] });
  });
  it.skipIf(existsSync('/sys/class/powercap/intel-rapl:0'))(
    'a source that cannot measure here gives no forecast',
    async () => {
      const energy = resolveConfig({ model: 'builtin:tiny', measurement: { energy: { sources: ['rapl'] } } })
        .config.measurement.energy;
      expect(await forecastTemperature(energy, {})).toBeUndefined();
    },
  );
});
