import { join } from 'node:path';
import { LlemError } from '../../core/errors.js';
import { deviceWindowFigures, sumDevices } from '../device-reading.js';
import type { PowerPoint } from '../integrate.js';
import { startSampler } from '../sampler.js';
import type {
  AccuracyClass,
  DeviceEnergy,
  EnergyReading,
  EnergySession,
  EnergySource,
  EnergyStartOptions,
  TelemetrySample,
} from '../source.js';
import { type ReadText, readNumber, readText } from '../sysfs.js';
import type { UncertaintyTerm } from '../uncertainty.js';
import { type AmdCard, amdDevices, discoverAmdGpus } from './cards.js';

/** Options of the `amdgpu` source. */
export interface AmdGpuOptions {
  /** The DRM folder (default `/sys/class/drm`; tests pass a fixture tree). */
  root?: string;
  /** File reader (default: fs); tests inject one that throws EACCES. */
  read?: ReadText;
}

/** The refresh period assumed for `energy1_input` (the SMU reports at about this rate), seconds. */
const AMD_COUNTER_UPDATE_S = 0.1;

/**
 * AMD publishes no accuracy for the SMU's power reading, which is partly modelled and averaged
 * over about a second; ±10 % is assumed, twice NVML's class (see the README).
 */
const AMDGPU_ACCURACY: AccuracyClass = {
  fraction: 0.1,
  basis: 'amdgpu SMU power: no published accuracy; ±10 % assumed (README, Energy sources and their accuracy)',
};

/**
 * The `amdgpu` source (scope `gpu`): AMD GPUs through the amdgpu hwmon interface. Energy is the
 * `energy1_input` counter (µJ) where the kernel offers one, else the trapezoidal integral of
 * `power1_average`/`power1_input` polled at `sample_interval_ms`; temperature, clocks,
 * utilisation and VRAM use are polled alongside. `power1_average` is itself averaged by the
 * SMU (over about a second), which the sampling uncertainty does not cover.
 */
export function createAmdGpuSource(o: AmdGpuOptions = {}): EnergySource {
  const root = o.root ?? '/sys/class/drm';
  const read = o.read ?? readText;
  return {
    name: 'amdgpu',
    scopes: ['gpu'],
    reportsTemperature: true,
    async probe() {
      try {
        const d = await discoverAmdGpus(root, read);
        if (d.none !== undefined) return { source: 'amdgpu', available: false, reason: d.none, devices: [] };
        const how = d.cards.map(
          (c) => `${c.id} ${c.name} (${c.energyFile ? 'energy counter' : `integrated ${c.powerFile}`})`,
        );
        const caveat = d.problems.length > 0 ? ` (${d.problems.join('; ')})` : '';
        return {
          source: 'amdgpu',
          available: true,
          reason: `amdgpu hwmon in ${root}: ${how.join(', ')}${caveat}`,
          devices: amdDevices(d.cards),
        };
      } catch (e) {
        return {
          source: 'amdgpu',
          available: false,
          reason: `amdgpu probe failed: ${String(e)}`,
          devices: [],
        };
      }
    },
    async start(so) {
      const d = await discoverAmdGpus(root, read);
      if (d.none !== undefined) {
        throw new LlemError(
          'ERR_ENERGY_UNAVAILABLE',
          `energy source "amdgpu" cannot measure here: ${d.none}`,
          {
            details: { source: 'amdgpu', root },
          },
        );
      }
      const cards = so.devices === undefined ? d.cards : d.cards.filter((c) => so.devices!.includes(c.id));
      return startAmdSession(cards, read, so);
    },
  };
}

/** Per-card state while measuring. */
interface CardState {
  card: AmdCard;
  points: PowerPoint[];
  firstUj?: number;
  lastUj?: number;
}

/** Reads one optional number, scaled; undefined when absent or unreadable. */
async function optional(read: ReadText, path: string, scale: number): Promise<number | undefined> {
  const r = await readNumber(read, path);
  return r.ok ? r.value * scale : undefined;
}

/** Polls every card; the first and final polls are the window edges. */
async function startAmdSession(
  cards: readonly AmdCard[],
  read: ReadText,
  so: EnergyStartOptions,
): Promise<EnergySession> {
  const notes = new Set<string>();
  const states: CardState[] = cards.map((card) => ({ card, points: [] }));
  const samples: TelemetrySample[] = [];
  let t0: number | undefined;
  let t1: number | undefined;
  const pollCard = async (s: CardState) => {
    const tMs = so.clock.nowMs();
    const h = s.card.hwmonDir;
    const sample: TelemetrySample = { tMs, device: s.card.id };
    if (s.card.powerFile !== undefined) {
      const p = await readNumber(read, join(h, s.card.powerFile));
      if (p.ok) {
        sample.powerW = p.value / 1e6;
        s.points.push({ tMs, powerW: sample.powerW });
      } else notes.add(`${s.card.id}: ${p.message}`);
    }
    if (s.card.energyFile !== undefined) {
      const e = await readNumber(read, join(h, s.card.energyFile));
      if (e.ok) {
        s.firstUj ??= e.value;
        s.lastUj = e.value;
      } else notes.add(`${s.card.id}: ${e.message}`);
    }
    const extras: [keyof TelemetrySample, string, number][] = [
      ['temperatureC', join(h, 'temp1_input'), 1e-3],
      ['smClockMhz', join(h, 'freq1_input'), 1e-6],
      ['memClockMhz', join(h, 'freq2_input'), 1e-6],
      ['utilizationPct', join(s.card.deviceDir, 'gpu_busy_percent'), 1],
      ['memoryUsedBytes', join(s.card.deviceDir, 'mem_info_vram_used'), 1],
    ];
    for (const [key, path, scale] of extras) {
      const v = await optional(read, path, scale);
      if (v !== undefined) (sample as unknown as Record<string, number>)[key] = v;
    }
    if (Object.keys(sample).length > 2) samples.push(sample);
  };
  const sampler = startSampler({
    intervalMs: so.sampleIntervalMs,
    clock: so.clock,
    finalPoll: true,
    poll: async (tick) => {
      t0 ??= tick.tMs;
      for (const s of states) {
        if (so.signal?.aborted) break; // nothing is read (or stamped) after an abort
        await pollCard(s);
      }
      t1 = tick.tMs;
    },
    ...(so.signal === undefined ? {} : { signal: so.signal }),
    onError: (e) => notes.add(`an amdgpu poll failed: ${e instanceof Error ? e.message : String(e)}`),
  });
  await sampler.firstPoll;
  let result: Promise<EnergyReading[]> | undefined;
  const finish = async (): Promise<EnergyReading[]> => {
    const stats = await sampler.stop();
    if (stats.abortedAtMs !== undefined) notes.add('sampling was aborted; the window ends at the last poll');
    if (stats.skipped > 0)
      notes.add(`${stats.skipped} polling tick(s) skipped because a poll overran the interval`);
    const start = t0 ?? 0;
    const end = t1 ?? start;
    const durationS = Math.max(0, (end - start) / 1000);
    const terms: UncertaintyTerm[] = [];
    const devices = states.map((s) => cardEnergy(s, start, end, terms, notes));
    return [
      sumDevices({
        source: 'amdgpu',
        scope: 'gpu',
        devices,
        terms,
        accuracy: AMDGPU_ACCURACY,
        durationS,
        samples,
        sampleIntervalMs: so.sampleIntervalMs,
        sampledDevices: states.length,
        notes: [...notes],
      }),
    ];
  };
  return {
    livePowerW: () => {
      const last = states.map((s) => s.points[s.points.length - 1]?.powerW).filter((w) => w !== undefined);
      return last.length > 0 ? last.reduce((a, b) => a + b, 0) : undefined;
    },
    stop: () => {
      result ??= finish();
      return result;
    },
  };
}

/**
 * One card's energy through the shared per-device figure function (the same as NVML's): the
 * `energy1_input` difference when both edges were read and it did not go backwards, else
 * integrated power, else 0 J bounded by the power cap × window.
 */
function cardEnergy(
  s: CardState,
  t0: number,
  t1: number,
  terms: UncertaintyTerm[],
  notes: Set<string>,
): DeviceEnergy {
  const counted = s.firstUj !== undefined && s.lastUj !== undefined;
  if (counted && s.lastUj! < s.firstUj!)
    notes.add(`${s.card.id}: energy1_input went backwards: integrated power used instead`);
  const f = deviceWindowFigures({
    device: s.card.id,
    scope: 'gpu',
    t0Ms: t0,
    t1Ms: t1,
    points: s.points,
    ...(counted && s.lastUj! >= s.firstUj!
      ? {
          counter: {
            energyJ: (s.lastUj! - s.firstUj!) / 1e6,
            resolutionJ: 1e-6,
            updatePeriodS: AMD_COUNTER_UPDATE_S,
            name: `${s.card.id} energy1_input`,
          },
        }
      : {}),
    ...(s.card.powerCapW === undefined ? {} : { powerLimitW: s.card.powerCapW }),
  });
  terms.push(...f.terms);
  for (const n of f.notes) notes.add(n);
  return f.energy;
}
