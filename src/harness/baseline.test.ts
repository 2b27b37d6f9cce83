import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { createEstimateSource } from '../energy/estimate/estimate-source.js';
import type { EnergyReading, EnergySource } from '../energy/source.js';
import {
  baselineDrift,
  idleDriftW,
  idlePowerByScope,
  obtainBaseline,
  spotCheckDurationS,
} from './baseline.js';

// The real estimate source over the real /proc: no mocks; short durations keep the test fast.
const source = createEstimateSource({ dramWPerGib: 0.375 });
const config = {
  enabled: true,
  duration_s: 0.3,
  strategy: 'cached' as 'fresh' | 'cached' | 'validated',
  cache_ttl_s: 3600,
  validation_interval: 5,
  drift_threshold: 0.1,
};

function options(cacheFile: string, over: Partial<typeof config> = {}) {
  return {
    config: { ...config, ...over },
    sources: [source],
    start: { sampleIntervalMs: 50, clock: systemClock },
    cacheKey: 'host|llamacpp|estimate|cpu',
    cacheFile,
    clock: systemClock,
  };
}

describe('obtainBaseline', () => {
  it('measures idle power per scope, then reuses it from the cache within the TTL', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llem-bl-')), '.baseline-cache.json');
    const first = await obtainBaseline(options(file));
    expect(first.baseline.from_cache).toBe(false);
    expect(first.baseline.power_w.estimate).toBeGreaterThan(0);
    const second = await obtainBaseline(options(file));
    expect(second.baseline.from_cache).toBe(true);
    expect(second.baseline.power_w).toEqual(first.baseline.power_w);
    // Who used the CPU while idle is measured, and carried with the cached figure.
    expect(first.baseline.cpu_share!.capacity_cpu_s).toBeGreaterThan(0);
    expect(first.baseline.cpu_share!.other_fraction).toBeGreaterThanOrEqual(0);
    expect(second.baseline.cpu_share).toEqual(first.baseline.cpu_share);
  });

  it('fresh always measures; an expired or corrupt cache is re-measured', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llem-bl-')), '.baseline-cache.json');
    await obtainBaseline(options(file));
    expect((await obtainBaseline(options(file, { strategy: 'fresh' }))).baseline.from_cache).toBe(false);
    const entries = JSON.parse(readFileSync(file, 'utf8'));
    entries[0].measured_at_ms -= 7200_000;
    writeFileSync(file, JSON.stringify(entries));
    expect((await obtainBaseline(options(file))).baseline.from_cache).toBe(false);
    writeFileSync(file, '{not json');
    expect((await obtainBaseline(options(file))).baseline.from_cache).toBe(false);
  });

  it('an abort during the baseline stops the sampler and rejects', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llem-bl-')), '.baseline-cache.json');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(
      obtainBaseline({ ...options(file, { duration_s: 5 }), signal: controller.signal }),
    ).rejects.toThrow('stop');
  });
});

/** A source idling at a settable power (the strategy logic is under test, not a sensor). */
function idleAt(watts: { w: number }): EnergySource {
  return {
    name: 'fixed',
    scopes: ['gpu'],
    probe: async () => ({ source: 'fixed', available: true, reason: 'fixed power for tests', devices: [] }),
    start: async (so) => {
      const t0 = so.clock.nowMs();
      return {
        livePowerW: () => watts.w,
        stop: async () => {
          const durationS = (so.clock.nowMs() - t0) / 1000;
          return [
            {
              source: 'fixed',
              scope: 'gpu',
              method: 'counter',
              energyJ: watts.w * durationS,
              uncertaintyJ: 0.01,
              uncertaintyBasis: 'fixed',
              accuracy: { fraction: 0.05, basis: 'test class' },
              durationS,
              devices: [],
              samples: [],
              expectedSamples: 0,
              notes: [],
            },
          ];
        },
      };
    },
  };
}

describe('obtainBaseline: validated', () => {
  const validated = (file: string, watts: { w: number }, over: Partial<typeof config> = {}) => ({
    ...options(file, { strategy: 'validated', validation_interval: 3, drift_threshold: 0.1, ...over }),
    sources: [idleAt(watts)],
  });

  it('counts uses in the cache file, spot-checks every validation_interval experiments, keeps the cache when it holds', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llem-bl-')), '.baseline-cache.json');
    const watts = { w: 70 };
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push((await obtainBaseline(validated(file, watts))).baseline);
    expect(runs.map((b) => b.uses_since_validation)).toEqual([1, 2, 3, 1, 2]);
    expect(runs.map((b) => b.from_cache)).toEqual([false, true, true, true, true]);
    expect(runs[0]!.action).toMatch(/^measured: no cached baseline/);
    expect(runs[3]!.validation).toMatchObject({
      outcome: 'kept',
      validation_interval: 3,
      drift_threshold: 0.1,
    });
    expect(runs[3]!.validation!.drift).toBeLessThan(0.1);
    expect(runs[3]!.action).toMatch(
      /^validated: a 0\.3 s spot check drifted \d+\.\d % ≤ 10\.0 %, cached baseline kept$/,
    );
    expect(JSON.parse(readFileSync(file, 'utf8'))[0].uses_since_validation).toBe(2);
    expect(runs[0]!.power_uncertainty_w.gpu).toBeGreaterThan(0);
  });

  it('re-measures when the spot check drifts past drift_threshold, and says so', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llem-bl-')), '.baseline-cache.json');
    const watts = { w: 70 };
    await obtainBaseline(validated(file, watts, { validation_interval: 1 }));
    watts.w = 90; // the GPU idles 29 % higher now (another tenant, a clock change…)
    const { baseline, warnings } = await obtainBaseline(validated(file, watts, { validation_interval: 1 }));
    expect(baseline.validation).toMatchObject({ outcome: 'remeasured', cached_power_w: { gpu: 70 } });
    expect(baseline.validation!.spot_power_w.gpu).toBeCloseTo(90, 6);
    expect(baseline.from_cache).toBe(false);
    expect(baseline.power_w.gpu).toBeCloseTo(90, 6);
    expect(baseline.action).toMatch(/^re-measured: a 0\.3 s spot check drifted 28\.6 % > 10\.0 %$/);
    expect(warnings.map((w) => w.code)).toEqual(['BASELINE_DRIFT']);
    expect(baseline.uses_since_validation).toBe(1);
  });

  it('a spot check lasts a quarter of the baseline, at least 5 s, at most the baseline', () => {
    expect(spotCheckDurationS(30)).toBe(7.5);
    expect(spotCheckDurationS(12)).toBe(5);
    expect(spotCheckDurationS(0.3)).toBe(0.3);
    expect(baselineDrift({ gpu: 100, cpu: 50 }, { gpu: 95, cpu: 60 })).toBeCloseTo(0.2, 9);
    expect(baselineDrift({ gpu: 100 }, {})).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('idle drift and per-source idle power', () => {
  it('drift is |second half − first half| of the sampled idle power; per-source idle is kept', () => {
    const samples = Array.from({ length: 11 }, (_, k) => ({ tMs: k * 1000, device: 'gpu0', powerW: 50 + k }));
    const r: EnergyReading = {
      source: 'nvml',
      scope: 'gpu',
      method: 'counter',
      energyJ: 550,
      uncertaintyJ: 1,
      uncertaintyBasis: 'test',
      accuracy: { fraction: 0.05, basis: 'test class' },
      durationS: 10,
      devices: [],
      samples,
      expectedSamples: 11,
      notes: [],
    };
    expect(idleDriftW(r)).toBeCloseTo(5, 9); // mean 52.5 W then 57.5 W
    const idle = idlePowerByScope([r, { ...r, source: 'other', samples: [] }]);
    expect(idle.power_w.gpu).toBeCloseTo(110, 9);
    expect(idle.power_drift_w.gpu).toBeCloseTo(5, 9); // the source without samples adds nothing
    expect(idle.source_power_w).toEqual({ 'nvml:gpu': 55, 'other:gpu': 55 });
    expect(idleDriftW({ ...r, samples: [] })).toBeUndefined();
  });
});
