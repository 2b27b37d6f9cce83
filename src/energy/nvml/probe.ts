import type { EnergyDevice, EnergyProbe } from '../source.js';
import type { NvmlFunctions, NvmlHandle } from './binding.js';
import { NVML_ERROR_NOT_SUPPORTED, NVML_SUCCESS } from './codes.js';
import { type SelectedGpu, selectGpus } from './devices.js';
import { cString, handleOf, initNvml, nvmlError, type OpenedNvml, openNvml } from './library.js';

/** Options shared by the NVML probe and sessions. */
export interface NvmlOptions {
  /** Library path or name (default `libnvidia-ml.so.1`; the registry passes `LLEM_NVML_LIB`). */
  libPath?: string | undefined;
  /** `measurement.energy.devices`: `visible` or positions among the visible GPUs. */
  devices?: 'visible' | readonly number[];
  /** The value of `CUDA_VISIBLE_DEVICES` (undefined when unset). */
  cudaVisibleDevices?: string | undefined;
}

/** Facts about one selected GPU. */
export interface NvmlGpu extends SelectedGpu {
  /** `gpu<index>` (NVML index, as nvidia-smi numbers it). */
  id: string;
  uuid: string;
  name: string;
  /** Enforced power limit, watts. */
  powerLimitW?: number;
  persistenceMode?: boolean;
  /** e.g. `9.0`. */
  computeCapability?: string;
  /** Whether `nvmlDeviceGetTotalEnergyConsumption` works (Volta and newer). */
  energyCounter: boolean;
}

/** A probe plus, when available, what a session needs. */
export interface NvmlProbeResult {
  probe: EnergyProbe;
  gpus: NvmlGpu[];
  nvml?: OpenedNvml;
}

const unavailable = (reason: string): NvmlProbeResult => ({
  probe: { source: 'nvml', available: false, reason, devices: [] },
  gpus: [],
});

/** Reads one GPU's identity and capabilities; every field NVML refuses is left out. */
function describeGpu(fns: NvmlFunctions, h: NvmlHandle, sel: SelectedGpu, uuid: string): NvmlGpu | string {
  const buf = new Uint8Array(96);
  const u32 = new Uint32Array(1);
  const i32 = new Int32Array(2);
  const u64 = new BigUint64Array(1);
  const name = fns.name?.(h, buf, buf.length) === NVML_SUCCESS ? cString(buf) : `GPU ${sel.index}`;
  const gpu: NvmlGpu = { ...sel, id: `gpu${sel.index}`, uuid, name, energyCounter: false };
  if (fns.powerLimit?.(h, u32) === NVML_SUCCESS) gpu.powerLimitW = u32[0]! / 1000;
  if (fns.persistence?.(h, i32) === NVML_SUCCESS) gpu.persistenceMode = i32[0] === 1;
  const minor = new Int32Array(1);
  if (fns.computeCapability?.(h, i32, minor) === NVML_SUCCESS)
    gpu.computeCapability = `${i32[0]}.${minor[0]}`;
  const e = fns.energy?.(h, u64);
  gpu.energyCounter = e === NVML_SUCCESS;
  const p = fns.power?.(h, u32);
  if (!gpu.energyCounter && p !== NVML_SUCCESS) {
    const why =
      p === undefined ? 'nvmlDeviceGetPowerUsage is missing' : `power reads fail: ${nvmlError(fns, p)}`;
    return `${gpu.id} (${name}) has neither an energy counter nor readable power (${why})`;
  }
  if (e !== undefined && e !== NVML_SUCCESS && e !== NVML_ERROR_NOT_SUPPORTED) {
    return `${gpu.id} (${name}): the energy counter fails with ${nvmlError(fns, e)}`;
  }
  return gpu;
}

/** The probe's device entry for one GPU, with the facts the environment snapshot records. */
function deviceOf(g: NvmlGpu, driver: string | undefined, cuda: string | undefined): EnergyDevice {
  return {
    id: g.id,
    name: g.name,
    scope: 'gpu',
    info: {
      index: g.index,
      cuda_index: g.cudaIndex,
      uuid: g.uuid,
      power_limit_w: g.powerLimitW ?? null,
      persistence_mode: g.persistenceMode ?? null,
      compute_capability: g.computeCapability ?? null,
      energy_counter: g.energyCounter,
      method: g.energyCounter ? 'counter' : 'integrated',
      driver_version: driver ?? null,
      cuda_driver_version: cuda ?? null,
    },
  };
}

/** Driver and CUDA versions, when NVML reports them. */
function versions(fns: NvmlFunctions): { driver?: string; cuda?: string } {
  const buf = new Uint8Array(96);
  const i32 = new Int32Array(1);
  const out: { driver?: string; cuda?: string } = {};
  if (fns.driverVersion?.(buf, buf.length) === NVML_SUCCESS) out.driver = cString(buf);
  if (fns.cudaVersion?.(i32) === NVML_SUCCESS)
    out.cuda = `${Math.floor(i32[0]! / 1000)}.${(i32[0]! % 1000) / 10}`;
  return out;
}

/**
 * Probes NVML: the library loads, `nvmlInit_v2` succeeds, GPUs are enumerated and selected
 * (`CUDA_VISIBLE_DEVICES`, then `measurement.energy.devices`), and each selected GPU has an
 * energy counter or readable power. Never throws; initialises and shuts NVML down again.
 */
export async function probeNvml(o: NvmlOptions, libPath: string): Promise<NvmlProbeResult> {
  const open = await openNvml(libPath);
  if (!open.ok) return unavailable(open.reason);
  const { fns } = open.nvml;
  const initError = initNvml(fns);
  if (initError !== undefined) {
    return unavailable(
      `nvmlInit_v2 failed with ${initError}: the NVIDIA driver is not working here. Fix: check that nvidia-smi works (driver loaded, /dev/nvidia* present in a container)`,
    );
  }
  try {
    const count = new Uint32Array(1);
    const r = fns.count!(count);
    if (r !== NVML_SUCCESS) return unavailable(`nvmlDeviceGetCount_v2 failed with ${nvmlError(fns, r)}`);
    const handles = new Map<number, NvmlHandle>();
    const identities = [];
    const problems: string[] = [];
    for (let index = 0; index < count[0]!; index++) {
      const h = handleOf(fns, index);
      if ('error' in h) {
        problems.push(`GPU ${index}: no handle (${h.error})`);
        continue;
      }
      const buf = new Uint8Array(96);
      const uuid = fns.uuid?.(h.handle, buf, buf.length) === NVML_SUCCESS ? cString(buf) : `index-${index}`;
      handles.set(index, h.handle);
      identities.push({ index, uuid });
    }
    const sel = selectGpus(identities, {
      devices: o.devices ?? 'visible',
      cudaVisibleDevices: o.cudaVisibleDevices,
    });
    if (sel.error !== undefined) return unavailable(sel.error);
    const gpus: NvmlGpu[] = [];
    for (const s of sel.selected) {
      const d = describeGpu(fns, handles.get(s.index), s, identities.find((i) => i.index === s.index)!.uuid);
      if (typeof d === 'string') problems.push(d);
      else gpus.push(d);
    }
    const v = versions(fns);
    const caveats = [...sel.notes, ...problems];
    const tail = caveats.length > 0 ? ` (${caveats.join('; ')})` : '';
    if (gpus.length === 0) {
      return unavailable(
        `NVML works (driver ${v.driver ?? '?'}) but no GPU can be measured: ${sel.how}${tail}`,
      );
    }
    const methods = gpus.map(
      (g) => `${g.id} ${g.energyCounter ? 'energy counter' : 'integrated power (no energy counter)'}`,
    );
    return {
      probe: {
        source: 'nvml',
        available: true,
        reason: `NVML via ${libPath}, driver ${v.driver ?? '?'}, CUDA ${v.cuda ?? '?'}: ${sel.how}; ${methods.join(', ')}${tail}`,
        devices: gpus.map((g) => deviceOf(g, v.driver, v.cuda)),
      },
      gpus,
      nvml: open.nvml,
    };
  } finally {
    fns.shutdown!();
  }
}
