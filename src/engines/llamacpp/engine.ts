import type { ExperimentConfig } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import { type ConfigIssue, LlemError } from '../../core/errors.js';
import { inspectModel } from '../../models/inspect.js';
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
import { forecastLlamaCpp } from './forecast.js';
import { type GenerateSettings, generate } from './generate.js';
import { type LoadedModel, loadModel } from './load.js';
import { gpuModeOf } from './options.js';
import { preflightLlamaCpp } from './preflight.js';
import { modelTokenizer } from './prompt.js';
import {
  defaultLlamaLoader,
  getRuntime,
  type LlamaLoader,
  type LlamaModule,
  nodeLlamaCppVersion,
  runtimeDevice,
  setRuntimeLogSink,
} from './runtime.js';
import { resolveSampling } from './sampling.js';

/** Options of `createLlamaCppEngine`. */
export interface LlamaCppEngineOptions {
  /** Loads node-llama-cpp [a dynamic `import('node-llama-cpp')`]; tests inject failures here. */
  llamaLoader?: LlamaLoader;
  /** Limit for the child-process trial load of files llem did not generate, ms [180 000]. */
  trialLoadTimeoutMs?: number;
}

/** A loaded model plus what `load` was given. */
interface Loaded {
  state: LoadedModel;
  clock: Clock;
}

/** The in-process llama.cpp engine (SPEC §3.1); see `createLlamaCppEngine`. */
export class LlamaCppEngine implements Engine {
  readonly name = 'llamacpp';
  readonly capabilities: EngineCapabilities = {
    streaming: true,
    tokenTimestamps: true,
    inProcess: true,
    batching: true,
  };
  readonly #loader: LlamaLoader;
  readonly #options: LlamaCppEngineOptions;
  #loaded: Loaded | undefined;
  #running = false;

  constructor(options: LlamaCppEngineOptions = {}) {
    this.#loader = options.llamaLoader ?? defaultLlamaLoader;
    this.#options = options;
  }

  /**
   * Imports node-llama-cpp and starts the runtime `config` would load with (the CPU build when
   * `gpu_layers` is 0, else GPU auto-detection; auto-detection without a config); never throws.
   */
  async probe(config?: ExperimentConfig): Promise<EngineProbe> {
    let mod: LlamaModule;
    try {
      mod = await this.#loader();
    } catch (error) {
      return {
        available: false,
        reason: `node-llama-cpp could not be imported (${text(error)}); reinstall llenergymeasure with its dependencies (npm ci)`,
      };
    }
    const version = await nodeLlamaCppVersion();
    try {
      const llama = await getRuntime(mod, config === undefined ? 'auto' : gpuModeOf(config));
      return { available: true, device: runtimeDevice(llama), ...(version ? { version } : {}) };
    } catch (error) {
      return {
        available: false,
        ...(version ? { version } : {}),
        reason:
          `node-llama-cpp found no usable prebuilt llama.cpp binary for ${process.platform}-${process.arch} (${text(error)}); ` +
          'reinstall with optional dependencies (npm ci --include=optional)',
      };
    }
  }

  /** Model facts from the GGUF header or the builtin model's specification; nothing is loaded or generated. */
  async inspect(config: ExperimentConfig, ctx: EngineContext): Promise<ModelInfo | undefined> {
    return inspectModel(config.model, { cacheDir: ctx.cacheDir, baseDir: ctx.baseDir });
  }

  /** Memory (KV-cache layout) and memory-bound decode speed for `config` (see `forecastLlamaCpp`). */
  forecast(config: ExperimentConfig, model: ModelInfo | undefined): EngineForecast {
    return forecastLlamaCpp(config, model);
  }

  /** The model file exists and its GGUF header passes; the settings map onto node-llama-cpp (see `preflightLlamaCpp`). */
  preflight(config: ExperimentConfig, ctx: EngineContext): Promise<ConfigIssue[]> {
    return preflightLlamaCpp(config, ctx);
  }

  /** Loads the model and one context; throws `ERR_MODEL_INVALID`, `ERR_ENGINE_FAILED` or `ERR_ENGINE_UNAVAILABLE` with a reason. */

  async load(config: ExperimentConfig, ctx: EngineContext): Promise<ModelInfo> {
    await this.unload();
    let mod: LlamaModule;
    try {
      mod = await this.#loader();
    } catch (error) {
      throw new LlemError(
        'ERR_ENGINE_UNAVAILABLE',
        `node-llama-cpp could not be imported (${text(error)}); run \`llem doctor\``,
        {
          cause: error,
        },
      );
    }
    const options =
      this.#options.trialLoadTimeoutMs === undefined
        ? {}
        : { trialLoadTimeoutMs: this.#options.trialLoadTimeoutMs };
    const state = await loadModel(mod, config, ctx, options);
    this.#loaded = { state, clock: ctx.clock };
    return state.info;
  }

  /** The loaded model's tokenizer. */
  tokenizer(): Tokenizer {
    return modelTokenizer(this.#require().state.model);
  }

  /** Runs warmup requests exactly like measured ones, under `options.load` (default: all offered at once). */
  warmup(requests: InferenceRequest[], options: WarmupOptions = {}): Promise<RequestRecord[]> {
    return this.run(requests, options.load ?? { mode: 'batch' }, options.signal, options.onRecord);
  }

  /** Requests decoded together under `load`: `concurrency` capped by this context's sequences, else every sequence. */
  inFlightLimit(load: LoadSpec): number {
    const sequences = this.#require().state.sequences.length;
    // Requests beyond the free sequences only queue: the device sees at most `sequences` at once.
    return load.mode === 'concurrency' && load.concurrency !== undefined
      ? Math.max(1, Math.min(load.concurrency, sequences))
      : sequences;
  }

  /**
   * Runs `requests` under `load` through the shared dispatcher, one context sequence per serving
   * slot: requests beyond the free sequences wait in the dispatcher's queue (that wait is in the
   * queue-inclusive TTFT); failures and aborts become records.
   */
  async run(
    requests: InferenceRequest[],
    load: LoadSpec,
    signal?: AbortSignal,
    onRecord?: (record: RequestRecord) => void,
  ): Promise<RequestRecord[]> {
    const { state, clock } = this.#require();
    if (this.#running)
      throw new LlemError('ERR_INTERNAL', 'llamacpp: run() called while another run is in progress');
    this.#running = true;
    try {
      const settings: GenerateSettings = {
        clock,
        maxInputTokens: state.config.max_input_tokens,
        fixedOutputLength: state.config.fixed_output_length,
        sampling: resolveSampling(state.config.sampling),
        randomSeed: state.config.random_seed,
        ...(signal ? { signal } : {}),
      };
      const { sequences } = state;
      return await dispatch(
        requests,
        load,
        (slot, request, scheduledMs) => generate(sequences[slot]!, request, scheduledMs, settings),
        {
          clock,
          slots: sequences.length,
          ...(signal ? { signal } : {}),
          ...(onRecord ? { onRecord } : {}),
        },
      );
    } finally {
      this.#running = false;
    }
  }

  /** Threads, context size, sequences, batch size, flash attention, KV cache types, device and sampling actually used. */
  effectiveSettings(): Record<string, unknown> {
    return { ...(this.#loaded?.state.settings ?? {}) };
  }

  /** Weights size and the context's estimated footprint, bytes (RAM + VRAM). */
  memory(): { modelBytes?: number; contextBytes?: number } {
    const state = this.#loaded?.state;
    if (state === undefined) return {};
    const usage = state.context.memoryUsage;
    return { modelBytes: state.model.size, contextBytes: usage.ram + usage.vram };
  }

  /** Disposes the context and the model (the runtime stays for reuse); safe to call twice. */
  async unload(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = undefined;
    if (loaded === undefined) return;
    setRuntimeLogSink(undefined);
    try {
      await loaded.state.context.dispose();
    } finally {
      await loaded.state.model.dispose();
    }
  }

  #require(): Loaded {
    if (this.#loaded === undefined)
      throw new LlemError('ERR_INTERNAL', 'llamacpp: call load() before using the engine');
    return this.#loaded;
  }
}

/** The message of an unknown thrown value. */
function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
