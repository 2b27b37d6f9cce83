import { sumDevices } from '../device-reading.js';
import type { PowerPoint } from '../integrate.js';
import type { EnergyReading, EnergyStartOptions, TelemetrySample } from '../source.js';
import { describeReturn } from './codes.js';
import { type GpuWindowFigures, gpuWindowFigures, NVML_ACCURACY } from './figures.js';
import type { NvmlGpu } from './probe.js';
import { otherProcesses } from './processes.js';
import { SAMPLE_WIDTH, type WorkerMessage } from './worker-main.js';

/** Everything `buildReading` combines. */
export interface ReadingParts {
  gpus: readonly NvmlGpu[];
  chunks: readonly { buffer: Float64Array; count: number }[];
  offset: number;
  t0: number;
  t1: number;
  startMj: readonly (bigint | undefined)[];
  endMj: readonly (bigint | undefined)[];
  notes: string[];
  done: Extract<WorkerMessage, { type: 'done' }> | undefined;
  so: EnergyStartOptions;
  aborted: boolean;
}

/** Turns the worker's sample rows into per-GPU power traces and the window's telemetry. */
function decodeSamples(p: ReadingParts): { points: PowerPoint[][]; samples: TelemetrySample[] } {
  const points: PowerPoint[][] = p.gpus.map(() => []);
  const samples: TelemetrySample[] = [];
  for (const { buffer, count } of p.chunks) {
    for (let i = 0; i < count; i++) {
      const r = buffer.subarray(i * SAMPLE_WIDTH, (i + 1) * SAMPLE_WIDTH);
      const tMs = r[0]! + p.offset;
      const slot = r[1]!;
      const powerW = r[2]!;
      if (!Number.isNaN(powerW)) points[slot]!.push({ tMs, powerW });
      if (tMs < p.t0 || tMs > p.t1) continue; // outside the window: used only for the edge values
      const s: TelemetrySample = { tMs, device: p.gpus[slot]!.id };
      const set = (k: keyof TelemetrySample, x: number) => {
        if (!Number.isNaN(x)) (s as unknown as Record<string, number>)[k] = x;
      };
      set('powerW', powerW);
      set('temperatureC', r[3]!);
      set('smClockMhz', r[4]!);
      set('memClockMhz', r[5]!);
      set('memoryUsedBytes', r[6]!);
      set('utilizationPct', r[7]!);
      set('throttleReasons', r[8]!);
      set('clockEventReasons', r[9]!);
      samples.push(s);
    }
  }
  samples.sort((a, b) => a.tMs - b.tMs);
  return { points, samples };
}

/** One note per GPU and error code: which calls failed, how often, and from when. */
function callErrorNotes(p: ReadingParts): string[] {
  const groups = new Map<
    string,
    { slot: number; code: number; words: string; fns: string[]; count: number; firstAbsMs: number }
  >();
  for (const e of p.done?.errors ?? []) {
    const key = `${e.slot}:${e.code}`;
    const g = groups.get(key) ?? {
      slot: e.slot,
      code: e.code,
      words: e.words,
      fns: [],
      count: 0,
      firstAbsMs: e.firstAbsMs,
    };
    g.fns.push(e.fn);
    g.count = Math.max(g.count, e.count);
    g.firstAbsMs = Math.min(g.firstAbsMs, e.firstAbsMs);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => {
    const atS = (g.firstAbsMs + p.offset - p.t0) / 1000;
    const lost = g.code === 15 || g.code === 1 ? '; its telemetry after that is missing' : '';
    const calls =
      g.fns.length > 3 ? `${g.fns.slice(0, 3).join(', ')} and ${g.fns.length - 3} more` : g.fns.join(', ');
    return `${p.gpus[g.slot]!.id}: ${calls} returned ${describeReturn(g.code, g.words)} up to ${g.count}× from ${atS.toFixed(2)} s into the window${lost}`;
  });
}

/** Assembles the `gpu` reading: per-GPU figures, summed energy, combined uncertainty and notes. */
export function buildReading(p: ReadingParts): EnergyReading {
  const { points, samples } = decodeSamples(p);
  const notes = [...p.notes];
  const figures: GpuWindowFigures[] = p.gpus.map((g, slot) => {
    const s = p.startMj[slot];
    const e = p.endMj[slot];
    return gpuWindowFigures({
      device: g.id,
      t0Ms: p.t0,
      t1Ms: p.t1,
      points: points[slot]!,
      ...(s !== undefined && e !== undefined ? { counter: { startMj: s, endMj: e } } : {}),
      ...(g.powerLimitW === undefined ? {} : { powerLimitW: g.powerLimitW }),
      ...(g.persistenceMode === undefined ? {} : { persistenceMode: g.persistenceMode }),
    });
  });
  for (const f of figures) notes.push(...f.notes);
  notes.push(...callErrorNotes(p));
  if (p.done === undefined)
    notes.push('the sampler thread ended without its final report: telemetry may be incomplete');
  if ((p.done?.skipped ?? 0) > 0)
    notes.push(`${p.done!.skipped} sampling tick(s) skipped because a poll overran the interval`);
  if (p.aborted) notes.push('sampling was aborted; the window ends at the abort');
  const devices = figures.map((f) => f.energy);
  const durationS = Math.max(0, (p.t1 - p.t0) / 1000);
  const reading = sumDevices({
    source: 'nvml',
    scope: 'gpu',
    devices,
    terms: figures.flatMap((f) => f.terms),
    accuracy: NVML_ACCURACY,
    durationS,
    samples,
    sampleIntervalMs: p.so.sampleIntervalMs,
    sampledDevices: p.gpus.length,
    notes,
  });
  if (p.done !== undefined) {
    reading.otherProcesses = otherProcesses(
      p.done.processes.map((x) => ({ device: p.gpus[x.slot]!.id, pid: x.pid, usedBytes: x.usedBytes })),
    );
    reading.samplerCpuS = p.done.cpuNs !== null ? p.done.cpuNs / 1e9 : p.done.activeMs / 1000;
  }
  return reading;
}
