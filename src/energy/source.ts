import type { Clock } from '../core/clock.js';
import type { CpuShare } from './cpu-share.js';

export type { CpuShare } from './cpu-share.js';

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
  /** Throttle reasons that mean real throttling (power cap, thermal, hardware slowdown); 0 = none. Source-specific bits. */
  throttleReasons?: number;
  /** Every clock-event reason bit the device reported, idle and application-clock bits included (NVML). */
  clockEventReasons?: number;
}

/**
 * The calibration class of a source: a relative error that is systematic for one device (the
 * same sensor reads high or low run after run), so it cancels when two runs on the same device
 * are compared, and applies in full to an absolute figure (SPEC §4).
 */
export interface AccuracyClass {
  /** Relative error bound, about 95 % coverage, e.g. 0.05 for ±5 %. */
  fraction: number;
  /**
   * Absolute floor per device, watts, where the maker states one (NVIDIA: ±5 W): the term is
   * then max(fraction × energy, floor × devices × duration). Absent: no floor.
   */
  floorW?: number;
  /** Where the figure comes from (vendor statement, study, config field), in words. */
  basis: string;
}

/** Energy of one device over a window. */
export interface DeviceEnergy {
  device: string;
  scope: EnergyScope;
  method: EnergyMethod;
  energyJ: number;
  /** Read-out/integration uncertainty (about 95 % coverage; the sensor's calibration is `EnergyReading.accuracy`), joules. */
  uncertaintyJ: number;
  meanPowerW: number;
  peakPowerW: number;
  /** Integrated power over the same window, when a counter was the primary method (cross-check). */
  integratedEnergyJ?: number;
  /**
   * Set when this device's energy is NOT part of the reading's total because another device
   * already includes it (a RAPL sub-domain such as `core` inside `package-0`): says which, in words.
   */
  notSummed?: string;
  /** The device's enforced power limit, watts, when known (for the power-range check). */
  powerLimitW?: number;
  /** GPU persistence mode, when known (for the persistence-mode check). */
  persistenceMode?: boolean;
}

/** What a session returns when stopped. */
export interface EnergyReading {
  source: string;
  scope: EnergyScope;
  method: EnergyMethod;
  /** Sum over devices, joules. */
  energyJ: number;
  /**
   * Read-out/integration uncertainty of the sum (counter edges, sampling, silences; about 95 %
   * coverage), joules. The sensor's calibration is not in it: that is `accuracy`.
   */
  uncertaintyJ: number;
  /** How the read-out uncertainty was derived, in words. */
  uncertaintyBasis: string;
  /** The source's calibration class for these devices (the accuracy term). */
  accuracy: AccuracyClass;
  durationS: number;
  devices: DeviceEnergy[];
  samples: TelemetrySample[];
  /** Samples expected from the interval and duration (for coverage checks). */
  expectedSamples: number;
  /** Non-fatal problems seen while measuring. */
  notes: string[];
  /**
   * Processes other than this one (and its children) seen on the measured devices, in words
   * (e.g. `pid 4242 (python3) on gpu0, 512 MiB`); undefined when the source cannot tell.
   */
  otherProcesses?: string[];
  /** CPU seconds the sampler itself used during the window (its thread), when known. */
  samplerCpuS?: number;
  /**
   * Who used the CPU over this reading's interval: llem's process tree vs the whole machine
   * (CPU sources: estimate, RAPL); undefined when the source does not look.
   */
  cpuShare?: CpuShare;
  /** The source's configured mode when it has several (estimate: `process`, `machine`, `codecarbon`). */
  mode?: string;
}

/** A live measurement started by `EnergySource.start`. */
export interface EnergySession {
  /** Latest total power across devices, watts, for live display; undefined before the first sample. */
  livePowerW(): number | undefined;
  /**
   * Stops sampling and returns the window's figures: one reading per scope the source measured
   * (most sources have one; RAPL returns `cpu` and `dram` separately so scopes are never mixed).
   * A second call returns the same readings.
   */
  stop(): Promise<EnergyReading[]>;
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
  /**
   * True when its samples carry device temperatures (GPU sources), so a thermal floor and a
   * cool-down can be held; absent or false: the floor is skipped, which a dry run can forecast.
   */
  readonly reportsTemperature?: boolean;
  /** Can it measure here; never throws. */
  probe(): Promise<EnergyProbe>;
  /** Starts a window; throws `ERR_ENERGY_UNAVAILABLE` when the source cannot measure. */
  start(options: EnergyStartOptions): Promise<EnergySession>;
}
