import { createHash } from 'node:crypto';
import { getMaxListeners, setMaxListeners } from 'node:events';
import { join } from 'node:path';
import type { ExperimentConfig } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import { LlemError } from '../../core/errors.js';
import { inspectModel } from '../../models/inspect.js';
import { resolveModel } from '../../models/resolve.js';
import { dispatch } from '../dispatch.js';
import type {
  Engine,
  EngineCapabilities,
  EngineContext,
  EngineForecast,
  EngineProbe,
  InferenceRequest,
  LoadSpec,
  ModelInfo,
  RequestRecord,
  Tokenizer,
  WarmupOptions,
} from '../engine.js';
import { OpenAIClient } from './client.js';
import { forecastOpenAI } from './forecast.js';
import { describeExit, type LaunchedServer, launchServer } from './launch.js';
import { type PacingStats, pacedClock } from './pacing.js';
import { findExecutable, freePort } from './process.js';
import { type BodyContext, endpointPath, requestBody, samplingFields } from './request.js';
import { servedModel, unknownModelInfo } from './served-model.js';
import { findPromptCounter, type PromptCounter, streamsUsage, tokenCountMethod } from './tokens.js';

/** Open-loop (`rate`) requests kept in flight at most, unless `openai.max_connections` says otherwise. */
const RATE_IN_FLIGHT = 1024;

/** What the attach mode's record says about energy. */
export const ATTACH_ENERGY_NOTE =
  'attach mode: llem did not start this server; energy figures cover only devices on this host, so they describe the server only when it runs here';

interface Loaded {
  config: ExperimentConfig;
  clock: Clock;
  log: (line: string) => void;
  client: OpenAIClient;
  server: LaunchedServer | undefined;
  baseUrl: string;
  body: BodyContext;
  /** Prompt counter when streams carry no usage; undefined when usage is reported (or none exists). */
  counter: PromptCounter | undefined;
  streamUsage: boolean;
  argv: string[] | null;
  info: ModelInfo;
  /** Requests of the latest run counted from `usage` / without it. */
  counted: { usage: number; fallback: number };
}

/** The OpenAI-compatible server engine (SPEC §3.3); see `createOpenAIEngine`. */
export class OpenAIEngine implements Engine {
  readonly name = 'openai';
  /**
   * Streaming (TTFT and ITL from stream events), not in-process (the client's own CPU is the load
   * generator's), batching by the server. `tokenTimestamps` is false: a server may pack several
   * tokens into one event, so event times are not one per token.
   */
  readonly capabilities: EngineCapabilities = {
    streaming: true,
    tokenTimestamps: false,
    inProcess: false,
    batching: true,
  };
  #loaded: Loaded | undefined;
  #running = false;
  readonly #pacing: PacingStats = { waitMs: 0 };

  /** See `Engine.pacingWaitS`: the `rate` sends' event-loop wait, in total. */
  pacingWaitS(): number {
    return this.#pacing.waitMs / 1000;
  }

  /** Attach: always available (the server is checked at load); launch: the server program must be on PATH. */
  async probe(config?: ExperimentConfig): Promise<EngineProbe> {
    const version = `llem HTTP/1.1 client (Node ${process.versions.node})`;
    const o = config?.openai;
    if (o?.base_url !== undefined) return { available: true, device: `server at ${o.base_url}`, version };
    const launch = o?.launch;
    if (launch === undefined) return { available: true, device: 'OpenAI-compatible HTTP server', version };
    const program = launch.command?.[0] ?? presetProgram(launch.preset ?? 'vllm');
    if ((await findExecutable(program)) === undefined) {
      return {
        available: false,
        version,
        reason: `${program} was not found on PATH (openai.launch${launch.command ? '.command' : `.preset: ${launch.preset}`}); install the server or give launch.command with its full path`,
      };
    }
    return { available: true, device: `${launch.preset ?? 'command'} server started by llem`, version };
  }

  /** Model facts when the served model is a GGUF llem can read (a path or `builtin:`); undefined otherwise. */
  async inspect(config: ExperimentConfig, ctx: EngineContext): Promise<ModelInfo | undefined> {
    return isGguf(config.model) ? inspectModel(config.model, ctx) : undefined;
  }

  /** Start-up as the load phase, weights when the model is a GGUF llem can read (see `forecastOpenAI`). */
  forecast(config: ExperimentConfig, model: ModelInfo | undefined): EngineForecast {
    return forecastOpenAI(config, model);
  }

  /** Starts the server (launch) or checks it answers (attach), finds the served model and how tokens will be counted. */
  async load(config: ExperimentConfig, ctx: EngineContext): Promise<ModelInfo> {
    await this.unload();
    const o = config.openai;
    if (o === undefined) throw new LlemError('ERR_CONFIG_INVALID', 'engine: openai needs an openai section');
    const launch = o.launch;
    const host = launch?.host ?? '127.0.0.1';
    const port = launch === undefined ? 0 : (launch.port ?? (await freePort(host)));
    const baseUrl = o.base_url ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const client = new OpenAIClient({
      baseUrl,
      clock: ctx.clock,
      requestTimeoutMs: o.request_timeout_s * 1000,
      stallTimeoutMs: o.stall_timeout_s * 1000,
      maxRetries: o.max_retries,
    });
    let server: LaunchedServer | undefined;
    let argv: string[] | null = null;
    try {
      const modelArg = isGguf(config.model)
        ? (
            await resolveModel(config.model, {
              cacheDir: ctx.cacheDir,
              baseDir: ctx.baseDir,
              signal: ctx.signal,
            })
          ).path
        : config.model;
      if (launch !== undefined) {
        const { serverCommand } = await import('./presets.js');
        const extraFilePath = join(ctx.cacheDir, 'openai', `llm-api-options-${shortHash(config)}.yaml`);
        const command = serverCommand(config, { model: modelArg, host, port, extraFilePath });
        argv = command.argv;
        server = await launchServer(command, {
          env: launch.env ?? {},
          log: ctx.log,
          clock: ctx.clock,
          readyTimeoutMs: launch.ready_timeout_s * 1000,
          stopTimeoutMs: launch.stop_timeout_s * 1000,
          client,
          signal: ctx.signal,
        });
      }
      const model = await servedModel(client, [config.model, modelArg], launch === undefined, baseUrl);
      ctx.log(`openai: requests name model "${model}" at ${baseUrl}`);
      const body: BodyContext = {
        api: o.api,
        model,
        sampling: samplingFields(config.sampling),
        randomSeed: config.random_seed,
        fixedOutputLength: config.fixed_output_length,
      };
      // One short streamed request tells whether streams carry `usage` (part of the load phase).
      const streamUsage = await streamsUsage(client, body);
      const counter = streamUsage ? undefined : await findPromptCounter(client, model);
      ctx.log(
        `openai: token counts from ${streamUsage ? 'the usage block' : `stream events and ${counter ? counter.endpoint : 'no tokenizer (input tokens unknown)'}`}`,
      );
      const info =
        (isGguf(config.model) ? await inspectModel(config.model, ctx) : undefined) ?? unknownModelInfo();
      this.#loaded = {
        config,
        clock: ctx.clock,
        log: ctx.log,
        client,
        server,
        baseUrl,
        body,
        counter,
        streamUsage,
        argv,
        info,
        counted: { usage: 0, fallback: 0 },
      };
      return info;
    } catch (error) {
      client.close();
      await server?.stop();
      throw error;
    }
  }

  /** Not available: the server tokenizes; llem counts through it (see `effectiveSettings().token_counts`). */
  tokenizer(): Tokenizer {
    throw new LlemError(
      'ERR_ENGINE_UNAVAILABLE',
      'engine openai has no in-process tokenizer: synthetic datasets need an engine that tokenizes in llem (use a prompt dataset)',
    );
  }

  /** Runs warmup requests exactly like measured ones. */
  warmup(requests: InferenceRequest[], options: WarmupOptions = {}): Promise<RequestRecord[]> {
    return this.run(requests, options.load ?? { mode: 'batch' }, options.signal, options.onRecord);
  }

  /**
   * Requests in flight under `load`, for warmup and the thermal floor: the concurrency; a batch's
   * `dataset.n_prompts`; for `rate`, `rate_rps` rounded up (Little's law at about one second per
   * request: the server's latency is unknown before the window). Capped by `max_connections`.
   */
  inFlightLimit(load: LoadSpec): number {
    const c = this.#require().config;
    const n =
      load.mode === 'concurrency'
        ? (load.concurrency ?? 1)
        : load.mode === 'batch'
          ? c.dataset.n_prompts
          : Math.ceil(c.load.rate_rps ?? 1);
    const limit = c.openai?.max_connections;
    return Math.max(1, limit === undefined ? n : Math.min(n, limit));
  }

  /**
   * Sends `requests` under `load` through the shared dispatcher, paced on the schedule to a
   * fraction of a millisecond; one record per request, failures recorded. Throws
   * `ERR_ENGINE_FAILED` when a server llem started exited during the run.
   */
  async run(
    requests: InferenceRequest[],
    load: LoadSpec,
    signal?: AbortSignal,
    onRecord?: (record: RequestRecord) => void,
  ): Promise<RequestRecord[]> {
    const s = this.#require();
    if (this.#running)
      throw new LlemError('ERR_INTERNAL', 'openai: run() called while another run is in progress');
    this.#running = true;
    try {
      this.#checkServer('before the run');
      const slots = this.#slots(load, requests.length);
      s.client.sizePool(slots);
      // Each request in flight listens on the signal (client.ts) until it ends: `slots` listeners
      // are expected, not a leak, so Node's leak warning (past 10) is raised above them.
      if (signal !== undefined && getMaxListeners(signal) < slots + 10) setMaxListeners(slots + 10, signal);
      s.counted = { usage: 0, fallback: 0 };
      const prompts = new Map(requests.map((r) => [r.id, r]));
      const records = await dispatch(
        requests,
        load,
        (_slot, request, scheduledMs) => this.#serve(request, scheduledMs, signal),
        {
          clock: pacedClock(s.clock, undefined, this.#pacing),
          slots,
          ...(signal ? { signal } : {}),
          ...(onRecord ? { onRecord } : {}),
        },
      );
      this.#checkServer(
        `during the run (${records.filter((r) => r.error === undefined).length} of ${records.length} requests finished)`,
      );
      await this.#countInputs(records, prompts);
      return records;
    } finally {
      this.#running = false;
    }
  }

  /** Where the server is, how it was started, and how tokens were counted. */
  effectiveSettings(): Record<string, unknown> {
    const s = this.#loaded;
    if (s === undefined) return {};
    const o = s.config.openai;
    return {
      mode: o?.base_url !== undefined ? 'attach' : 'launch',
      base_url: s.baseUrl,
      api: s.body.api,
      served_model: s.body.model,
      preset: o?.launch?.preset ?? (o?.launch?.command ? 'command' : null),
      argv: s.argv,
      server_pid: s.server?.pid ?? null,
      http_client: 'llem HTTP/1.1 keep-alive pool (streams; node:http for plain requests)',
      token_counts: tokenCountMethod(s.counter?.endpoint, s.streamUsage, s.counted),
      request_timeout_s: o?.request_timeout_s ?? null,
      stall_timeout_s: o?.stall_timeout_s ?? null,
      max_retries: o?.max_retries ?? null,
      ...(o?.base_url !== undefined ? { energy_note: ATTACH_ENERGY_NOTE } : {}),
    };
  }

  /** Closes the connections and stops a server llem started; safe to call twice. */
  async unload(): Promise<void> {
    const s = this.#loaded;
    this.#loaded = undefined;
    if (s === undefined) return;
    s.client.close();
    if (s.server) {
      s.log('openai: stopping the server');
      await s.server.stop();
    }
  }

  async #serve(
    request: InferenceRequest,
    scheduledMs: number,
    signal: AbortSignal | undefined,
  ): Promise<RequestRecord> {
    const s = this.#require();
    const result = await s.client.stream(
      endpointPath(s.body.api),
      requestBody(request, s.body),
      s.body.api,
      signal,
    );
    const { state } = result;
    const times = state.tokenTimesMs;
    if (state.usage) s.counted.usage++;
    else s.counted.fallback++;
    const record: RequestRecord = {
      id: request.id,
      inputTokens: state.usage?.promptTokens ?? 0,
      outputTokens: state.usage?.completionTokens ?? times.length,
      scheduledMs,
      startMs: result.startMs,
      endMs: result.endMs,
      ...(times.length > 0 ? { firstTokenMs: times[0]!, tokenTimesMs: times } : {}),
    };
    if (result.error !== undefined) {
      const exit = s.server?.exit();
      record.error = exit ? `${result.error}; the server exited (${describeExit(exit)})` : result.error;
    }
    return record;
  }

  /** Input counts for requests whose stream had no usage block, from the server's tokenizer. */
  async #countInputs(records: RequestRecord[], prompts: Map<number, InferenceRequest>): Promise<void> {
    const s = this.#require();
    if (s.counter === undefined) return;
    const byId = new Map(prompts);
    const need = records.filter((r) => r.inputTokens === 0 && r.error === undefined);
    for (const r of need) {
      const request = byId.get(r.id) ?? [...prompts.values()][r.id % prompts.size];
      if (request === undefined) continue;
      try {
        r.inputTokens = request.tokens?.length ?? (await s.counter.count(request.prompt));
      } catch (error) {
        s.log(`openai: counting the prompt of request ${r.id} failed: ${(error as Error).message}`);
      }
    }
  }

  #slots(load: LoadSpec, n: number): number {
    const limit = this.#require().config.openai?.max_connections;
    const wanted =
      load.mode === 'concurrency'
        ? (load.concurrency ?? 1)
        : load.mode === 'batch'
          ? n
          : Math.min(n, RATE_IN_FLIGHT);
    return Math.max(1, limit === undefined ? wanted : Math.min(wanted, limit));
  }

  #checkServer(when: string): void {
    const s = this.#require();
    const exit = s.server?.exit();
    if (exit === undefined) return;
    const tail = s.server?.tail().slice(-10) ?? [];
    throw new LlemError(
      'ERR_ENGINE_FAILED',
      `the server exited ${when} (${describeExit(exit)})${tail.length ? `; last log lines:\n${tail.join('\n')}` : ''}`,
      { details: { log_tail: tail } },
    );
  }

  #require(): Loaded {
    if (this.#loaded === undefined)
      throw new LlemError('ERR_INTERNAL', 'openai: call load() before using the engine');
    return this.#loaded;
  }
}

/** True for models llem can resolve to a GGUF file (builtin, `hf:` or a `.gguf` path). */
function isGguf(model: string): boolean {
  return model.startsWith('builtin:') || model.startsWith('hf:') || /\.gguf$/i.test(model);
}

/** The program a preset runs. */
function presetProgram(preset: string): string {
  const programs: Record<string, string> = {
    vllm: 'vllm',
    sglang: 'python3',
    tgi: 'text-generation-launcher',
    trtllm: 'trtllm-serve',
    'llama-server': 'llama-server',
  };
  return programs[preset] ?? preset;
}

function shortHash(config: ExperimentConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 12);
}
