import type { Clock } from '../core/clock.js';

/** The boundary an energy figure covers; scopes are never silently mixed. */
export type EnergyScope = 'gpu' | 'cpu' | 'dram' | 'node' | 'estimate';

/** How an energy figure was obtained. */
export type EnergyMethod = 'counter' | 'integrated' | 'estimate';

/** A device a source can measure. */
export interface EnergyDevice {
  /** Stable id within the source, e.g. `gpu0`, `package-0`, `cpu`. */
  id: string;
  /** Human-readable name, e.g. the CPU model or GPU name. */
  name: string;
  scope: EnergyScope;
  /** Extra facts for the environment snapshot (UUID, power limit, TDP…). */
  info?: Record<string, unknown>;
}

/** The answer to "can this source measure here?". */
export interface EnergyProbe {
  source: string;
  available: boolean;
  /** Why not, and what would fix it, when unavailable; how, when available. */
  reason: string;
  devices: EnergyDevice[];
}

/** One telemetry sample for one device. Fields are absent when the source cannot read them. */
export interface TelemetrySample {
  /** Sample time on the harness clock, ms. */
  tMs: number;
  device: string;
  powerW?: number;
  temperatureC?: number;
  smClockMhz?: number;
  memClockMhz?: number;
  memoryUsedBytes?: number;
  utilizationPct?: number;
  /** Clock-event / throttle reason bitmask (source-specific). */
  throttleReasons?: number;
}

/** Energy of one device over a window. */
export interface DeviceEnergy {
  device: string;
  scope: EnergyScope;
  method: EnergyMethod;
  energyJ: number;
  /** Absolute uncertainty (about 95 % coverage), joules. */
  uncertaintyJ: number;
  meanPowerW: number;
  peakPowerW: number;
  /** Integrated power over the same window, when a counter was the primary method (cross-check). */
  integratedEnergyJ?: number;
}

/** What a session returns when stopped. */
export interface EnergyReading {
  source: string;
  scope: EnergyScope;
  method: EnergyMethod;
  /** Sum over devices, joules. */
  energyJ: number;
  /** Combined uncertainty, joules. */
  uncertaintyJ: number;
  /** How the uncertainty was derived, in words. */
  uncertaintyBasis: string;
  durationS: number;
  devices: DeviceEnergy[];
  samples: TelemetrySample[];
  /** Samples expected from the interval and duration (for coverage checks). */
  expectedSamples: number;
  /** Non-fatal problems seen while measuring. */
  notes: string[];
}

/** A live measurement started by `EnergySource.start`. */
export interface EnergySession {
  /** Latest total power across devices, watts, for live display; undefined before the first sample. */
  livePowerW(): number | undefined;
  /** Stops sampling and returns the window's figures. */
  stop(): Promise<EnergyReading>;
}

/** Options for starting a measurement session. */
export interface EnergyStartOptions {
  /** Polling interval for the timeseries, ms. */
  sampleIntervalMs: number;
  /** Device ids to measure (default: all probed devices). */
  devices?: string[];
  clock: Clock;
  signal?: AbortSignal;
}

/** One energy source behind the common interface (SPEC §4). */
export interface EnergySource {
  readonly name: string;
  /** Scopes this source can report. */
  readonly scopes: readonly EnergyScope[];
  /** Can it measure here; never throws. */
  probe(): Promise<EnergyProbe>;
  /** Starts a window; throws `ERR_ENERGY_UNAVAILABLE` when the source cannot measure. */
  start(options: EnergyStartOptions): Promise<EnergySession>;
}
