// The experiment child process of `isolation: process`: a process entry point (like the CLI, it
// wires implementations through the registry). It may get a `prepare` message first (the runner
// sends it outside measurement windows: in a gap, or once the previous run's window is over),
// which loads the harness, creates the engine and energy sources and starts the engine's runtime,
// so that the run itself starts warm. Then it waits for one `start` message, measures the
// experiment, reporting each phase over IPC, sends the record and exits. SIGINT/SIGTERM stop it
// cleanly (an `interrupted` record); losing the parent (the runner was killed) kills it at once,
// so no orphan keeps measuring or writing into a study another runner may resume.
import type { EnergySource } from '../../energy/source.js';
import type { Engine } from '../../engines/engine.js';
import type { ExperimentEvent } from '../../harness/events.js';
import type { RunJob } from './executor.js';
import type { ChildMessage, Fault } from './protocol.js';
import { parseFaults, parseParentMessage } from './protocol.js';

const controller = new AbortController();
let finished = false;

const stop = (sig: NodeJS.Signals) => {
  if (!controller.signal.aborted)
    controller.abort(Object.assign(new Error(`interrupted by ${sig}`), { name: 'AbortError' }));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('disconnect', () => {
  if (finished) return;
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.kill(process.pid, 'SIGKILL');
  }
});

/**
 * Sends a message; resolves once it is handed to the channel. Node writes an IPC message to the
 * socket at once when the channel is idle, so a phase sent before its work starts reaches the
 * runner even if the process dies in that phase.
 */
function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || process.send === undefined) {
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => resolve());
  });
}

/** Applies a test fault on entering a phase (see `Fault`). */
function inject(faults: readonly Fault[], experiment: number, event: ExperimentEvent): void {
  if (event.type !== 'phase') return;
  const f = faults.find(
    (x) => x.phase === event.phase && (x.experiment === undefined || x.experiment === experiment),
  );
  if (f === undefined) return;
  if (f.kind === 'abort') process.abort();
  if (f.kind === 'exit') process.exit(3);
  // A hang that ignores signals and IPC: the main thread sleeps forever without spinning.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/** What `prepare` made ready for the run: the engine (runtime started) and the energy sources. */
interface Warm {
  engineName: string;
  engine: Engine;
  energySources: EnergySource[];
}

/** The sent form of an event: a phase is its own message; everything else travels as `event`. */
function messageOf(event: ExperimentEvent): ChildMessage {
  if (event.type !== 'phase') return { type: 'event', event };
  return {
    type: 'phase',
    phase: event.phase,
    at_ms: event.atMs,
    ...(event.detail === undefined ? {} : { detail: event.detail }),
  };
}

async function run(job: RunJob, warm: Warm | undefined): Promise<void> {
  const faults = parseFaults(process.env.LLEM_TEST_FAULT);
  try {
    const { measureExperiment } = await import('../../harness/measure.js');
    const { createEnergySources, createEngine } = await import('../../registry.js');
    const reuse = warm !== undefined && warm.engineName === job.config.engine;
    const engine = reuse ? warm.engine : await createEngine(job.config.engine);
    const energySources = reuse
      ? warm.energySources
      : await createEnergySources(job.config.measurement.energy);
    const record = await measureExperiment(
      job.config,
      { engine, energySources },
      {
        ...job.measure,
        env: process.env,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'result') return;
          const sent = send(messageOf(event));
          // A fault lands once the parent knows the phase, as a real crash in that phase would.
          if (faults.length > 0) void sent.then(() => inject(faults, job.measure.runIndex, event));
        },
      },
    );
    await send({ type: 'result', record });
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    await send({
      type: 'error',
      error: {
        code: typeof e.code === 'string' ? e.code : 'ERR_INTERNAL',
        message: String(e.message ?? error),
      },
    });
  }
  finished = true;
  process.exit(0);
}

/**
 * Loads the harness, creates the engine and energy sources, and starts the runtime the run's
 * config will use, ahead of the run (with the config, so a CPU-only run never starts a GPU
 * runtime here). Errors surface in the run, which then starts from scratch.
 */
async function prepare(job: RunJob): Promise<Warm | undefined> {
  const t0 = performance.now();
  try {
    await import('../../harness/measure.js');
    const { createEnergySources, createEngine } = await import('../../registry.js');
    const engine = await createEngine(job.config.engine);
    await engine.probe(job.config);
    const energySources = await createEnergySources(job.config.measurement.energy);
    void send({ type: 'ready', prepare_s: (performance.now() - t0) / 1000 });
    return { engineName: job.config.engine, engine, energySources };
  } catch {
    return undefined;
  }
}

let warming: Promise<Warm | undefined> | undefined;

process.on('message', (raw: unknown) => {
  const parsed = parseParentMessage(raw);
  if (!parsed.ok) {
    void send({ type: 'error', error: { code: 'ERR_WORKER_PROTOCOL', message: parsed.reason } }).then(() => {
      finished = true;
      process.exit(0);
    });
    return;
  }
  const message = parsed.message;
  if (message.type === 'prepare') warming ??= prepare(message.job);
  else void (warming ?? Promise.resolve(undefined)).then((warm) => run(message.job, warm));
});
