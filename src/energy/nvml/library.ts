import { createRequire } from 'node:module';
import { bindNvml, type KoffiLike, type NvmlFunctions, type NvmlHandle } from './binding.js';
import { describeReturn, NVML_SUCCESS } from './codes.js';

/** The library name the NVIDIA driver installs; `LLEM_NVML_LIB` overrides it. */
export const DEFAULT_NVML_LIB = 'libnvidia-ml.so.1';

/** NVML bound in this thread, plus what a worker thread needs to bind its own copy. */
export interface OpenedNvml {
  fns: NvmlFunctions;
  /** The library path or name handed to `dlopen`. */
  libPath: string;
  /** Absolute path of koffi's CommonJS entry, for the sampler worker's `require`. */
  koffiPath: string;
}

/** An opened library, or why it could not be opened (with the fix). */
export type OpenResult = { ok: true; nvml: OpenedNvml } | { ok: false; reason: string };

/** Bound libraries by path: koffi keeps a library loaded for the life of the isolate anyway. */
const opened = new Map<string, OpenedNvml>();

/** Functions without which llem cannot measure at all. */
const ESSENTIAL = ['init', 'shutdown', 'count', 'handleByIndex'] as const;
const SYMBOL: Record<(typeof ESSENTIAL)[number], string> = {
  init: 'nvmlInit_v2',
  shutdown: 'nvmlShutdown',
  count: 'nvmlDeviceGetCount_v2',
  handleByIndex: 'nvmlDeviceGetHandleByIndex_v2',
};

/**
 * Loads koffi (lazily: only NVML needs it) and binds the NVML library at `libPath`. Never throws:
 * a missing koffi, a missing library or missing essential symbols come back as a reason that
 * says what to do.
 */
export async function openNvml(libPath: string): Promise<OpenResult> {
  const hit = opened.get(libPath);
  if (hit) return { ok: true, nvml: hit };
  let koffi: KoffiLike;
  let koffiPath: string;
  try {
    const mod = (await import('koffi')) as unknown as { default?: KoffiLike } & KoffiLike;
    koffi = mod.default ?? mod;
    koffiPath = createRequire(import.meta.url).resolve('koffi');
  } catch (e) {
    return {
      ok: false,
      reason: `the koffi FFI package could not be loaded (${(e as Error).message}); reinstall llem's dependencies (npm ci)`,
    };
  }
  let fns: NvmlFunctions;
  try {
    fns = bindNvml(koffi, libPath);
  } catch (e) {
    const custom = libPath !== DEFAULT_NVML_LIB;
    return {
      ok: false,
      reason:
        `cannot load ${libPath} (${(e as Error).message.replace(/\s+/g, ' ').trim()}): ` +
        (custom
          ? 'check the path in LLEM_NVML_LIB'
          : 'no NVIDIA driver is installed here. Fix: install the NVIDIA driver (nvidia-smi must work), run the container with the NVIDIA runtime (--gpus all), or set LLEM_NVML_LIB to the path of libnvidia-ml.so.1'),
    };
  }
  const missing = ESSENTIAL.filter((k) => fns[k] === undefined).map((k) => SYMBOL[k]);
  if (fns.power === undefined && fns.energy === undefined) {
    missing.push('nvmlDeviceGetPowerUsage or nvmlDeviceGetTotalEnergyConsumption');
  }
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `${libPath} lacks ${missing.join(', ')}: the NVIDIA driver is too old or the file is not libnvidia-ml. Fix: update the NVIDIA driver, or point LLEM_NVML_LIB at the driver's libnvidia-ml.so.1`,
    };
  }
  const nvml = { fns, libPath, koffiPath };
  opened.set(libPath, nvml);
  return { ok: true, nvml };
}

const decoder = new TextDecoder();

/** Reads a NUL-terminated string an NVML call wrote into `buf`. */
export function cString(buf: Uint8Array): string {
  const end = buf.indexOf(0);
  return decoder.decode(end === -1 ? buf : buf.subarray(0, end)).trim();
}

/** NVML's words for a return code (`nvmlErrorString`), or the code's name. */
export function nvmlError(fns: NvmlFunctions, code: number): string {
  let words: string | undefined;
  try {
    words = fns.errorString?.(code);
  } catch {
    words = undefined;
  }
  return describeReturn(code, words);
}

/** Calls `nvmlInit_v2`; returns undefined on success, else the error in words. */
export function initNvml(fns: NvmlFunctions): string | undefined {
  const r = fns.init!();
  return r === NVML_SUCCESS ? undefined : nvmlError(fns, r);
}

/** The handle of the GPU at NVML index `index`, or the error in words. */
export function handleOf(fns: NvmlFunctions, index: number): { handle: NvmlHandle } | { error: string } {
  const out: [NvmlHandle] = [null];
  const r = fns.handleByIndex!(index, out);
  return r === NVML_SUCCESS ? { handle: out[0] } : { error: nvmlError(fns, r) };
}
