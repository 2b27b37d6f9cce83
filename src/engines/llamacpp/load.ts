import { availableParallelism } from 'node:os';
import type { LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import type { ExperimentConfig } from '../../config/schema.js';
import { isLlemError, LlemError } from '../../core/errors.js';
import { validateGguf } from '../../models/gguf-validate.js';
import { modelInfoFromGguf } from '../../models/model-info.js';
import { parseBuiltinModel, resolveModel } from '../../models/resolve.js';
import type { EngineContext, ModelInfo } from '../engine.js';
import { guardedTrialLoad } from './guarded-load.js';
import { defaultThreads, type LoadPlan, planLoad } from './options.js';
import {
  getRuntime,
  type LlamaModule,
  nodeLlamaCppVersion,
  runtimeDevice,
  setRuntimeLogSink,
} from './runtime.js';
import { resolveSampling } from './sampling.js';

/** A model and its context, ready to run requests. */
export interface LoadedModel {
  config: ExperimentConfig;
  info: ModelInfo;
  model: LlamaModel;
  context: LlamaContext;
  /** One sequence per parallel slot. */
  sequences: LlamaContextSequence[];
  /** Effective settings, snake_case, for the result record. */
  settings: Record<string, unknown>;
}

/** Options of `loadModel`. */
export interface LoadOptions {
  /** Limit of the child-process trial load, ms. */
  trialLoadTimeoutMs?: number;
}

/**
 * Resolves, validates and loads the configured model with one context of `sequences` parallel
 * sequences. Files that llem did not generate itself (`builtin:`) are first loaded once in a
 * child process, because a malformed GGUF can abort the native library and the whole process.
 */
export async function loadModel(
  mod: LlamaModule,
  config: ExperimentConfig,
  ctx: EngineContext,
  options: LoadOptions = {},
): Promise<LoadedModel> {
  const plan = planLoad(config);
  const signal = ctx.signal;
  const resolved = await resolveModel(config.model, { cacheDir: ctx.cacheDir, baseDir: ctx.baseDir, signal });
  const path = resolved.path;
  if (resolved.generated) ctx.log(`llamacpp: generated ${config.model} at ${path}`);
  if (resolved.downloaded) ctx.log(`llamacpp: downloaded ${config.model} to ${path}`);
  const header = await validateGguf(path);
  // llem's own generated models are trusted; anything else is first loaded in a child process.
  const builtin = parseBuiltinModel(config.model) !== undefined;
  if (!builtin) {
    await guardedTrialLoad(path, {
      log: ctx.log,
      ...(signal ? { signal } : {}),
      ...(options.trialLoadTimeoutMs === undefined ? {} : { timeoutMs: options.trialLoadTimeoutMs }),
    });
  }
  if (signal?.aborted) throw new LlemError('ERR_ABORTED', `${path}: load aborted`);

  const llama = await getRuntime(mod, plan.gpu).catch((error: unknown) => {
    throw new LlemError(
      'ERR_ENGINE_UNAVAILABLE',
      `node-llama-cpp could not start its prebuilt llama.cpp binary (${message(error)}); run \`llem doctor\``,
      { cause: error },
    );
  });
  if (plan.threadsSource === 'default')
    plan.context.threads = defaultThreads(availableParallelism(), llama.cpuMathCores);
  // llama.cpp explains a failed load only in its log; keep the last error line for the message.
  let lastNativeError: string | undefined;
  setRuntimeLogSink((line) => {
    if (line.startsWith('llama.cpp error:')) lastNativeError = line.slice('llama.cpp error:'.length).trim();
    ctx.log(line);
  });
  const fail = (what: string, error: unknown, fix: string): LlemError => {
    if (isLlemError(error)) return error;
    if (signal?.aborted) return new LlemError('ERR_ABORTED', `${path}: ${what}: aborted`, { cause: error });
    const reason = lastNativeError === undefined ? message(error) : `${message(error)}: ${lastNativeError}`;
    return new LlemError('ERR_ENGINE_FAILED', `${path}: ${what} (${reason}); ${fix}`, { cause: error });
  };

  let model: LlamaModel;
  try {
    model = await llama.loadModel({
      modelPath: path,
      ...plan.model,
      ...(signal ? { loadSignal: signal } : {}),
    });
  } catch (error) {
    throw fail('loading the model failed', error, 'check gpu_layers and free memory');
  }
  let context: LlamaContext;
  try {
    context = await model.createContext({
      ...plan.context,
      failedCreationRemedy: false,
      ...(signal ? { createSignal: signal } : {}),
    });
  } catch (error) {
    await model.dispose();
    throw fail(
      'creating the context failed',
      error,
      'lower llamacpp.context_size or sequences; quantized kv_cache_type needs flash_attention and a head size that is a multiple of 32',
    );
  } finally {
    setRuntimeLogSink(ctx.log);
  }
  const sequences = Array.from({ length: plan.context.sequences }, () => context.getSequence());
  const settings = {
    ...(await effectiveSettings(mod, plan, model, context)),
    device: runtimeDevice(llama),
    llama_cpp_release: llama.llamaCppRelease.release,
    trial_load: builtin ? 'skipped (llem-generated model)' : 'passed',
    sampling: samplingSettings(config),
  };
  return { config, info: modelInfoFromGguf(header), model, context, sequences, settings };
}

/** The settings in effect, read back from node-llama-cpp where it exposes them. */
async function effectiveSettings(
  mod: LlamaModule,
  plan: LoadPlan,
  model: LlamaModel,
  context: LlamaContext,
): Promise<Record<string, unknown>> {
  const ggmlName = (type: number) => String(mod.GgmlType[type] ?? type).toLowerCase();
  return {
    node_llama_cpp: await nodeLlamaCppVersion(),
    gpu_layers: model.gpuLayers,
    use_mmap: model.useMmap,
    threads: context.idealThreads,
    threads_source: plan.threadsSource,
    sequences: context.totalSequences,
    context_size: context.contextSize,
    batch_size: context.batchSize,
    ubatch_size: context.batchSize,
    flash_attention: context.flashAttention,
    kv_cache_type_k: ggmlName(context.kvCacheKeyType),
    kv_cache_type_v: ggmlName(context.kvCacheValueType),
  };
}

/** The resolved sampling values of a config, snake_case (recorded with the effective settings). */
function samplingSettings(config: ExperimentConfig): Record<string, number> {
  const s = resolveSampling(config.sampling);
  return {
    temperature: s.temperature,
    top_k: s.topK,
    top_p: s.topP,
    min_p: s.minP,
    repetition_penalty: s.repetitionPenalty,
  };
}

/** The message of an unknown thrown value. */
function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
