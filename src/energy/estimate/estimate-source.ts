import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LlemError } from '../../core/errors.js';
import { type CpuShareSnapshot, cpuShareBetween, ProcessTreeMeter, type TreeTicks } from '../cpu-share.js';
import { onlineCpuCount, type ProcStatSnapshot, parseProcStat, utilisationBetween } from '../proc-stat.js';
import { expectedSampleCount, startSampler } from '../sampler.js';
import type {
  DeviceEnergy,
  EnergyDevice,
  EnergyProbe,
  EnergyReading,
  EnergySession,
  EnergySource,
  EnergyStartOptions,
  TelemetrySample,
} from '../source.js';
import { combineQuadrature, counterEdgeUncertainty } from '../uncertainty.js';
import { parseCpuInfo, parseMemTotalBytes } from './cpu-info.js';
import {
  buildEstimateModel,
  ESTIMATE_RELATIVE_UNCERTAINTY,
  type EstimateMode,
  type EstimateModel,
  estimatePowerW,
} from './estimate-model.js';

/** Options of the `estimate` source. */
export interface EstimateOptions {
  /** Folder holding `stat`, `cpuinfo` and `meminfo` (default `/proc`); each tick re-reads `stat`, so tests may swap it. */
  procRoot?: string;
  /** CPU package TDP override, watts per socket (default: the TDP table by CPU model). */
  cpuTdpW?: number;
  /** DRAM power per GiB of installed memory, watts (config default 0.375, CodeCarbon's 3 W per 8 GB). */
  dramWPerGib: number;
  /** Whose utilisation drives the estimate (default `process`: llem's process tree). */
  mode?: EstimateMode;
  /** Root of llem's process tree (default this process; tests pass a fixture pid). */
  pid?: number;
}

/** Kernel USER_HZ: `/proc/stat` counts in 1/100 s on every mainstream Linux architecture. */
const USER_HZ = 100;

type Loaded = { ok: true; model: EstimateModel } | { ok: false; reason: string };

/** Reads a file under the proc root, or says why it could not. */
async function readText(root: string, name: string): Promise<{ text: string } | { error: string }> {
  try {
    return { text: await readFile(join(root, name), 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    return { error: `cannot read ${join(root, name)} (${code})` };
  }
}

/** Reads the three proc files and fits the model; never throws. */
async function load(root: string, o: EstimateOptions): Promise<Loaded> {
  const stat = await readText(root, 'stat');
  if ('error' in stat) {
    return {
      ok: false,
      reason:
        `${stat.error}: the estimate needs Linux /proc/stat for CPU utilisation. ` +
        'Run on Linux with /proc mounted, or choose a measured source in measurement.energy.sources',
    };
  }
  const online = onlineCpuCount(parseProcStat(stat.text));
  if (online === 0) {
    return {
      ok: false,
      reason: `${join(root, 'stat')} has no per-CPU "cpuN" lines, so utilisation cannot be computed`,
    };
  }
  const cpuinfo = await readText(root, 'cpuinfo');
  const meminfo = await readText(root, 'meminfo');
  const memTotalBytes = 'text' in meminfo ? parseMemTotalBytes(meminfo.text) : undefined;
  const model = buildEstimateModel({
    cpu: parseCpuInfo('text' in cpuinfo ? cpuinfo.text : ''),
    onlineCpus: online,
    ...(memTotalBytes === undefined ? {} : { memTotalBytes }),
    ...(o.cpuTdpW === undefined ? {} : { cpuTdpW: o.cpuTdpW }),
    dramWPerGib: o.dramWPerGib,
    arm: process.arch === 'arm64' || process.arch === 'arm',
  });
  if ((o.mode ?? 'process') === 'process') {
    const tree = new ProcessTreeMeter({ procRoot: root, ...(o.pid === undefined ? {} : { rootPid: o.pid }) });
    if ((await tree.read(0, true)) === undefined) {
      return {
        ok: false,
        reason:
          `cannot read ${tree.rootStatPath}: the process mode needs llem's own /proc/<pid>/stat to attribute CPU time. ` +
          'Set measurement.energy.estimate_mode: machine to count every process on the machine',
      };
    }
  }
  return { ok: true, model };
}

/** The two devices the estimate reports, both in scope `estimate`. */
function devicesOf(m: EstimateModel, mode: EstimateMode): EnergyDevice[] {
  const dramW = mode === 'codecarbon' ? m.codecarbonRamW : m.dramW;
  return [
    {
      id: 'cpu',
      name: m.cpuName,
      scope: 'estimate',
      info: {
        online_cpus: m.onlineCpus,
        tdp_source: m.tdpSource,
        package_tdp_w: m.packageTdpW,
        visible_packages: m.visiblePackages,
        idle_w: m.idleW,
        busy_w: m.busyW,
        estimate_mode: mode,
        ...(mode === 'codecarbon' ? { codecarbon_tdp_w: m.codecarbonTdpW } : {}),
      },
    },
    { id: 'dram', name: `DRAM ${m.memGib.toFixed(1)} GiB`, scope: 'estimate', info: { power_w: dramW } },
  ];
}

/** What each mode attributes, for the probe's reason. */
const MODE_WORDS: Record<EstimateMode, string> = {
  process: "llem's process tree's share of the CPU; other processes excluded",
  machine: 'the whole machine; other processes count as inference',
  codecarbon: 'CodeCarbon 3.x constants, whole machine',
};

/**
 * The `estimate` source: CPU power = P_idle + u × (P_busy − P_idle), with u the busy share of the
 * online CPUs from successive `/proc/stat` snapshots (steal excluded: not our work), P_busy the
 * table TDP scaled to the visible share of the package and P_idle a fixed fraction of it, plus a
 * constant DRAM term. Energy is the integral of that piecewise-constant power over the window;
 * every figure is labelled scope and method `estimate`, ±50 %.
 */
export function createEstimateSource(o: EstimateOptions): EnergySource {
  const root = o.procRoot ?? '/proc';
  const mode = o.mode ?? 'process';
  return {
    name: 'estimate',
    scopes: ['estimate'],
    async probe(): Promise<EnergyProbe> {
      try {
        const l = await load(root, o);
        if (!l.ok) return { source: 'estimate', available: false, reason: l.reason, devices: [] };
        const caveats = l.model.notes.length > 0 ? ` (${l.model.notes.join('; ')})` : '';
        return {
          source: 'estimate',
          available: true,
          reason: `estimate (mode ${mode}: ${MODE_WORDS[mode]}) from /proc/stat utilisation × TDP: ${l.model.explanation}${caveats}`,
          devices: devicesOf(l.model, mode),
        };
      } catch (e) {
        return {
          source: 'estimate',
          available: false,
          reason: `estimate probe failed: ${String(e)}`,
          devices: [],
        };
      }
    },
    async start(so: EnergyStartOptions): Promise<EnergySession> {
      const l = await load(root, o);
      if (!l.ok) {
        throw new LlemError(
          'ERR_ENERGY_UNAVAILABLE',
          `energy source "estimate" cannot measure here: ${l.reason}`,
          {
            details: { source: 'estimate', procRoot: root },
          },
        );
      }
      const m = mode === 'codecarbon' ? { ...l.model, dramW: l.model.codecarbonRamW } : l.model;
      const tree = new ProcessTreeMeter({
        procRoot: root,
        ...(o.pid === undefined ? {} : { rootPid: o.pid }),
      });
      return startEstimateSession(root, m, so, mode, tree);
    },
  };
}

/** Runs the sampler over `/proc/stat` and turns the snapshots into an estimate reading. */
async function startEstimateSession(
  root: string,
  m: EstimateModel,
  so: EnergyStartOptions,
  mode: EstimateMode,
  tree: ProcessTreeMeter,
): Promise<EnergySession> {
  const samples: TelemetrySample[] = [];
  const notes = new Set<string>(m.notes);
  let prev: { snap: ProcStatSnapshot; tree: TreeTicks | undefined; tMs: number } | undefined;
  let firstShare: CpuShareSnapshot | undefined;
  let lastShare: CpuShareSnapshot | undefined;
  let lastOwn = 0;
  let firstMs: number | undefined;
  let cpuEnergyJ = 0;
  let peakCpuW = 0;
  let lastU = 0;
  let stealJiffies = 0;
  let totalJiffies = 0;
  let live: number | undefined;

  const poll = async (tick: { index: number; tMs: number }) => {
    // The window's edges scan every pid; ticks in between re-read the tree's known members, and
    // only the process mode needs the tree between the edges. The tree is read before /proc/stat,
    // and the opening edge is stamped after both, so a slow full scan (a loaded machine, many
    // pids) does not stretch the interval the energy is integrated over.
    const edge = !prev || tick.index < 0;
    const t = edge || mode === 'process' ? await tree.read(tick.tMs, edge) : undefined;
    const r = await readText(root, 'stat');
    if ('error' in r) throw new Error(r.error);
    const snap = parseProcStat(r.text);
    const tMs = prev ? tick.tMs : so.clock.nowMs();
    if (t) lastShare = { stat: snap, tree: t };
    if (!prev) {
      prev = { snap, tree: t, tMs };
      if (t) firstShare = { stat: snap, tree: t };
      firstMs = tMs;
      return;
    }
    const u = utilisationBetween(prev.snap, snap);
    if (u) {
      lastU = u.busyFraction;
      if (t && prev.tree) lastOwn = Math.min(1, Math.max(0, (t.ticks - prev.tree.ticks) / u.totalJiffies));
      else if (mode === 'process')
        notes.add(
          `${tree.rootStatPath} was unreadable at a poll: llem's CPU share was held at its previous value`,
        );
      stealJiffies += u.stealFraction * u.totalJiffies;
      totalJiffies += u.totalJiffies;
    } else if (tick.index >= 0) {
      return; // less than a jiffy elapsed: let the next tick cover this stretch too
    } else {
      notes.add(
        '/proc/stat did not advance before the last read; utilisation was held at its previous value',
      );
    }
    const powerW = estimatePowerW(m, mode, { machine: lastU, own: lastOwn }).cpuW;
    cpuEnergyJ += (powerW * (tMs - prev.tMs)) / 1000;
    peakCpuW = Math.max(peakCpuW, powerW);
    samples.push({ tMs, device: 'cpu', powerW, utilizationPct: lastU * 100 });
    // The DRAM term is constant, but it is a device of the reading: the timeseries shows it too.
    samples.push({ tMs, device: 'dram', powerW: m.dramW });
    live = powerW + m.dramW;
    prev = { snap, tree: t, tMs };
  };

  const sampler = startSampler({
    intervalMs: so.sampleIntervalMs,
    clock: so.clock,
    poll,
    finalPoll: true,
    ...(so.signal === undefined ? {} : { signal: so.signal }),
    onError: (e) => notes.add(`a /proc/stat read failed: ${e instanceof Error ? e.message : String(e)}`),
  });

  await sampler.firstPoll; // the window's first edge is read before start() resolves
  let result: Promise<EnergyReading[]> | undefined;
  const finish = async (): Promise<EnergyReading> => {
    const stats = await sampler.stop();
    if (stats.abortedAtMs !== undefined) {
      notes.add('sampling was aborted; the window ends at the last sample');
    }
    if (stats.skipped > 0) {
      notes.add(`${stats.skipped} sampling tick(s) skipped because a read overran the interval`);
    }
    if (firstMs === undefined) notes.add('no /proc/stat snapshot was read: energy is 0 J');
    const durationS = prev && firstMs !== undefined ? Math.max(0, (prev.tMs - firstMs) / 1000) : 0;
    const stealShare = totalJiffies > 0 ? stealJiffies / totalJiffies : 0;
    if (stealShare > 0.05) {
      notes.add(
        `steal was ${(stealShare * 100).toFixed(1)} % of CPU time: counted as not ours (the host ran other guests)`,
      );
    }
    const cpuShare = firstShare && lastShare ? cpuShareBetween(firstShare, lastShare) : undefined;
    const dramEnergyJ = m.dramW * durationS;
    const energyJ = cpuEnergyJ + dramEnergyJ;
    const jiffyTerm = counterEdgeUncertainty({
      resolutionJ: (m.busyW - m.idleW) / USER_HZ,
      updatePeriodS: 0,
      powerW: 0,
      counter: '/proc/stat jiffy',
    });
    // The model's ±50 % is the accuracy term (EnergyReading.accuracy); the read-out is the jiffy count.
    const combined = combineQuadrature([jiffyTerm]);
    const cpuMeanW = durationS > 0 ? cpuEnergyJ / durationS : m.idleW;
    const device = (id: string, eJ: number, meanW: number, peakW: number): DeviceEnergy => ({
      device: id,
      scope: 'estimate',
      method: 'estimate',
      energyJ: eJ,
      uncertaintyJ: id === 'cpu' ? jiffyTerm.valueJ : 0,
      meanPowerW: meanW,
      peakPowerW: peakW,
    });
    return {
      source: 'estimate',
      scope: 'estimate',
      method: 'estimate',
      energyJ,
      uncertaintyJ: combined.uncertaintyJ,
      uncertaintyBasis: combined.basis,
      accuracy: {
        fraction: ESTIMATE_RELATIVE_UNCERTAINTY,
        basis: `estimate model (utilisation × TDP + DRAM per GiB, not a measurement): ±${ESTIMATE_RELATIVE_UNCERTAINTY * 100} % (SPEC §4)`,
      },
      durationS,
      devices: [
        device('cpu', cpuEnergyJ, cpuMeanW, samples.length > 0 ? peakCpuW : cpuMeanW),
        device('dram', dramEnergyJ, m.dramW, m.dramW),
      ],
      samples,
      expectedSamples: expectedSampleCount(durationS, so.sampleIntervalMs, 2),
      notes: [...notes],
      mode,
      ...(cpuShare === undefined ? {} : { cpuShare }),
    };
  };

  return {
    livePowerW: () => live,
    stop: () => {
      result ??= finish().then((r) => [r]);
      return result;
    },
  };
}
