import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExperimentConfig } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { LlemWarning } from '../core/warning.js';
import type { EnergyReading, EnergySource, EnergyStartOptions } from '../energy/source.js';
import { startSources } from '../energy/auto.js';
import { writeJsonAtomic } from '../store/atomic.js';

/** Idle power per energy scope, measured with the engine runtime up and no work. */
export interface Baseline {
  strategy: 'fresh' | 'cached' | 'validated';
  /** Idle watts by scope (`gpu`, `cpu`, `estimate`…). */
  power_w: Record<string, number>;
  duration_s: number;
  /** Wall time the measurement was taken, ISO 8601. */
  measured_at: string;
  /** True when this run reused a cached measurement. */
  from_cache: boolean;
  cache_key: string;
  /** Seconds since the measurement, at use. */
  age_s: number;
}

interface CacheEntry {
  key: string;
  power_w: Record<string, number>;
  duration_s: number;
  measured_at_ms: number;
}

/** Options for obtaining a baseline. */
export interface BaselineOptions {
  config: ExperimentConfig['measurement']['baseline'];
  sources: readonly EnergySource[];
  start: Omit<EnergyStartOptions, 'signal'>;
  /** Key for the cache: engine and device set. */
  cacheKey: string;
  /** File holding cached baselines (`<results>/.baseline-cache.json`). */
  cacheFile: string;
  clock: Clock;
  signal?: AbortSignal;
}

/** Idle watts by scope from readings taken over an idle interval. */
export function idlePowerByScope(readings: readonly EnergyReading[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of readings) {
    if (r.durationS <= 0) continue;
    out[r.scope] = (out[r.scope] ?? 0) + r.energyJ / r.durationS;
  }
  return out;
}

/** Measures idle power for `durationS` seconds with every selected source. */
export async function measureIdle(
  sources: readonly EnergySource[],
  start: Omit<EnergyStartOptions, 'signal'>,
  durationS: number,
  clock: Clock,
  signal?: AbortSignal,
): Promise<Record<string, number>> {
  const session = await startSources(sources, { ...start, ...(signal ? { signal } : {}) });
  let readings: EnergyReading[] = [];
  try {
    await clock.sleep(durationS * 1000, signal);
  } finally {
    // Always stop the samplers, even on abort, so no timer outlives the phase.
    readings = await session.stop();
  }
  return idlePowerByScope(readings);
}

/**
 * Returns the baseline for this experiment following the configured strategy.
 * `cached` reuses a measurement for the same engine and device set younger than `cache_ttl_s`.
 * `validated` behaves as `cached` here; its periodic spot checks belong to the study runner,
 * and the returned warning says so.
 */
export async function obtainBaseline(o: BaselineOptions): Promise<{ baseline: Baseline; warnings: LlemWarning[] }> {
  const warnings: LlemWarning[] = [];
  const { strategy, cache_ttl_s: ttlS, duration_s: durationS } = o.config;
  const now = o.clock.wallMs();
  if (strategy !== 'fresh') {
    const cached = (await readCache(o.cacheFile)).find((e) => e.key === o.cacheKey);
    if (cached && now - cached.measured_at_ms <= ttlS * 1000 && now >= cached.measured_at_ms) {
      if (strategy === 'validated') {
        warnings.push({
          code: 'BASELINE_NOT_VALIDATED',
          message: 'validated baselines are spot-checked by the study runner; a single experiment reused the cache',
        });
      }
      return {
        baseline: {
          strategy,
          power_w: cached.power_w,
          duration_s: cached.duration_s,
          measured_at: new Date(cached.measured_at_ms).toISOString(),
          from_cache: true,
          cache_key: o.cacheKey,
          age_s: (now - cached.measured_at_ms) / 1000,
        },
        warnings,
      };
    }
  }
  const power = await measureIdle(o.sources, o.start, durationS, o.clock, o.signal);
  const entry: CacheEntry = { key: o.cacheKey, power_w: power, duration_s: durationS, measured_at_ms: now };
  await writeCache(o.cacheFile, entry, ttlS);
  return {
    baseline: {
      strategy,
      power_w: power,
      duration_s: durationS,
      measured_at: new Date(now).toISOString(),
      from_cache: false,
      cache_key: o.cacheKey,
      age_s: 0,
    },
    warnings,
  };
}

async function readCache(file: string): Promise<CacheEntry[]> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (e): e is CacheEntry =>
        typeof e === 'object' && e !== null && typeof e.key === 'string' && typeof e.measured_at_ms === 'number',
    );
  } catch {
    // A missing or corrupt cache only costs a fresh measurement.
    return [];
  }
}

async function writeCache(file: string, entry: CacheEntry, ttlS: number): Promise<void> {
  const keep = (await readCache(file)).filter(
    (e) => e.key !== entry.key && entry.measured_at_ms - e.measured_at_ms <= ttlS * 1000,
  );
  await mkdir(dirname(file), { recursive: true });
  await writeJsonAtomic(file, [...keep, entry]);
}
