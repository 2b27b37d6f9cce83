import { join } from 'node:path';
import { LlemError } from '../../core/errors.js';
import { type CpuShare, cpuShareBetween, ProcessTreeMeter, readCpuShareSnapshot } from '../cpu-share.js';
import { counterDeviceFigure } from '../device-reading.js';
import { startSampler } from '../sampler.js';
import type {
  DeviceEnergy,
  EnergyProbe,
  EnergyReading,
  EnergyScope,
  EnergySession,
  EnergySource,
  EnergyStartOptions,
  TelemetrySample,
} from '../source.js';
import { type ReadText, readNumber, readText } from '../sysfs.js';
import { combineQuadrature, type UncertaintyTerm } from '../uncertainty.js';
import { cpuVendor, raplAccuracy } from './accuracy.js';
import { WrapAccumulator, wrapSafeIntervalMs } from './wrap.js';
import { discoverRapl, permissionFix, type RaplZone, raplDevices } from './zones.js';

/** Options of the `rapl` source. */
export interface RaplOptions {
  /** The powercap folder (default `/sys/class/powercap`; tests pass a fixture tree). */
  root?: string;
  /** File reader (default: fs); tests inject one that throws EACCES. */
  read?: ReadText;
  /** Folder holding `stat` and `<pid>/stat`, for the CPU-share record (default `/proc`). */
  procRoot?: string;
  /** Root of llem's process tree (default this process). */
  pid?: number;
}

/** RAPL's energy unit on Intel (2⁻¹⁴ J; AMD's is finer): the counter's real resolution, joules. */
const RAPL_RESOLUTION_J = 61e-6;
/** RAPL counters update about every millisecond, seconds. */
const RAPL_UPDATE_S = 0.001;

/** Probes RAPL: zones found, readable, and why not. */
async function probeRapl(root: string, read: ReadText): Promise<{ probe: EnergyProbe; zones: RaplZone[] }> {
  const found = await discoverRapl(root, read);
  if (found.none !== undefined) {
    return { probe: { source: 'rapl', available: false, reason: found.none, devices: [] }, zones: [] };
  }
  const denied = found.problems.filter((p) => p.code === 'EACCES' || p.code === 'EPERM');
  const why = found.problems.map((p) => p.message).join('; ');
  if (found.zones.length === 0) {
    const fix = denied.length > 0 ? `: ${permissionFix(root)}` : '';
    return {
      probe: {
        source: 'rapl',
        available: false,
        reason: `RAPL counters unreadable: ${why}${fix}`,
        devices: [],
      },
      zones: [],
    };
  }
  const counted = found.zones.filter((z) => z.notSummed === undefined).map((z) => z.id);
  const caveat =
    found.problems.length > 0
      ? ` (not readable: ${why}${denied.length > 0 ? `; ${permissionFix(root)}` : ''})`
      : '';
  return {
    probe: {
      source: 'rapl',
      available: true,
      reason: `RAPL energy counters in ${root}: ${counted.join(', ')}${caveat}`,
      devices: raplDevices(found.zones),
    },
    zones: found.zones,
  };
}

/**
 * The `rapl` source: CPU package (scope `cpu`) and DRAM (scope `dram`) energy counters under
 * `/sys/class/powercap`, Intel and AMD. Counters are read at the window edges and polled in
 * between, at least twice per shortest wrap period, so wraparound at `max_energy_range_uj` is
 * never missed. `core`, `uncore` and `psys` are reported as devices but not added to the total.
 */
export function createRaplSource(o: RaplOptions = {}): EnergySource {
  const root = o.root ?? '/sys/class/powercap';
  const read = o.read ?? readText;
  return {
    name: 'rapl',
    scopes: ['cpu', 'dram'],
    async probe() {
      try {
        return (await probeRapl(root, read)).probe;
      } catch (e) {
        return { source: 'rapl', available: false, reason: `RAPL probe failed: ${String(e)}`, devices: [] };
      }
    },
    async start(so) {
      const p = await probeRapl(root, read);
      if (!p.probe.available) {
        throw new LlemError(
          'ERR_ENERGY_UNAVAILABLE',
          `energy source "rapl" cannot measure here: ${p.probe.reason}`,
          {
            details: { source: 'rapl', root },
          },
        );
      }
      const zones = so.devices === undefined ? p.zones : p.zones.filter((z) => so.devices!.includes(z.id));
      return startRaplSession(zones, read, so, o);
    },
  };
}

/** Per-zone state while measuring. */
interface ZoneState {
  zone: RaplZone;
  acc: WrapAccumulator;
  lastMs?: number;
  firstPowerW?: number;
  lastPowerW?: number;
  peakW: number;
}

/** Polls every zone, accumulating wrap-corrected energy; the first and final polls are the edges. */
async function startRaplSession(
  zones: readonly RaplZone[],
  read: ReadText,
  so: EnergyStartOptions,
  o: RaplOptions,
): Promise<EnergySession> {
  const notes = new Set<string>();
  // Who used the CPU: read at the window's edges only (a full /proc scan is too dear per poll).
  const procRoot = o.procRoot ?? '/proc';
  const meter = new ProcessTreeMeter({ procRoot, ...(o.pid === undefined ? {} : { rootPid: o.pid }) });
  const shareStart = await readCpuShareSnapshot(procRoot, meter, so.clock.nowMs());
  const safeMs = Math.min(...zones.map((z) => wrapSafeIntervalMs(z.rangeUj)));
  const intervalMs = Math.min(so.sampleIntervalMs, safeMs);
  if (intervalMs < so.sampleIntervalMs) {
    notes.add(
      `polled every ${intervalMs.toFixed(0)} ms (not ${so.sampleIntervalMs} ms) so that no counter wrap is missed`,
    );
  }
  const states: ZoneState[] = zones.map((zone) => ({
    zone,
    acc: new WrapAccumulator(zone.rangeUj),
    peakW: 0,
  }));
  const samples: TelemetrySample[] = [];
  let t0: number | undefined;
  let t1: number | undefined;
  const poll = async (tick: { tMs: number }) => {
    t0 ??= tick.tMs;
    for (const s of states) {
      if (so.signal?.aborted) break; // nothing is read (or stamped) after an abort
      const tMs = so.clock.nowMs();
      const r = await readNumber(read, join(s.zone.dir, 'energy_uj'));
      if (!r.ok) {
        notes.add(`${s.zone.id}: ${r.message}; its energy is counted from the next good read`);
        continue;
      }
      if (s.lastMs !== undefined && tMs - s.lastMs > 2 * safeMs) {
        notes.add(
          `${s.zone.id}: ${((tMs - s.lastMs) / 1000).toFixed(0)} s between reads: a counter wrap may have been missed`,
        );
      }
      const dUj = s.acc.add(r.value);
      if (s.lastMs !== undefined && tMs > s.lastMs) {
        const powerW = dUj / 1e6 / ((tMs - s.lastMs) / 1000);
        s.firstPowerW ??= powerW;
        s.lastPowerW = powerW;
        s.peakW = Math.max(s.peakW, powerW);
        if (s.zone.notSummed === undefined) samples.push({ tMs, device: s.zone.id, powerW });
      }
      s.lastMs = tMs;
    }
    t1 = tick.tMs;
  };
  const sampler = startSampler({
    intervalMs,
    clock: so.clock,
    poll,
    finalPoll: true,
    ...(so.signal === undefined ? {} : { signal: so.signal }),
    onError: (e) => notes.add(`a RAPL poll failed: ${e instanceof Error ? e.message : String(e)}`),
  });
  await sampler.firstPoll;
  let result: Promise<EnergyReading[]> | undefined;
  const finish = async () => {
    const stats = await sampler.stop();
    if (stats.abortedAtMs !== undefined) notes.add('sampling was aborted; the window ends at the last poll');
    if (stats.skipped > 0)
      notes.add(`${stats.skipped} polling tick(s) skipped because a read overran the interval`);
    const durationS = t0 !== undefined && t1 !== undefined ? Math.max(0, (t1 - t0) / 1000) : 0;
    const shareEnd = await readCpuShareSnapshot(procRoot, meter, so.clock.nowMs());
    const cpuShare: CpuShare | undefined =
      shareStart && shareEnd ? cpuShareBetween(shareStart, shareEnd) : undefined;
    if (!cpuShare) notes.add(`llem's CPU share could not be read from ${procRoot} (no cpu_share record)`);
    const scopes = [...new Set(zones.map((z) => z.scope))];
    const vendor = await cpuVendor(read);
    return scopes.map((scope) => ({
      ...readingFor(scope, states, samples, durationS, intervalMs, [...notes]),
      accuracy: raplAccuracy(vendor, scope),
      ...(cpuShare === undefined ? {} : { cpuShare }),
    }));
  };
  return {
    livePowerW: () => {
      const cpu = states.filter(
        (s) => s.zone.scope === 'cpu' && s.zone.notSummed === undefined && s.lastPowerW !== undefined,
      );
      return cpu.length > 0 ? cpu.reduce((a, s) => a + s.lastPowerW!, 0) : undefined;
    },
    stop: () => {
      result ??= finish();
      return result;
    },
  };
}

/** One scope's reading: summed devices add up; sub-domains ride along, marked `notSummed`. */
function readingFor(
  scope: EnergyScope,
  states: readonly ZoneState[],
  samples: readonly TelemetrySample[],
  durationS: number,
  intervalMs: number,
  notes: string[],
): Omit<EnergyReading, 'accuracy'> {
  const mine = states.filter((s) => s.zone.scope === scope);
  const terms: UncertaintyTerm[] = [];
  const devices: DeviceEnergy[] = mine.map((s) => {
    const { energy, term } = counterDeviceFigure({
      device: s.zone.id,
      scope,
      energyJ: s.acc.energyUj / 1e6,
      durationS,
      edgePowerW: [s.firstPowerW, s.lastPowerW],
      peakPowerW: s.peakW,
      resolutionJ: RAPL_RESOLUTION_J,
      updatePeriodS: RAPL_UPDATE_S,
      name: `${s.zone.id} RAPL counter`,
    });
    if (s.zone.notSummed === undefined) terms.push(term);
    return { ...energy, ...(s.zone.notSummed === undefined ? {} : { notSummed: s.zone.notSummed }) };
  });
  const summed = devices.filter((d) => d.notSummed === undefined);
  const ids = new Set(summed.map((d) => d.device));
  const combined = combineQuadrature(terms);
  const perDevice = Math.floor((durationS * 1000) / intervalMs + 1e-9);
  return {
    source: 'rapl',
    scope,
    method: 'counter',
    energyJ: summed.reduce((a, d) => a + d.energyJ, 0),
    uncertaintyJ: combined.uncertaintyJ,
    uncertaintyBasis: combined.basis,
    durationS,
    devices,
    samples: samples.filter((s) => ids.has(s.device)),
    // Power is the difference of two reads, so the first poll yields no sample: ⌊T/interval⌋ per device.
    expectedSamples: perDevice * summed.length,
    notes,
  };
}
