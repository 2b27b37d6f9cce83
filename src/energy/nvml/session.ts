import { Worker } from 'node:worker_threads';
import { LlemError } from '../../core/errors.js';
import type { EnergyReading, EnergySession, EnergyStartOptions } from '../source.js';
import type { NvmlHandle } from './binding.js';
import { NVML_SUCCESS, THROTTLE_MASK } from './codes.js';
import { handleOf, initNvml, nvmlError, type OpenedNvml } from './library.js';
import type { NvmlGpu } from './probe.js';
import { buildReading } from './reading.js';
import { CONTROL_RUN, CONTROL_STOP, CONTROL_WAIT, type WorkerMessage } from './worker-main.js';
import { nvmlWorkerScript } from './worker-script.js';

/** How long the sampler thread may take to start (a loaded machine is slow to boot an isolate), ms. */
const WORKER_READY_TIMEOUT_MS = 20_000;
/** How long `stop` waits for the sampler thread's last samples, ms. */
const WORKER_DONE_TIMEOUT_MS = 10_000;

/** `performance.timeOrigin + performance.now()`: a time base shared by every thread of the process. */
const absNow = () => performance.timeOrigin + performance.now();

const unavailable = (message: string) =>
  new LlemError('ERR_ENERGY_UNAVAILABLE', `energy source "nvml" cannot measure here: ${message}`, {
    details: { source: 'nvml' },
  });

/** Reads every counter GPU's energy (mJ) at one window edge, in the main thread, where the edge is. */
function readEdge(
  o: OpenedNvml,
  gpus: readonly NvmlGpu[],
  handles: readonly NvmlHandle[],
  notes: string[],
  edge: string,
): (bigint | undefined)[] {
  const out = new BigUint64Array(1);
  return gpus.map((g, slot) => {
    if (!g.energyCounter) return undefined;
    const rc = o.fns.energy!(handles[slot], out);
    if (rc === NVML_SUCCESS) return out[0]!;
    notes.push(
      `${g.id}: the energy counter read at the window ${edge} failed with ${nvmlError(o.fns, rc)}: integrated power used instead`,
    );
    return undefined;
  });
}

/** Starts the sampler thread and resolves once it has bound NVML and every GPU handle. */
function spawnWorker(
  o: OpenedNvml,
  gpus: readonly NvmlGpu[],
  so: EnergyStartOptions,
  live: SharedArrayBuffer,
  control: SharedArrayBuffer,
) {
  const worker = new Worker(nvmlWorkerScript(), {
    eval: true,
    workerData: {
      koffiPath: o.koffiPath,
      libPath: o.libPath,
      indices: gpus.map((g) => g.index),
      intervalMs: so.sampleIntervalMs,
      throttleMask: THROTTLE_MASK,
      live,
      control,
      flushEveryMs: 1000,
      processEveryMs: Math.max(1000, so.sampleIntervalMs),
    },
  });
  const ready = new Promise<Extract<WorkerMessage, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the sampler thread did not start within 20 s')),
      WORKER_READY_TIMEOUT_MS,
    );
    const settle = (f: () => void) => {
      clearTimeout(timer);
      f();
    };
    worker.once('message', (m: WorkerMessage) =>
      settle(() =>
        m.type === 'ready'
          ? resolve(m)
          : reject(new Error(m.type === 'failed' ? m.message : `unexpected ${m.type}`)),
      ),
    );
    worker.once('error', (e) => settle(() => reject(e)));
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`the sampler thread exited (${code}) before it was ready`))),
    );
  });
  return { worker, ready };
}

/**
 * Measures a window on the given GPUs: counters are read in this thread at the two edges, and a
 * worker thread polls power and telemetry on a drift-free schedule. The worker's samples carry
 * `performance.timeOrigin + now()` and are mapped onto the harness clock with the offset taken at
 * the start edge (exact for the system clock).
 */
export async function startNvmlSession(
  o: OpenedNvml,
  gpus: readonly NvmlGpu[],
  so: EnergyStartOptions,
): Promise<EnergySession> {
  const initError = initNvml(o.fns);
  if (initError !== undefined) throw unavailable(`nvmlInit_v2 failed with ${initError}`);
  const handles: NvmlHandle[] = [];
  for (const g of gpus) {
    const h = handleOf(o.fns, g.index);
    if ('error' in h) {
      o.fns.shutdown!();
      throw unavailable(`no handle for ${g.id} (${h.error})`);
    }
    handles.push(h.handle);
  }
  const live = new SharedArrayBuffer(8 * gpus.length);
  new Float64Array(live).fill(Number.NaN);
  const control = new SharedArrayBuffer(4);
  const command = (c: number) => {
    Atomics.store(new Int32Array(control), 0, c);
    Atomics.notify(new Int32Array(control), 0);
  };
  command(CONTROL_WAIT);
  const { worker, ready } = spawnWorker(o, gpus, so, live, control);
  let readyMsg: Extract<WorkerMessage, { type: 'ready' }>;
  try {
    readyMsg = await ready;
  } catch (e) {
    command(CONTROL_STOP);
    await worker.terminate();
    o.fns.shutdown!();
    throw unavailable(`the sampler thread failed: ${(e as Error).message}`);
  }

  const notes: string[] = readyMsg.missing.map(
    (m) => `${gpus[m.slot]!.id}: the sampler thread got no handle (${m.words}): no telemetry`,
  );
  const chunks: { buffer: Float64Array; count: number }[] = [];
  let done: Extract<WorkerMessage, { type: 'done' }> | undefined;
  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'samples') chunks.push({ buffer: new Float64Array(m.buffer), count: m.count });
    if (m.type === 'done') done = m;
  });
  worker.on('error', (e) =>
    notes.push(`the sampler thread failed: ${e.message}; samples after that are missing`),
  );
  // The thread has exited (NVML shut down, every message delivered) once this resolves.
  const finished = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const t0 = so.clock.nowMs();
  const offset = t0 - absNow();
  const startMj = readEdge(o, gpus, handles, notes, 'start');
  command(CONTROL_RUN);
  // A session someone forgets to stop must not keep the process alive; stop() holds it again.
  worker.unref();
  let end: { t1: number; endMj: (bigint | undefined)[]; aborted: boolean } | undefined;
  const closeWindow = (aborted: boolean) => {
    if (end !== undefined) return;
    const t1 = so.clock.nowMs();
    end = { t1, endMj: readEdge(o, gpus, handles, notes, 'end'), aborted };
    command(CONTROL_STOP);
  };
  const onAbort = () => closeWindow(true);
  if (so.signal?.aborted) onAbort();
  else so.signal?.addEventListener('abort', onAbort, { once: true });

  let result: Promise<EnergyReading[]> | undefined;
  const finish = async (): Promise<EnergyReading[]> => {
    worker.ref();
    closeWindow(false);
    so.signal?.removeEventListener('abort', onAbort);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => {
      timer = setTimeout(() => r('late'), WORKER_DONE_TIMEOUT_MS);
    });
    if ((await Promise.race([finished, late])) === 'late') {
      notes.push(
        'the sampler thread did not finish within 10 s and was stopped; its last samples are missing',
      );
      await worker.terminate();
    }
    clearTimeout(timer);
    o.fns.shutdown!();
    const w = end!;
    return [
      buildReading({
        gpus,
        chunks,
        offset,
        t0,
        t1: w.t1,
        startMj,
        endMj: w.endMj,
        notes,
        done,
        so,
        aborted: w.aborted,
      }),
    ];
  };
  return {
    livePowerW: () => {
      const watts = [...new Float64Array(live)].filter((x) => !Number.isNaN(x));
      return watts.length > 0 ? watts.reduce((a, b) => a + b, 0) : undefined;
    },
    stop: () => {
      result ??= finish();
      return result;
    },
  };
}
