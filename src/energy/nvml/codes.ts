/** `nvmlReturn_t` values llem names in messages (nvml.h). */
export const NVML_RETURN: Readonly<Record<number, string>> = {
  0: 'SUCCESS',
  1: 'ERROR_UNINITIALIZED',
  2: 'ERROR_INVALID_ARGUMENT',
  3: 'ERROR_NOT_SUPPORTED',
  4: 'ERROR_NO_PERMISSION',
  5: 'ERROR_ALREADY_INITIALIZED',
  6: 'ERROR_NOT_FOUND',
  7: 'ERROR_INSUFFICIENT_SIZE',
  8: 'ERROR_INSUFFICIENT_POWER',
  9: 'ERROR_DRIVER_NOT_LOADED',
  10: 'ERROR_TIMEOUT',
  12: 'ERROR_LIBRARY_NOT_FOUND',
  13: 'ERROR_FUNCTION_NOT_FOUND',
  15: 'ERROR_GPU_IS_LOST',
  16: 'ERROR_RESET_REQUIRED',
  18: 'ERROR_LIB_RM_VERSION_MISMATCH',
  999: 'ERROR_UNKNOWN',
};

/** `NVML_SUCCESS`. */
export const NVML_SUCCESS = 0;
/** `NVML_ERROR_UNINITIALIZED`. */
export const NVML_ERROR_UNINITIALIZED = 1;
/** `NVML_ERROR_NOT_SUPPORTED`: the device lacks the feature (e.g. the energy counter before Volta). */
export const NVML_ERROR_NOT_SUPPORTED = 3;
/** `NVML_ERROR_INSUFFICIENT_SIZE`: the two-call protocol's "ask again with a bigger buffer". */
export const NVML_ERROR_INSUFFICIENT_SIZE = 7;
/** `NVML_ERROR_GPU_IS_LOST`: the GPU fell off the bus or stopped answering. */
export const NVML_ERROR_GPU_IS_LOST = 15;

/**
 * Clock-event (throttle) reason bits (nvml.h `nvmlClocksEventReason*`). Bit 0x1 (GPU idle),
 * 0x2 (application clocks setting), 0x10 (sync boost) and 0x100 (display clock setting) say
 * why clocks are where they are without anything being throttled, so llem masks them out.
 */
export const CLOCK_EVENT_BITS: Readonly<Record<string, number>> = {
  gpu_idle: 0x1,
  applications_clocks_setting: 0x2,
  sw_power_cap: 0x4,
  hw_slowdown: 0x8,
  sync_boost: 0x10,
  sw_thermal_slowdown: 0x20,
  hw_thermal_slowdown: 0x40,
  hw_power_brake_slowdown: 0x80,
  display_clock_setting: 0x100,
};

/** The bits that mean real throttling: power cap, hardware slowdown, thermal slowdown, power brake. */
export const THROTTLE_MASK = 0x4 | 0x8 | 0x20 | 0x40 | 0x80;

/** Names the throttle bits set in `mask`, e.g. `sw_power_cap+hw_thermal_slowdown`. */
export function throttleNames(mask: number): string {
  const names = Object.entries(CLOCK_EVENT_BITS)
    .filter(([, bit]) => (mask & bit) !== 0)
    .map(([n]) => n);
  return names.length > 0 ? names.join('+') : 'none';
}

/** `NAME (code)`, e.g. `ERROR_GPU_IS_LOST (15)`, with NVML's own words when given. */
export function describeReturn(code: number, words?: string): string {
  const name = NVML_RETURN[code] ?? 'ERROR';
  return words && words !== '' ? `${name} (${code}: ${words})` : `${name} (${code})`;
}
