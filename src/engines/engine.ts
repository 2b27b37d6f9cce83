import type { ExperimentConfig } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { ConfigIssue } from '../core/errors.js';
import type { EngineForecast } from './forecast.js';

export type { EngineForecast, MemoryEstimate } from './forecast.js';

/** What an engine can do; the harness branches on these, never on the engine's name. */
export interface EngineCapabilities {
  /** Tokens are delivered as they are generated (TTFT and ITL are measured). */
  streaming: boolean;
  /** Per-token timestamps are available for every request. */
  tokenTimestamps: boolean;
  /** Inference runs inside the llem process (its CPU time is ours). */
  inProcess: boolean;
  /** Several requests can be evaluated together. */
  batching: boolean;
}

/** The answer to "can this engine run here?". */
export interface EngineProbe {
  available: boolean;
  /** Why not, and what to do, when unavailable. */
  reason?: string;
  /** The error code a run should fail with when unavailable [ERR_ENGINE_UNAVAILABLE] (e.g. a worker that broke its protocol). */
  failureCode?: 'ERR_ENGINE_UNAVAILABLE' | 'ERR_WORKER_PROTOCOL' | 'ERR_ENGINE_FAILED';
  /** Engine library version, when known. */
  version?: string;
  /** Compute device the engine would use, e.g. `cpu`, `cuda`, `vulkan`. */
  device?: string;
  /** What runs the engine when it is not in-process, e.g. `Python 3.11.7 (/venv/bin/python, from LLEM_PYTHON)`. */
  runtime?: string;
}

/** Architecture facts about the loaded model, used for FLOPs and memory figures. */
export interface ModelInfo {
  /** Architecture name from the model metadata, e.g. `llama`. */
  architecture: string;
  /** Total parameter count. */
  parameters: number;
  /** Parameters in the token embedding (excluded from the forward FLOPs). */
  embeddingParameters: number;
  /** Transformer blocks. */
  layers: number;
  /** Hidden size. */
  embeddingLength: number;
  /** Attention query heads. */
  heads: number;
  /** Key/value heads (grouped-query attention). */
  kvHeads: number;
  /** Per-head dimension. */
  headDim: number;
  /** Feed-forward width. */
  feedForwardLength: number;
  /** Vocabulary size. */
  vocabSize: number;
  /** Training context length. */
  contextLength: number;
  /** Bytes of the weights file (or on-device weights). */
  weightsBytes: number;
  /** Weight format, e.g. `f16`, `q4_0`. */
  weightType: string;
}

/** One request offered to the engine. */
export interface InferenceRequest {
  /** Stable index within the run. */
  id: number;
  /** Prompt text (already chosen from the dataset). */
  prompt: string;
  /** Output token limit for this request. */
  maxOutputTokens: number;
  /** Offset from the run start at which the request is scheduled to be sent, ms; read in `rate` mode only (closed loops send on completions). */
  scheduledOffsetMs: number;
  /** Dataset source label (for grouping), when known. */
  sourceLabel?: string;
  /** Exact prompt token ids (synthetic workloads); when set, `prompt` is informative only. */
  tokens?: number[];
}

/** What happened to one request; times are on the harness clock (`Clock.nowMs`). */
export interface RequestRecord {
  id: number;
  /** Prompt tokens actually evaluated (after truncation), from the engine tokenizer. */
  inputTokens: number;
  /** Generated tokens, from the engine tokenizer. */
  outputTokens: number;
  /** When the request was scheduled to be sent, ms; queue-inclusive latencies start here. */
  scheduledMs: number;
  /** When the request was actually sent (handed to the engine's queue or the network), ms; absent if it never was. */
  sentMs?: number;
  /** When work on the request started (a slot took it), ms; service latencies start here. */
  startMs: number;
  /** When the first output token was available, ms (undefined if none). */
  firstTokenMs?: number;
  /** When the request finished, ms. */
  endMs: number;
  /** Per-token arrival times, ms, when the engine can give them. */
  tokenTimesMs?: number[];
  /** Why the request failed, when it did. */
  error?: string;
  /** True when the prompt was cut to `max_input_tokens`. */
  truncated?: boolean;
}

/** How requests are issued during `run` (see `dispatch` in `engines/dispatch.ts`). */
export interface LoadSpec {
  /** `batch`: all sent at once; `concurrency`: closed loop; `rate`: sent at each request's `scheduledOffsetMs`. */
  mode: 'batch' | 'concurrency' | 'rate';
  /** concurrency: requests outstanding (sent and not finished); may exceed the engine's slots (the rest queue). */
  concurrency?: number;
  /**
   * Closed loops (`batch`, `concurrency`): keep sending requests, cycling through the given ones
   * with fresh ids, until this many ms have passed since the run started [0 = off]. In `rate` mode
   * the caller plans the arrivals for the duration instead.
   */
  minDurationMs?: number;
}

/** Options of `Engine.warmup`. */
export interface WarmupOptions {
  /** How the warmup requests are issued [batch]. */
  load?: LoadSpec;
  signal?: AbortSignal;
  /** Called once per finished record, in completion order. */
  onRecord?: (record: RequestRecord) => void;
}

/** Context for `load`: where to report, how to stop. */
export interface EngineContext {
  clock: Clock;
  signal?: AbortSignal;
  /** Directory for caches (generated models, downloads). */
  cacheDir: string;
  /** Directory relative paths in the config are resolved against. */
  baseDir: string;
  /** Log sink for engine messages (goes to run.log). */
  log: (line: string) => void;
}

/** A tokenizer bound to a loaded model. */
export interface Tokenizer {
  /** Token ids of `text` as a prompt (no BOS unless the engine adds one on evaluation). */
  tokenize(text: string): number[];
  /** Text of `tokens`. */
  detokenize(tokens: readonly number[]): string;
}

/** One inference engine behind the common interface (SPEC §3). */
export interface Engine {
  /** Engine name as written in configs. */
  readonly name: string;
  readonly capabilities: EngineCapabilities;
  /**
   * Can this engine run here, and if not, why not. Never throws. With `config`, it starts only
   * the runtime that loading `config` would use (a CPU-only config never starts a GPU runtime);
   * without, the best one available (for `llem doctor`).
   */
  probe(config?: ExperimentConfig): Promise<EngineProbe>;
  /**
   * Checks `config` against this machine without loading or downloading anything (the model file
   * exists and its header parses; settings this engine cannot honour). Returns every problem as
   * a config issue on its field (no file or line: the harness adds them); empty when all is well.
   */
  preflight?(config: ExperimentConfig, ctx: EngineContext): Promise<ConfigIssue[]>;
  /**
   * Describes the model without loading it (for `--dry-run` memory and duration estimates);
   * undefined when that would need a download or generation.
   */
  inspect?(config: ExperimentConfig, ctx: EngineContext): Promise<ModelInfo | undefined>;
  /**
   * Forecasts memory and decode speed for `config` with `model` (from `inspect`; undefined when
   * unknown), without loading anything; for dry runs (`estimateRun`, `planStudy`). An engine
   * without it gets "no forecast for engine X" in the plan, never another engine's assumptions.
   */
  forecast?(config: ExperimentConfig, model: ModelInfo | undefined): EngineForecast;
  /** The argv that starts the engine's worker or server for `config` (shown by the dry run), for out-of-process engines. */
  launchPlan?(config: ExperimentConfig, ctx: EngineContext): Promise<string[]>;
  /** Loads the model described by `config`; throws `ERR_ENGINE_FAILED` / `ERR_MODEL_INVALID` with a reason. */
  load(config: ExperimentConfig, ctx: EngineContext): Promise<ModelInfo>;
  /** The loaded model's tokenizer (after `load`). */
  tokenizer(): Tokenizer;
  /**
   * Runs warmup requests through the same path as `run`, under `options.load` (default `batch`:
   * all offered at once), returning their records.
   */
  warmup(requests: InferenceRequest[], options?: WarmupOptions): Promise<RequestRecord[]>;
  /**
   * Requests the loaded engine keeps in flight under `load` (the window's concurrency), so warmup
   * and the thermal floor can load the device the same way; undefined means one at a time.
   */
  inFlightLimit?(load: LoadSpec): number;
  /**
   * Seconds, in total since the engine was created, its load generator spent waiting on the event
   * loop for send times (a paced client's sub-millisecond wait: CPU-busy, but it yields to every
   * socket). The window takes the difference over a run, so the generator-CPU check can tell
   * waiting from work. Absent: the engine's generator does not busy-wait.
   */
  pacingWaitS?(): number;
  /**
   * Runs the measured requests under `load`; one record per request (in order, then any extra
   * requests sent to fill `load.minDurationMs`), failures recorded not thrown.
   */
  run(
    requests: InferenceRequest[],
    load: LoadSpec,
    signal?: AbortSignal,
    onRecord?: (record: RequestRecord) => void,
  ): Promise<RequestRecord[]>;
  /** The settings actually in effect after `load` (threads, context size, device…), snake_case keys, for the result record. */
  effectiveSettings?(): Record<string, unknown>;
  /** Process memory attributable to the model, bytes, when the engine can tell. */
  memory?(): { modelBytes?: number; contextBytes?: number };
  /** Releases the model; safe to call twice. */
  unload(): Promise<void>;
}

/** Creates an engine instance. */
export type EngineFactory = () => Engine;
