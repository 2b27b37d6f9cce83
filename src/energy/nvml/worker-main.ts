// The NVML sampler that runs in a worker thread, so that a busy main thread (an in-process engine
// decoding tokens) never delays a sample. `nvmlWorkerMain` is self-contained: its source text is
// the worker's program (see worker-script.ts), so it may use only what `ctx` hands it.

import type { EventLoopUtilization } from 'node:perf_hooks';
import type { Clock } from '../../core/clock.js';
import type { Sampler, SamplerOptions } from '../sampler.js';
import type { KoffiLike, NvmlFunctions, NvmlHandle } from './binding.js';

/** Values per sample row in the buffers the worker posts (see `SAMPLE_FIELDS`). */
export const SAMPLE_WIDTH = 10;
/** Column order of a sample row: absolute time (performance.timeOrigin + now), ms; slot; readings (NaN = not read). */
export const SAMPLE_FIELDS = [
  't_abs_ms',
  'slot',
  'power_w',
  'temperature_c',
  'sm_clock_mhz',
  'mem_clock_mhz',
  'memory_used_bytes',
  'utilization_pct',
  'throttle_reasons',
  'clock_event_reasons',
] as const;

/** Control word: the worker waits (bound, handles taken) for the start edge. */
export const CONTROL_WAIT = 0;
/** Control word: sample. */
export const CONTROL_RUN = 1;
/** Control word: take the final poll, report and exit. */
export const CONTROL_STOP = 2;

/** What the main thread hands the worker. */
export interface NvmlWorkerData {
  koffiPath: string;
  libPath: string;
  /** NVML indices of the measured GPUs; a GPU's position here is its slot. */
  indices: number[];
  intervalMs: number;
  /** Clock-event bits that count as throttling. */
  throttleMask: number;
  /** One Float64 per slot: the latest power, watts (NaN before the first). */
  live: SharedArrayBuffer;
  /** One Int32: the main thread's command, `CONTROL_WAIT` → `CONTROL_RUN` → `CONTROL_STOP`, with `Atomics.notify`. */
  control: SharedArrayBuffer;
  /** How often buffered samples are posted to the main thread, ms. */
  flushEveryMs: number;
  /** How often running processes are listed, ms. */
  processEveryMs: number;
}

/** A failing NVML call, aggregated. */
export interface WorkerCallError {
  slot: number;
  fn: string;
  code: number;
  words: string;
  count: number;
  firstAbsMs: number;
}

/** A process NVML listed on a measured GPU. */
export interface WorkerProcess {
  slot: number;
  pid: number;
  usedBytes: number;
}

/** Messages from the worker. */
export type WorkerMessage =
  | { type: 'ready'; missing: { slot: number; words: string }[] }
  | { type: 'failed'; message: string }
  | { type: 'samples'; buffer: ArrayBuffer; count: number }
  | {
      type: 'done';
      polls: number;
      skipped: number;
      errors: WorkerCallError[];
      processes: WorkerProcess[];
      /** CPU time of the worker thread while sampling (from /proc/thread-self/schedstat), ns; null when unreadable. */
      cpuNs: number | null;
      /** Event-loop active time of the worker while sampling, ms. */
      activeMs: number;
      wallMs: number;
    };

/** What the worker program hands `nvmlWorkerMain`. */
export interface WorkerContext {
  parentPort: {
    postMessage(m: WorkerMessage, transfer?: ArrayBuffer[]): void;
    close(): void;
  };
  workerData: NvmlWorkerData;
  require: (id: string) => unknown;
  startSampler: (o: SamplerOptions) => Sampler;
  bindNvml: (koffi: KoffiLike, path: string) => NvmlFunctions;
}

/**
 * Runs the worker: binds NVML, reports `ready`, waits for the start command, samples until the
 * stop command, then reports `done` and exits. Commands arrive through a shared Int32 with
 * `Atomics.wait`/`notify` rather than messages, and the sampler sleeps in `Atomics.wait` too:
 * one futex wake per tick, no event-loop turn, and a stop wakes it at once.
 */
export function nvmlWorkerMain(ctx: WorkerContext): void {
  const port = ctx.parentPort;
  const d = ctx.workerData;
  const W = 10; // SAMPLE_WIDTH (a module constant cannot be referenced from here)
  const RUN = 1; // CONTROL_RUN
  const STOP = 2; // CONTROL_STOP
  const control = new Int32Array(d.control);
  const nowAbs = () => performance.timeOrigin + performance.now();
  let requestStop: () => void = () => {};
  const clock: Clock = {
    nowMs: nowAbs,
    wallMs: () => Date.now(),
    // Blocks this thread until the tick is due or the main thread says stop; never early.
    sleep: (ms) => {
      if (Atomics.load(control, 0) === RUN) Atomics.wait(control, 0, RUN, Math.max(0, ms));
      if (Atomics.load(control, 0) === STOP) requestStop();
      return Promise.resolve();
    },
  };
  let fns: NvmlFunctions;
  try {
    fns = ctx.bindNvml(ctx.require(d.koffiPath) as KoffiLike, d.libPath);
  } catch (e) {
    port.postMessage({ type: 'failed', message: `cannot load ${d.libPath}: ${(e as Error).message}` });
    port.close();
    return;
  }
  const words = (code: number) => {
    try {
      return fns.errorString?.(code) ?? '';
    } catch {
      return '';
    }
  };
  const rc0 = fns.init!();
  if (rc0 !== 0) {
    port.postMessage({
      type: 'failed',
      message: `nvmlInit_v2 failed in the sampler thread: ${words(rc0)} (${rc0})`,
    });
    port.close();
    return;
  }
  const handles: (NvmlHandle | undefined)[] = [];
  const missing: { slot: number; words: string }[] = [];
  d.indices.forEach((index, slot) => {
    const out: [NvmlHandle] = [null];
    const rc = fns.handleByIndex!(index, out);
    handles.push(rc === 0 ? out[0] : undefined);
    if (rc !== 0) missing.push({ slot, words: `${words(rc)} (${rc})` });
  });

  const live = new Float64Array(d.live);
  let buf = new Float64Array(W * 512);
  let rows = 0;
  let lastFlush = nowAbs();
  const flush = () => {
    lastFlush = nowAbs();
    if (rows === 0) return;
    const out = buf.buffer as ArrayBuffer;
    port.postMessage({ type: 'samples', buffer: out, count: rows }, [out]);
    buf = new Float64Array(W * 512);
    rows = 0;
  };

  // Per-call bookkeeping by number, not string: this runs 9 × GPUs × rate times a second.
  const FN = [
    'nvmlDeviceGetPowerUsage',
    'nvmlDeviceGetTemperature',
    'nvmlDeviceGetClockInfo(SM)',
    'nvmlDeviceGetClockInfo(MEM)',
    'nvmlDeviceGetMemoryInfo',
    'nvmlDeviceGetUtilizationRates',
    fns.reasonsFunction ?? 'clock event reasons',
    'nvmlDeviceGetComputeRunningProcesses',
    'nvmlDeviceGetGraphicsRunningProcesses',
  ];
  const unsupported = new Uint8Array(d.indices.length * FN.length);
  const errors = new Map<number, WorkerCallError>();
  const u32 = new Uint32Array(2);
  const u64 = new BigUint64Array(3);
  const mask = BigInt(d.throttleMask);
  /** Records a failed call; a NOT_SUPPORTED function is never called again for that slot. */
  const failed = (slot: number, fn: number, rc: number): false => {
    if (rc === 3) unsupported[slot * FN.length + fn] = 1;
    const key = (slot * FN.length + fn) * 4096 + (rc & 4095);
    const e = errors.get(key);
    if (e) e.count++;
    else errors.set(key, { slot, fn: FN[fn]!, code: rc, words: words(rc), count: 1, firstAbsMs: nowAbs() });
    return false;
  };
  const can = (slot: number, fn: number) => unsupported[slot * FN.length + fn] === 0;

  /**
   * What each sample column reads: the FN index, the call, how to turn its output into the value,
   * and whether it is slow. Power and clock-event (throttle) bits are read every tick; the slow
   * columns (temperature, clocks, memory used, utilisation) at most every `SLOW_EVERY_MS`, since
   * they change slowly (NVML averages utilisation over 1/6 s or more): at 100 Hz on 8 GPUs this
   * cuts the calls per tick from 56 to about 21, and the thread's CPU with them.
   */
  type Column = {
    fn: number;
    col: number;
    call: ((h: NvmlHandle) => number) | undefined;
    value: () => number;
    slow: boolean;
  };
  const SLOW_EVERY_MS = 100;
  const slowEvery = Math.max(1, Math.round(SLOW_EVERY_MS / d.intervalMs));
  const all: Column[] = [
    {
      fn: 0,
      col: 2,
      call: fns.power && ((h: NvmlHandle) => fns.power!(h, u32)),
      value: () => u32[0]! / 1000,
      slow: false,
    },
    {
      fn: 1,
      col: 3,
      call: fns.temperature && ((h: NvmlHandle) => fns.temperature!(h, 0, u32)),
      value: () => u32[0]!,
      slow: true,
    },
    {
      fn: 2,
      col: 4,
      call: fns.clock && ((h: NvmlHandle) => fns.clock!(h, 1, u32)),
      value: () => u32[0]!,
      slow: true,
    },
    {
      fn: 3,
      col: 5,
      call: fns.clock && ((h: NvmlHandle) => fns.clock!(h, 2, u32)),
      value: () => u32[0]!,
      slow: true,
    },
    {
      fn: 4,
      col: 6,
      call: fns.memory && ((h: NvmlHandle) => fns.memory!(h, u64)),
      value: () => Number(u64[2]),
      slow: true,
    },
    {
      fn: 5,
      col: 7,
      call: fns.utilization && ((h: NvmlHandle) => fns.utilization!(h, u32)),
      value: () => u32[0]!,
      slow: true,
    },
    {
      fn: 6,
      col: 9,
      call: fns.reasons && ((h: NvmlHandle) => fns.reasons!(h, u64)),
      value: () => Number(u64[0]!),
      slow: false,
    },
  ];
  const columns = all.filter((c) => c.call !== undefined);
  const fast = columns.filter((c) => !c.slow);

  const readDevice = (slot: number, h: NvmlHandle, cols: readonly Column[]) => {
    if ((rows + 1) * W > buf.length) flush();
    const at = rows * W;
    buf.fill(Number.NaN, at, at + W);
    buf[at] = nowAbs();
    buf[at + 1] = slot;
    let any = false;
    for (const c of cols) {
      if (!can(slot, c.fn)) continue;
      const rc = c.call!(h);
      if (rc !== 0) {
        failed(slot, c.fn, rc);
        continue;
      }
      buf[at + c.col] = c.value();
      any = true;
      // The throttle column keeps only the real-throttling bits; the raw mask goes beside it.
      if (c.col === 9) buf[at + 8] = Number(u64[0]! & mask);
    }
    if (!Number.isNaN(buf[at + 2]!)) live[slot] = buf[at + 2]!;
    if (any) rows++; // nothing answered: a missing sample (the row is overwritten)
  };

  const processes = new Map<string, WorkerProcess>();
  const count = new Uint32Array(1);
  const listProcesses = (slot: number, h: NvmlHandle, fn: number, f: NvmlFunctions['computeProcesses']) => {
    if (f === undefined || !can(slot, fn)) return;
    count[0] = 0;
    let rc = f(h, count, null);
    if (rc === 7) {
      // Two-call protocol: ask again with room for the count NVML reported, plus a margin.
      const capacity = count[0]! + 8;
      const infos = new Uint8Array(capacity * fns.processStride);
      count[0] = capacity;
      rc = f(h, count, infos);
      if (rc === 0) {
        const view = new DataView(infos.buffer);
        for (let i = 0; i < count[0]!; i++) {
          const pid = view.getUint32(i * fns.processStride, true);
          const usedBytes = Number(view.getBigUint64(i * fns.processStride + 8, true));
          const prev = processes.get(`${slot}:${pid}`);
          processes.set(`${slot}:${pid}`, {
            slot,
            pid,
            usedBytes: Math.max(prev?.usedBytes ?? 0, usedBytes),
          });
        }
      }
    }
    if (rc !== 0) failed(slot, fn, rc);
  };
  let lastProcesses = Number.NEGATIVE_INFINITY;
  const scanProcesses = () => {
    lastProcesses = nowAbs();
    handles.forEach((h, slot) => {
      if (h === undefined) return;
      listProcesses(slot, h, 7, fns.computeProcesses);
      listProcesses(slot, h, 8, fns.graphicsProcesses);
    });
  };

  const fs = ctx.require('node:fs') as { readFileSync(p: string, enc: 'utf8'): string };
  const cpuNs = (): number | null => {
    try {
      return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
    } catch {
      return null;
    }
  };

  const report = (
    stats: { polls: number; skipped: number },
    cpu0: number | null,
    t0: number,
    elu0: EventLoopUtilization,
  ) => {
    const cpu1 = cpuNs();
    const elu = performance.eventLoopUtilization(elu0);
    // Shut down before reporting, so NVML's reference count is balanced once `done` arrives.
    fns.shutdown!();
    port.postMessage({
      type: 'done',
      polls: stats.polls,
      skipped: stats.skipped,
      errors: [...errors.values()],
      processes: [...processes.values()],
      cpuNs: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
      activeMs: elu.active,
      wallMs: nowAbs() - t0,
    });
    port.close();
  };

  port.postMessage({ type: 'ready', missing });
  // Wait for the start edge (or a stop before it).
  while (Atomics.load(control, 0) !== RUN && Atomics.load(control, 0) !== STOP) Atomics.wait(control, 0, 0);
  const cpu0 = cpuNs();
  const t0 = nowAbs();
  const elu0 = performance.eventLoopUtilization();
  if (Atomics.load(control, 0) === STOP) {
    report({ polls: 0, skipped: 0 }, cpu0, t0, elu0);
    return;
  }
  const sampler = ctx.startSampler({
    intervalMs: d.intervalMs,
    clock,
    finalPoll: true,
    poll: (tick) => {
      // Every column on the first and final polls and every `slowEvery` ticks; power and clock events always.
      const cols = tick.index <= 0 || tick.index % slowEvery === 0 ? columns : fast;
      for (let slot = 0; slot < handles.length; slot++) {
        const h = handles[slot];
        if (h !== undefined) readDevice(slot, h, cols);
      }
      const now = nowAbs();
      if (now - lastProcesses >= d.processEveryMs) scanProcesses();
      if (now - lastFlush >= d.flushEveryMs) flush();
    },
  });
  let stopping = false;
  requestStop = () => {
    if (stopping) return;
    stopping = true;
    void sampler.stop().then((stats) => {
      scanProcesses();
      flush();
      report(stats, cpu0, t0, elu0);
    });
  };
}
