// The koffi declarations of the NVML functions llem calls. `bindNvml` is self-contained (no
// imports, no module-level references) because its source text is also run inside the sampler's
// worker thread: koffi types belong to one isolate, so the worker declares its own copy.

/** An NVML device handle as koffi returns it (an address; a BigInt). */
export type NvmlHandle = unknown;

/** A function the library may lack (older drivers): undefined when missing. */
export type Maybe<T> = T | undefined;

/** The subset of koffi's module object that `bindNvml` uses. */
export interface KoffiLike {
  load(path: string): { func(name: string, result: unknown, args: unknown[]): unknown };
  pointer(ref: unknown): unknown;
  opaque(): unknown;
  out(type: unknown): unknown;
}

/**
 * NVML functions bound from one library; each is undefined when the library lacks it (an older
 * driver). Out-parameters are typed arrays, which koffi passes without copying (~0.1 µs a call).
 */
export interface NvmlFunctions {
  /** `nvmlInit_v2`. */
  init: Maybe<() => number>;
  /** `nvmlShutdown`. */
  shutdown: Maybe<() => number>;
  /** `nvmlErrorString`. */
  errorString: Maybe<(code: number) => string>;
  /** `nvmlSystemGetDriverVersion(char*, len)`. */
  driverVersion: Maybe<(out: Uint8Array, length: number) => number>;
  /** `nvmlSystemGetCudaDriverVersion(_v2)`: e.g. 12040 for CUDA 12.4. */
  cudaVersion: Maybe<(out: Int32Array) => number>;
  /** `nvmlDeviceGetCount_v2`. */
  count: Maybe<(out: Uint32Array) => number>;
  /** `nvmlDeviceGetHandleByIndex_v2`; the handle lands in `out[0]`. */
  handleByIndex: Maybe<(index: number, out: [NvmlHandle]) => number>;
  /** `nvmlDeviceGetName`. */
  name: Maybe<(h: NvmlHandle, out: Uint8Array, length: number) => number>;
  /** `nvmlDeviceGetUUID`. */
  uuid: Maybe<(h: NvmlHandle, out: Uint8Array, length: number) => number>;
  /** `nvmlDeviceGetEnforcedPowerLimit` (or `…PowerManagementLimit`), mW. */
  powerLimit: Maybe<(h: NvmlHandle, out: Uint32Array) => number>;
  /** `nvmlDeviceGetPersistenceMode`: 1 = enabled. */
  persistence: Maybe<(h: NvmlHandle, out: Int32Array) => number>;
  /** `nvmlDeviceGetCudaComputeCapability`. */
  computeCapability: Maybe<(h: NvmlHandle, major: Int32Array, minor: Int32Array) => number>;
  /** `nvmlDeviceGetTotalEnergyConsumption`: mJ since the driver loaded (Volta and newer). */
  energy: Maybe<(h: NvmlHandle, out: BigUint64Array) => number>;
  /** `nvmlDeviceGetPowerUsage`, mW. */
  power: Maybe<(h: NvmlHandle, out: Uint32Array) => number>;
  /** `nvmlDeviceGetTemperature(h, NVML_TEMPERATURE_GPU = 0)`, °C. */
  temperature: Maybe<(h: NvmlHandle, sensor: number, out: Uint32Array) => number>;
  /** `nvmlDeviceGetClockInfo(h, type)`: 1 = SM, 2 = memory, MHz. */
  clock: Maybe<(h: NvmlHandle, type: number, out: Uint32Array) => number>;
  /** `nvmlDeviceGetMemoryInfo`: total, free, used bytes. */
  memory: Maybe<(h: NvmlHandle, out: BigUint64Array) => number>;
  /** `nvmlDeviceGetUtilizationRates`: gpu %, memory %. */
  utilization: Maybe<(h: NvmlHandle, out: Uint32Array) => number>;
  /** `nvmlDeviceGetCurrentClocksEventReasons`, falling back to `…ClocksThrottleReasons` on older drivers. */
  reasons: Maybe<(h: NvmlHandle, out: BigUint64Array) => number>;
  /** Which function `reasons` is bound to. */
  reasonsFunction: Maybe<string>;
  /** `nvmlDeviceGetComputeRunningProcesses_v3` (or `_v2`, or v1): count in/out, infos buffer. */
  computeProcesses: Maybe<(h: NvmlHandle, count: Uint32Array, infos: Uint8Array | null) => number>;
  /** `nvmlDeviceGetGraphicsRunningProcesses_v3` (or `_v2`, or v1). */
  graphicsProcesses: Maybe<(h: NvmlHandle, count: Uint32Array, infos: Uint8Array | null) => number>;
  /** Bytes per process record in the buffers above (24 for v2/v3, 16 for v1). */
  processStride: number;
}

/**
 * Loads the NVML library at `path` with koffi and declares every function llem uses. Throws
 * (koffi's message) when the library cannot be loaded; a function the library lacks is left
 * undefined rather than thrown, because optional functions differ between driver versions.
 */
export function bindNvml(koffi: KoffiLike, path: string): NvmlFunctions {
  const lib = koffi.load(path);
  const handle = koffi.pointer(koffi.opaque());
  const u32 = koffi.pointer('uint32_t');
  const i32 = koffi.pointer('int32_t');
  const u64 = koffi.pointer('uint64_t');
  const bytes = koffi.pointer('uint8_t');
  const opt = <T>(name: string, result: unknown, args: unknown[]): T | undefined => {
    try {
      return lib.func(name, result, args) as T;
    } catch {
      return undefined;
    }
  };
  const first = <T>(
    names: string[],
    result: unknown,
    args: unknown[],
  ): { f: T | undefined; n: string | undefined } => {
    for (const n of names) {
      const f = opt<T>(n, result, args);
      if (f !== undefined) return { f, n };
    }
    return { f: undefined, n: undefined };
  };
  type Fn = NvmlFunctions;
  type Proc = NonNullable<Fn['computeProcesses']>;
  const reasons = first<NonNullable<Fn['reasons']>>(
    ['nvmlDeviceGetCurrentClocksEventReasons', 'nvmlDeviceGetCurrentClocksThrottleReasons'],
    'int',
    [handle, u64],
  );
  const procArgs = [handle, u32, bytes];
  const compute = first<Proc>(
    ['nvmlDeviceGetComputeRunningProcesses_v3', 'nvmlDeviceGetComputeRunningProcesses_v2'],
    'int',
    procArgs,
  );
  const graphics = first<Proc>(
    ['nvmlDeviceGetGraphicsRunningProcesses_v3', 'nvmlDeviceGetGraphicsRunningProcesses_v2'],
    'int',
    procArgs,
  );
  // The v1 record is 16 bytes (pid, used memory); v2 and v3 are 24 (plus two instance ids).
  const v1 = compute.f === undefined;
  return {
    init: opt('nvmlInit_v2', 'int', []),
    shutdown: opt('nvmlShutdown', 'int', []),
    errorString: opt('nvmlErrorString', 'const char *', ['int']),
    driverVersion: opt('nvmlSystemGetDriverVersion', 'int', [bytes, 'uint32_t']),
    cudaVersion: first<NonNullable<Fn['cudaVersion']>>(
      ['nvmlSystemGetCudaDriverVersion_v2', 'nvmlSystemGetCudaDriverVersion'],
      'int',
      [i32],
    ).f,
    count: opt('nvmlDeviceGetCount_v2', 'int', [u32]),
    handleByIndex: opt('nvmlDeviceGetHandleByIndex_v2', 'int', [
      'uint32_t',
      koffi.out(koffi.pointer(handle)),
    ]),
    name: opt('nvmlDeviceGetName', 'int', [handle, bytes, 'uint32_t']),
    uuid: opt('nvmlDeviceGetUUID', 'int', [handle, bytes, 'uint32_t']),
    powerLimit: first<NonNullable<Fn['powerLimit']>>(
      ['nvmlDeviceGetEnforcedPowerLimit', 'nvmlDeviceGetPowerManagementLimit'],
      'int',
      [handle, u32],
    ).f,
    persistence: opt('nvmlDeviceGetPersistenceMode', 'int', [handle, i32]),
    computeCapability: opt('nvmlDeviceGetCudaComputeCapability', 'int', [handle, i32, i32]),
    energy: opt('nvmlDeviceGetTotalEnergyConsumption', 'int', [handle, u64]),
    power: opt('nvmlDeviceGetPowerUsage', 'int', [handle, u32]),
    temperature: opt('nvmlDeviceGetTemperature', 'int', [handle, 'int', u32]),
    clock: opt('nvmlDeviceGetClockInfo', 'int', [handle, 'int', u32]),
    memory: opt('nvmlDeviceGetMemoryInfo', 'int', [handle, u64]),
    utilization: opt('nvmlDeviceGetUtilizationRates', 'int', [handle, u32]),
    reasons: reasons.f,
    reasonsFunction: reasons.n,
    computeProcesses: compute.f ?? opt<Proc>('nvmlDeviceGetComputeRunningProcesses', 'int', procArgs),
    graphicsProcesses:
      graphics.f ?? (v1 ? opt<Proc>('nvmlDeviceGetGraphicsRunningProcesses', 'int', procArgs) : undefined),
    processStride: v1 ? 16 : 24,
  };
}
