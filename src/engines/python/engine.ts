import type { ExperimentConfig } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import { type ConfigIssue, LlemError } from '../../core/errors.js';
import { dispatch } from '../dispatch.js';
import type {
  Engine,
  EngineCapabilities,
  EngineContext,
  EngineProbe,
  InferenceRequest,
  LoadSpec,
  ModelInfo,
  RequestRecord,
  Tokenizer,
  WarmupOptions,
} from '../engine.js';
import { Batcher } from './batcher.js';
import { type PythonEngineName, resolveInterpreter } from './interpreter.js';
import { buildLaunch, FORWARDED_ENV, runGpus, type WorkerLaunch } from './launch.js';
import { modelIssues, resolveModel, toModelInfo } from './model.js';
import { workerTokenizer } from './tokenizer.js';
import { workerDir, workerScriptPath } from './worker-path.js';
import { type WorkerOptions, WorkerProcess } from './worker-process.js';

/** Options of `createPythonEngine`. */
export interface PythonEngineOptions {
  /** Environment for interpreter resolution and the worker [process.env]. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The user config's per-engine `python` map (read lazily). */
  userPython?: () => Promise<Partial<Record<PythonEngineName, string>>>;
  /** Worker timeouts, ms; default from `LLEM_WORKER_HELLO_TIMEOUT_S` / `LLEM_WORKER_STALL_TIMEOUT_S`, else 300 s / 120 s. */
  helloTimeoutMs?: number;
  stallTimeoutMs?: number;
  /** Worker script path (tests) [the shipped worker.py]. */
  workerScript?: string;
}

/** Requests per batch assumed for an engine that schedules its own batches (vLLM, TensorRT-LLM). */
const OPEN_BATCH = 256;
/** A probed worker is kept this long for the `load` that usually follows, ms. */
const SPARE_MS = 60_000;

interface Loaded {
  worker: WorkerProcess;
  launch: WorkerLaunch;
  model: string;
  info: ModelInfo;
  effective: Record<string, unknown>;
  maxBatch: number | null;
  clock: Clock;
  tokenizer?: Tokenizer;
}

/** An engine served by llem's Python worker (SPEC §3.2): transformers, vLLM or TensorRT-LLM. */
export class PythonEngine implements Engine {
  readonly capabilities: EngineCapabilities;
  readonly #options: PythonEngineOptions;
  readonly #env: Readonly<Record<string, string | undefined>>;
  #loaded: Loaded | undefined;
  #spare: Spare | undefined;
  #running = false;

  constructor(
    readonly name: PythonEngineName,
    options: PythonEngineOptions = {},
  ) {
    this.#options = options;
    this.#env = options.env ?? process.env;
    this.capabilities = {
      streaming: false,
      // transformers reports each decode step through a streamer; the offline vLLM and
      // TensorRT-LLM calls give whole outputs only.
      tokenTimestamps: name === 'transformers',
      inProcess: false,
      batching: true,
    };
  }

  /** Starts the worker with the interpreter (or container) `config` would use and reads its hello; never throws. */
  async probe(config?: ExperimentConfig): Promise<EngineProbe> {
    let launch: WorkerLaunch | undefined;
    try {
      launch = await this.launchFor(config, process.cwd());
      const worker = await WorkerProcess.start(
        launch,
        this.#workerOptions(() => {}),
      );
      const h = worker.hello;
      const probe: EngineProbe = {
        available: true,
        device: h.device ?? 'unknown',
        runtime: runtimeText(launch, h.python, h.executable),
        ...(h.engine_version ? { version: h.engine_version } : {}),
      };
      if (config === undefined) await worker.close();
      else this.#keepSpare(worker, launch);
      return probe;
    } catch (error) {
      const where =
        launch === undefined
          ? ''
          : launch.kind === 'local'
            ? ` (interpreter ${launch.argv[0]}, from ${launch.interpreter?.source ?? 'config'})`
            : ` (worker in ${launch.kind}: ${launch.argv.join(' ')})`;
      const code = error instanceof LlemError ? error.code : undefined;
      return {
        available: false,
        reason: `${message(error)}${where}`,
        ...(code === 'ERR_WORKER_PROTOCOL' || code === 'ERR_ENGINE_FAILED' ? { failureCode: code } : {}),
      };
    }
  }

  /** The model is a Hugging Face folder or id (not GGUF), and a local folder exists. */
  async preflight(config: ExperimentConfig, ctx: EngineContext): Promise<ConfigIssue[]> {
    return modelIssues(this.name, config.model, ctx.baseDir);
  }

  /** The argv that starts the worker for `config` (shown by the dry run). */
  async launchPlan(config: ExperimentConfig, ctx: EngineContext): Promise<string[]> {
    return (await this.launchFor(config, ctx.baseDir)).argv;
  }

  /** How the worker for `config` is started (interpreter resolution, container argv). */
  async launchFor(config: ExperimentConfig | undefined, baseDir: string): Promise<WorkerLaunch> {
    const userPython = (await this.#options.userPython?.()) ?? {};
    const interpreter = resolveInterpreter(this.name, { userPython, env: this.#env });
    const container = config === undefined ? undefined : config[this.name]?.container;
    const model = config === undefined ? undefined : resolveModel(config.model, baseDir);
    const forwardEnv: Record<string, string> = {};
    for (const key of FORWARDED_ENV) {
      const value = this.#env[key];
      if (value !== undefined && value !== '') forwardEnv[key] = value;
    }
    const mounts = [model, forwardEnv.HF_HOME].filter((m): m is string => m?.startsWith('/') === true);
    return buildLaunch({
      engine: this.name,
      args: ['--engine', this.name],
      interpreter,
      workerScript: this.#options.workerScript ?? workerScriptPath(),
      workerDir: workerDir(),
      ...(container ? { container } : {}),
      gpus: config === undefined ? 'all' : runGpus(config, this.#env),
      mounts,
      forwardEnv,
    });
  }

  /** Starts (or reuses the probed) worker and loads the model; throws a typed error with the worker's reason. */
  async load(config: ExperimentConfig, ctx: EngineContext): Promise<ModelInfo> {
    const spare = this.#spare;
    this.#spare = undefined; // kept from probe(config): the import is the slow part of a start
    await this.unload();
    const launch = await this.launchFor(config, ctx.baseDir);
    const worker = reuse(spare, launch) ?? (await WorkerProcess.start(launch, this.#workerOptions(ctx.log)));
    worker.setLog(ctx.log);
    const h = worker.hello;
    ctx.log(
      `python worker: ${launch.argv.join(' ')} · ${h.engine} ${h.engine_version ?? '?'} on ${h.device ?? '?'} · ${runtimeText(launch, h.python, h.executable)}`,
    );
    const onAbort = () => worker.kill();
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const model = resolveModel(config.model, ctx.baseDir);
      const reply = await worker.request('load', { config: { ...config, model } });
      if (reply.message.type !== 'loaded') throw unexpected('load', reply.message.type);
      const { model: facts, effective, max_batch } = reply.message;
      const stats = await worker.request('stats');
      const peak = stats.message.type === 'stats' ? stats.message.peak_memory_bytes : undefined;
      this.#loaded = {
        worker,
        launch,
        model,
        info: toModelInfo(facts),
        effective: {
          ...effective,
          python: h.executable ?? launch.argv[0],
          python_version: h.python,
          ...(launch.interpreter ? { interpreter_source: launch.interpreter.source } : {}),
          worker_launch: launch.kind,
          ...(launch.kind === 'local' ? {} : { worker_argv: launch.argv }),
          worker_protocol: h.protocol,
          ...(peak === undefined ? {} : { peak_memory_after_load_bytes: peak }),
        },
        maxBatch: max_batch,
        clock: ctx.clock,
      };
      return this.#loaded.info;
    } catch (error) {
      worker.kill();
      throw error;
    } finally {
      ctx.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The model's tokenizer, run through the worker's interpreter (see `workerTokenizer`). */
  tokenizer(): Tokenizer {
    const loaded = this.#require();
    loaded.tokenizer ??= workerTokenizer(loaded.launch.argv.slice(0, -2), loaded.model);
    return loaded.tokenizer;
  }

  /** Warmup requests go through the same path as measured ones (`warmup` messages). */
  warmup(requests: InferenceRequest[], options: WarmupOptions = {}): Promise<RequestRecord[]> {
    return this.#run('warmup', requests, options.load ?? { mode: 'batch' }, options.signal, options.onRecord);
  }

  /** Requests in one generate batch under `load`: the engine's batch size, capped by `concurrency`. */
  inFlightLimit(load: LoadSpec): number {
    const cap = this.#require().maxBatch ?? OPEN_BATCH;
    return load.mode === 'concurrency' && load.concurrency !== undefined
      ? Math.max(1, Math.min(load.concurrency, cap))
      : cap;
  }

  /**
   * Runs `requests` under `load` (batch or concurrency; rate is refused) through the shared
   * dispatcher, with one slot per request a generate batch holds; requests taken together form one
   * batch. A worker that dies, stalls or breaks the protocol fails the run with that error.
   */
  run(
    requests: InferenceRequest[],
    load: LoadSpec,
    signal?: AbortSignal,
    onRecord?: (record: RequestRecord) => void,
  ): Promise<RequestRecord[]> {
    return this.#run('generate', requests, load, signal, onRecord);
  }

  async #run(
    type: 'generate' | 'warmup',
    requests: InferenceRequest[],
    load: LoadSpec,
    signal: AbortSignal | undefined,
    onRecord: ((record: RequestRecord) => void) | undefined,
  ): Promise<RequestRecord[]> {
    const loaded = this.#require();
    if (load.mode === 'rate') {
      throw new LlemError(
        'ERR_CONFIG_INVALID',
        `${this.name} generates in batches and cannot pace an open-loop rate; use load.mode batch or concurrency`,
      );
    }
    if (this.#running)
      throw new LlemError('ERR_INTERNAL', `${this.name}: run() called while another run is in progress`);
    this.#running = true;
    const { worker, clock } = loaded;
    const batcher = new Batcher(async (batch) => {
      const sentMs = clock.nowMs();
      const reply = await worker.request(type, {
        requests: batch.map((r) => ({
          id: r.id,
          prompt: r.prompt,
          max_output_tokens: r.maxOutputTokens,
          ...(r.tokens ? { tokens: r.tokens } : {}),
        })),
      });
      const receivedMs = clock.nowMs();
      if (reply.message.type !== 'generated') throw unexpected(type, reply.message.type);
      // The worker's t = 0 is when it read the request; anchoring its end to our receipt keeps
      // every time on the harness clock (pipe latency, microseconds, is the only error).
      return { results: reply.message.results, baseMs: receivedMs - reply.message.elapsed_ms, sentMs };
    }, clock.nowMs);
    const onAbort = () => worker.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const cap = loaded.maxBatch ?? Math.max(1, requests.length);
      const slots = load.mode === 'concurrency' ? Math.min(cap, Math.max(1, load.concurrency ?? 1)) : cap;
      const records = await dispatch(requests, load, batcher.serve, {
        clock,
        slots,
        ...(signal ? { signal } : {}),
        ...(onRecord ? { onRecord } : {}),
      });
      if (batcher.fatal) throw batcher.fatal;
      return records;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#running = false;
    }
  }

  /** What the worker reported as in effect (mapped kwargs, dtype, device, threads) plus the interpreter and launch. */
  effectiveSettings(): Record<string, unknown> {
    return { ...(this.#loaded?.effective ?? {}) };
  }

  /** Bytes of the loaded weights. */
  memory(): { modelBytes?: number } {
    return this.#loaded ? { modelBytes: this.#loaded.info.weightsBytes } : {};
  }

  /** Logs the worker's peak memory, shuts it down (killed if it does not go); safe to call twice. */
  async unload(): Promise<void> {
    this.#dropSpare();
    const loaded = this.#loaded;
    this.#loaded = undefined;
    if (loaded === undefined) return;
    await loaded.worker.close();
  }

  #workerOptions(log: (line: string) => void): WorkerOptions {
    const seconds = (key: string) => {
      const v = Number(this.#env[key]);
      return Number.isFinite(v) && v > 0 ? v * 1000 : undefined;
    };
    const hello = this.#options.helloTimeoutMs ?? seconds('LLEM_WORKER_HELLO_TIMEOUT_S');
    const stall = this.#options.stallTimeoutMs ?? seconds('LLEM_WORKER_STALL_TIMEOUT_S');
    return {
      log,
      ...(hello === undefined ? {} : { helloTimeoutMs: hello }),
      ...(stall === undefined ? {} : { stallTimeoutMs: stall }),
      env: this.#env,
    };
  }

  #keepSpare(worker: WorkerProcess, launch: WorkerLaunch): void {
    this.#dropSpare();
    const timer = setTimeout(() => this.#dropSpare(), SPARE_MS);
    timer.unref();
    this.#spare = { worker, key: launch.argv.join('\0'), timer };
  }

  #dropSpare(): void {
    const spare = this.#spare;
    this.#spare = undefined;
    if (spare === undefined) return;
    clearTimeout(spare.timer);
    void spare.worker.close();
  }

  #require(): Loaded {
    if (this.#loaded === undefined)
      throw new LlemError('ERR_INTERNAL', `${this.name}: call load() before using the engine`);
    return this.#loaded;
  }
}

/** A worker started by `probe(config)`, kept for the `load` that follows. */
interface Spare {
  worker: WorkerProcess;
  key: string;
  timer: NodeJS.Timeout;
}

/** The spare worker when it was started the way `launch` says and is still healthy; else closes it. */
function reuse(spare: Spare | undefined, launch: WorkerLaunch): WorkerProcess | undefined {
  if (spare === undefined) return undefined;
  clearTimeout(spare.timer);
  if (spare.key === launch.argv.join('\0') && spare.worker.failure === undefined) return spare.worker;
  void spare.worker.close();
  return undefined;
}

/** "Python 3.11.7 (/venv/bin/python, from LLEM_PYTHON)" or the container runtime and image. */
function runtimeText(launch: WorkerLaunch, version?: string, executable?: string): string {
  const py = version ? `Python ${version}` : 'Python';
  if (launch.kind !== 'local') return `${py} in ${launch.kind} (${launch.argv.join(' ')})`;
  const source = launch.interpreter ? `, from ${launch.interpreter.source}` : '';
  return `${py} (${executable ?? launch.argv[0]}${source})`;
}

function unexpected(request: string, got: string): LlemError {
  return new LlemError('ERR_WORKER_PROTOCOL', `the Python worker answered ${request} with ${got}`);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
