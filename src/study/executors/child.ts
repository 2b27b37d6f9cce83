// The experiment child process of `isolation: process`: a process entry point (like the CLI, it
// wires implementations through the registry). It waits for one `start` message, measures the
// experiment, sends the record and exits. SIGINT/SIGTERM stop it cleanly (an `interrupted`
// record); losing the parent (the runner was killed) kills it at once, so no orphan keeps
// measuring or writing into a study another runner may resume.
import type { ExperimentEvent } from '../../harness/events.js';
import type { RunJob } from './executor.js';
import type { ChildMessage, Fault, ParentMessage } from './protocol.js';
import { parseFaults } from './protocol.js';

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

async function run(job: RunJob): Promise<void> {
  const faults = parseFaults(process.env.LLEM_TEST_FAULT);
  try {
    const { measureExperiment } = await import('../../harness/measure.js');
    const { createEnergySources, createEngine } = await import('../../registry.js');
    const engine = await createEngine(job.config.engine);
    const energySources = await createEnergySources(job.config.measurement.energy);
    const record = await measureExperiment(
      job.config,
      { engine, energySources },
      {
        ...job.measure,
        env: process.env,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'result') return;
          const sent = send({ type: 'event', event });
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

let warm: Promise<void> | undefined;

/**
 * Loads the harness and starts the runtime the run's config will use, ahead of the run (errors
 * surface in the run); with the config, so a CPU-only run never starts a GPU runtime here.
 */
function prepare(engineName: string, config: RunJob['config']): Promise<void> {
  return (async () => {
    await import('../../harness/measure.js');
    const { createEngine } = await import('../../registry.js');
    const engine = await createEngine(engineName as Parameters<typeof createEngine>[0]);
    await engine.probe(config);
  })().catch(() => undefined);
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'prepare') warm = prepare(message.engine, message.config);
  else if (message.type === 'start') void (warm ?? Promise.resolve()).then(() => run(message.job));
});
