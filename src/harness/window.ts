import type { Clock } from '../core/clock.js';
import type { ScheduleRecord } from '../core/records.js';
import { startSources } from '../energy/auto.js';
import type { EnergyReading, EnergySource } from '../energy/source.js';
import type { Engine, InferenceRequest, LoadSpec, RequestRecord } from '../engines/engine.js';
import type { EventSink } from './events.js';
import { startMemoryMonitor } from './memory-monitor.js';

/** Everything measured inside the window. */
export interface WindowOutcome {
  startMs: number;
  /** Wall-clock time of the window start, ms since the Unix epoch. */
  startWallMs: number;
  endMs: number;
  durationS: number;
  records: RequestRecord[];
  readings: EnergyReading[];
  peakRssBytes: number;
  /** CPU seconds this process used during the window (user + system). */
  processCpuS: number;
  /** Of the window, seconds the engine's generator spent waiting for send times (`Engine.pacingWaitS`); absent when it does not say. */
  pacingWaitS?: number;
  aborted: boolean;
  /** How the requests were issued (set by the caller, which knows the plan). */
  schedule?: ScheduleRecord;
}

/**
 * Runs the measured requests with every selected energy source sampling. Energy counters are
 * read at the window edges by the sources; only requests inside the window count.
 */
export async function runWindow(
  engine: Engine,
  requests: readonly InferenceRequest[],
  load: LoadSpec,
  sources: readonly EnergySource[],
  sampleIntervalMs: number,
  clock: Clock,
  emit: EventSink,
  signal?: AbortSignal,
): Promise<WindowOutcome> {
  const memory = startMemoryMonitor();
  const session = await startSources(sources, { sampleIntervalMs, clock });
  const livePower = setInterval(() => {
    const w = session.livePowerW();
    if (w !== undefined) emit({ type: 'power', watts: w, source: sources.map((s) => s.name).join('+') });
  }, 1000);
  livePower.unref();
  const cpu0 = process.cpuUsage();
  const wait0 = engine.pacingWaitS?.();
  const startMs = clock.nowMs();
  const startWallMs = clock.wallMs();
  let done = 0;
  let records: RequestRecord[] = [];
  let endMs = startMs;
  let readings: EnergyReading[] = [];
  try {
    records = await engine.run([...requests], load, signal, () => {
      done++;
      // A duration fill adds requests beyond the planned ones: the total grows with them.
      emit({ type: 'requests', phase: 'window', done, total: Math.max(done, requests.length) });
    });
  } finally {
    endMs = clock.nowMs();
    clearInterval(livePower);
    readings = await session.stop();
    memory.stop();
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    startMs,
    startWallMs,
    endMs,
    durationS: (endMs - startMs) / 1000,
    records,
    readings,
    peakRssBytes: memory.peakBytes(),
    processCpuS: (cpu.user + cpu.system) / 1e6,
    ...(wait0 === undefined ? {} : { pacingWaitS: (engine.pacingWaitS?.() ?? wait0) - wait0 }),
    aborted: signal?.aborted ?? false,
  };
}
