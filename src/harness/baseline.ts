import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { engineSettings } from '../config/engine-settings.js';
import type { ExperimentConfig } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { configHash } from '../core/hash.js';
import type { BaselineRecord, BaselineValidationRecord, CpuShareRecord } from '../core/records.js';
import type { LlemWarning } from '../core/warning.js';
import { startSources } from '../energy/auto.js';
import { integratePower, type PowerPoint } from '../energy/integrate.js';
import type { EnergyReading, EnergySource, EnergyStartOptions } from '../energy/source.js';
import { writeJsonAtomic } from '../store/atomic.js';
import { firstCpuShare, readingMeanW } from './energy-figures.js';

/** What a `validated` spot check found. */
export type BaselineValidation = BaselineValidationRecord;

/** Idle power per energy scope, measured with the engine runtime up and no work (as recorded). */
export type Baseline = BaselineRecord;

interface CacheEntry {
  key: string;
  power_w: Record<string, number>;
  power_uncertainty_w?: Record<string, number>;
  power_drift_w?: Record<string, number>;
  source_power_w?: Record<string, number>;
  cpu_share?: CpuShareRecord | null;
  duration_s: number;
  measured_at_ms: number;
  /** Experiments that used it since it was measured or last validated. */
  uses_since_validation?: number;
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

/** Idle power by scope (and its uncertainty) from readings taken over an idle interval. */
export interface IdlePower {
  power_w: Record<string, number>;
  power_uncertainty_w: Record<string, number>;
  power_drift_w: Record<string, number>;
  source_power_w: Record<string, number>;
  /** Who used the CPU over the idle interval; null when no reading carried it. */
  cpu_share: CpuShareRecord | null;
}

/**
 * Idle drift of one reading: the devices' sampled power integrated over the first and second
 * half of the sampled span, |P₂ − P₁| in watts; undefined without power samples.
 */
export function idleDriftW(r: EnergyReading): number | undefined {
  const byDevice = new Map<string, PowerPoint[]>();
  for (const s of r.samples) {
    if (s.powerW === undefined) continue;
    byDevice.set(s.device, [...(byDevice.get(s.device) ?? []), { tMs: s.tMs, powerW: s.powerW }]);
  }
  const times = r.samples.filter((s) => s.powerW !== undefined).map((s) => s.tMs);
  if (times.length < 2) return undefined;
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  if (!(t1 > t0)) return undefined;
  const mid = (t0 + t1) / 2;
  let first = 0;
  let second = 0;
  for (const points of byDevice.values()) {
    first += integratePower(points, t0, mid)?.meanPowerW ?? 0;
    second += integratePower(points, mid, t1)?.meanPowerW ?? 0;
  }
  return Math.abs(second - first);
}

/** Idle watts by scope from readings taken over an idle interval; uncertainties of one scope add in quadrature. */
export function idlePowerByScope(readings: readonly EnergyReading[]): IdlePower {
  const power: Record<string, number> = {};
  const variance: Record<string, number> = {};
  const drift: Record<string, number> = {};
  const bySource: Record<string, number> = {};
  for (const r of readings) {
    if (r.durationS <= 0) continue;
    const meanW = readingMeanW(r);
    power[r.scope] = (power[r.scope] ?? 0) + meanW;
    bySource[`${r.source}:${r.scope}`] = meanW;
    variance[r.scope] = (variance[r.scope] ?? 0) + (r.uncertaintyJ / r.durationS) ** 2;
    const d = idleDriftW(r);
    // Drifts of different sources of one scope add (worst case: they moved together).
    if (d !== undefined) drift[r.scope] = (drift[r.scope] ?? 0) + d;
  }
  return {
    power_w: power,
    power_uncertainty_w: Object.fromEntries(Object.entries(variance).map(([k, v]) => [k, Math.sqrt(v)])),
    power_drift_w: drift,
    source_power_w: bySource,
    cpu_share: firstCpuShare(readings) ?? null,
  };
}

/** Measures idle power for `durationS` seconds with every selected source. */
export async function measureIdle(
  sources: readonly EnergySource[],
  start: Omit<EnergyStartOptions, 'signal'>,
  durationS: number,
  clock: Clock,
  signal?: AbortSignal,
): Promise<IdlePower> {
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
 * Length of a `validated` spot check: a quarter of the full baseline, at least 5 s (shorter idle
 * windows are dominated by counter edges and noise), never longer than the baseline itself.
 */
export function spotCheckDurationS(durationS: number): number {
  return Math.min(durationS, Math.max(5, durationS / 4));
}

/** Largest relative drift of `spot` from `cached` over the cached scopes; Infinity when a scope is missing. */
export function baselineDrift(cached: Record<string, number>, spot: Record<string, number>): number {
  let drift = 0;
  for (const [scope, w] of Object.entries(cached)) {
    const s = spot[scope];
    if (s === undefined) return Number.POSITIVE_INFINITY;
    drift = Math.max(drift, w > 0 ? Math.abs(s - w) / w : s > 0 ? Number.POSITIVE_INFINITY : 0);
  }
  return drift;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '∞');

/**
 * Returns the baseline for this experiment following the configured strategy (SPEC §2.1, §5).
 * `fresh` measures every time. `cached` reuses a measurement for the same engine and device set
 * younger than `cache_ttl_s`. `validated` does the same, and every `validation_interval`
 * experiments runs a spot check (`spotCheckDurationS`) first: if idle power drifted more than
 * `drift_threshold` in any scope, it measures a full baseline again; the cache file counts the
 * experiments since the last validation. What happened is recorded in `action` and `validation`.
 */
export async function obtainBaseline(
  o: BaselineOptions,
): Promise<{ baseline: Baseline; warnings: LlemWarning[] }> {
  const warnings: LlemWarning[] = [];
  const { strategy, cache_ttl_s: ttlS, duration_s: durationS } = o.config;
  const now = o.clock.wallMs();
  const base = { strategy, cache_key: o.cacheKey, cache_ttl_s: ttlS };
  let why =
    strategy === 'fresh'
      ? 'measured: strategy fresh'
      : 'measured: no cached baseline for this engine and device set';
  if (strategy !== 'fresh') {
    const cached = (await readCache(o.cacheFile)).find((e) => e.key === o.cacheKey);
    const ageS = cached ? (now - cached.measured_at_ms) / 1000 : 0;
    if (cached && ageS >= 0 && ageS <= ttlS) {
      const reused = {
        ...base,
        power_w: cached.power_w,
        power_uncertainty_w: cached.power_uncertainty_w ?? {},
        power_drift_w: cached.power_drift_w ?? {},
        source_power_w: cached.source_power_w ?? {},
        cpu_share: cached.cpu_share ?? null,
        duration_s: cached.duration_s,
        measured_at: new Date(cached.measured_at_ms).toISOString(),
        from_cache: true,
        age_s: ageS,
      };
      if (strategy === 'cached') {
        return {
          baseline: {
            ...reused,
            action: `reused: measured ${ageS.toFixed(0)} s ago`,
            uses_since_validation: null,
            validation: null,
          },
          warnings,
        };
      }
      const uses = cached.uses_since_validation ?? 1;
      if (uses < o.config.validation_interval) {
        await writeCache(o.cacheFile, { ...cached, uses_since_validation: uses + 1 }, ttlS);
        const action = `reused: measured ${ageS.toFixed(0)} s ago; ${uses + 1} of ${o.config.validation_interval} experiments before the next spot check`;
        return {
          baseline: { ...reused, action, uses_since_validation: uses + 1, validation: null },
          warnings,
        };
      }
      const spotS = spotCheckDurationS(durationS);
      const spot = await measureIdle(o.sources, o.start, spotS, o.clock, o.signal);
      const drift = baselineDrift(cached.power_w, spot.power_w);
      const validation: BaselineValidation = {
        outcome: drift > o.config.drift_threshold ? 'remeasured' : 'kept',
        spot_duration_s: spotS,
        spot_power_w: spot.power_w,
        cached_power_w: cached.power_w,
        drift,
        drift_threshold: o.config.drift_threshold,
        validation_interval: o.config.validation_interval,
      };
      if (validation.outcome === 'kept') {
        await writeCache(o.cacheFile, { ...cached, uses_since_validation: 1 }, ttlS);
        const action = `validated: a ${spotS} s spot check drifted ${pct(drift)} ≤ ${pct(o.config.drift_threshold)}, cached baseline kept`;
        return { baseline: { ...reused, action, uses_since_validation: 1, validation }, warnings };
      }
      warnings.push({
        code: 'BASELINE_DRIFT',
        message: `idle power drifted ${pct(drift)} (> ${pct(o.config.drift_threshold)}) since the cached baseline of ${new Date(cached.measured_at_ms).toISOString()}: re-measured`,
      });
      const fresh = await measureFresh(o, now, 1);
      return {
        baseline: {
          ...base,
          ...fresh,
          action: `re-measured: a ${spotS} s spot check drifted ${pct(drift)} > ${pct(o.config.drift_threshold)}`,
          validation,
        },
        warnings,
      };
    }
    if (cached) why = `measured: the cached baseline expired (age ${ageS.toFixed(0)} s, cache_ttl_s ${ttlS})`;
  }
  const fresh = await measureFresh(o, now, strategy === 'validated' ? 1 : null);
  return { baseline: { ...base, ...fresh, action: why, validation: null }, warnings };
}

/** Measures a full baseline and caches it. */
async function measureFresh(
  o: BaselineOptions,
  now: number,
  uses: number | null,
): Promise<Omit<Baseline, 'strategy' | 'cache_key' | 'cache_ttl_s' | 'action' | 'validation'>> {
  const { duration_s: durationS, cache_ttl_s: ttlS } = o.config;
  const idle = await measureIdle(o.sources, o.start, durationS, o.clock, o.signal);
  await writeCache(
    o.cacheFile,
    {
      key: o.cacheKey,
      ...idle,
      duration_s: durationS,
      measured_at_ms: now,
      ...(uses === null ? {} : { uses_since_validation: uses }),
    },
    ttlS,
  );
  return {
    ...idle,
    duration_s: durationS,
    measured_at: new Date(now).toISOString(),
    from_cache: false,
    age_s: 0,
    uses_since_validation: uses,
  };
}

async function readCache(file: string): Promise<CacheEntry[]> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (e): e is CacheEntry =>
        typeof e === 'object' &&
        e !== null &&
        typeof e.key === 'string' &&
        typeof e.measured_at_ms === 'number',
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

/**
 * Baselines are cached per machine, engine, energy sources and devices (SPEC §5), and, since the
 * baseline is taken with the model loaded, per model and engine settings: resident weights and
 * context memory change idle power (VRAM, DRAM refresh, a GPU runtime's clocks).
 */
export function baselineCacheKey(
  config: ExperimentConfig,
  chosen: readonly string[],
  devices: readonly { id: string }[],
): string {
  return [
    hostname(),
    config.engine,
    config.model,
    configHash(engineSettings(config)).slice(0, 16),
    ...chosen,
    ...devices.map((d) => d.id),
  ].join('|');
}
