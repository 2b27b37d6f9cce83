import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as NodeLlamaCpp from 'node-llama-cpp';

/** The node-llama-cpp module namespace, loaded lazily. */
export type LlamaModule = typeof NodeLlamaCpp;
/** Loads node-llama-cpp; injectable so tests can simulate a missing or broken binding. */
export type LlamaLoader = () => Promise<LlamaModule>;
/** `cpu` forces the CPU build; `auto` lets node-llama-cpp pick the best prebuilt GPU build (CUDA, Vulkan, Metal) and fall back to the CPU. */
export type GpuMode = 'cpu' | 'auto';

/** The default loader: a dynamic import, so `llem --version` never pays for the native binding. */
export const defaultLlamaLoader: LlamaLoader = () => import('node-llama-cpp');

/** Where native log lines go; the engine that loaded last owns it (one runtime per process). */
let logSink: ((line: string) => void) | undefined;

/** Routes llama.cpp log lines (warnings and errors) to `sink`, or drops them when undefined. */
export function setRuntimeLogSink(sink: ((line: string) => void) | undefined): void {
  logSink = sink;
}

const runtimesByModule = new WeakMap<LlamaModule, Map<GpuMode, Promise<NodeLlamaCpp.Llama>>>();

/**
 * Returns the process-wide Llama runtime for `gpu`, creating it once: prebuilt binaries only
 * (`build: 'never'`, nothing is compiled or downloaded) and `maxThreads: 0`, so the `threads`
 * value of a context is the exact number of threads used rather than a hint.
 */
export function getRuntime(mod: LlamaModule, gpu: GpuMode): Promise<NodeLlamaCpp.Llama> {
  let runtimes = runtimesByModule.get(mod);
  if (runtimes === undefined) {
    runtimes = new Map();
    runtimesByModule.set(mod, runtimes);
  }
  let runtime = runtimes.get(gpu);
  if (runtime === undefined) {
    runtime = mod.getLlama({
      gpu: gpu === 'cpu' ? false : 'auto',
      build: 'never',
      maxThreads: 0,
      progressLogs: false,
      logLevel: mod.LlamaLogLevel.warn,
      logger: (level, message) => {
        const text = message.trimEnd();
        if (text !== '') logSink?.(`llama.cpp ${level}: ${text}`);
      },
    });
    // A failed start is not cached: the next call may succeed (e.g. after installing a binary).
    runtime.catch(() => runtimes?.delete(gpu));
    runtimes.set(gpu, runtime);
  }
  return runtime;
}

/** The compute device name of a runtime: `cpu`, `cuda`, `vulkan` or `metal`. */
export function runtimeDevice(llama: NodeLlamaCpp.Llama): string {
  return llama.gpu === false ? 'cpu' : llama.gpu;
}

let cachedVersion: Promise<string | undefined> | undefined;

/** The installed node-llama-cpp version, from its package.json (undefined when unreadable). */
export function nodeLlamaCppVersion(): Promise<string | undefined> {
  cachedVersion ??= (async () => {
    try {
      const text = await readFile(new URL('../package.json', nodeLlamaCppEntryUrl()), 'utf8');
      const version: unknown = JSON.parse(text).version;
      return typeof version === 'string' ? version : undefined;
    } catch {
      return undefined;
    }
  })();
  return cachedVersion;
}

/** The URL of the node-llama-cpp entry point, for child processes that run outside this package. */
export function nodeLlamaCppEntryUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('node-llama-cpp')).href;
}
