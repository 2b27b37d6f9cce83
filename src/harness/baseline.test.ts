import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { createEstimateSource } from '../energy/estimate/estimate-source.js';
import { obtainBaseline } from './baseline.js';

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
