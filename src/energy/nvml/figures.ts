import { type DeviceWindowFigures, deviceWindowFigures } from '../device-reading.js';
import type { PowerPoint } from '../integrate.js';
import type { AccuracyClass } from '../source.js';

/** One count of NVML's energy counter: 1 mJ. */
export const NVML_COUNTER_RESOLUTION_J = 0.001;
/** How often NVML refreshes the energy counter (about 100 ms on Volta and newer; SPEC §11), seconds. */
export const NVML_COUNTER_UPDATE_S = 0.1;

/** What one GPU yielded over a window. */
export interface GpuWindowInput {
  /** Device id, e.g. `gpu0`. */
  device: string;
  /** Window edges on the harness clock, ms. */
  t0Ms: number;
  t1Ms: number;
  /** Counter values read at the two edges, mJ; absent when the GPU has no counter or an edge read failed. */
  counter?: { startMj: bigint; endMj: bigint };
  /** Every power sample of the session (samples just outside the window fix the edge values). */
  points: readonly PowerPoint[];
  /** Enforced power limit, watts (bounds the energy when nothing was read). */
  powerLimitW?: number;
  persistenceMode?: boolean;
}

/** A device's energy plus the uncertainty terms and notes behind it. */
export type GpuWindowFigures = DeviceWindowFigures;

/**
 * NVML's calibration class: ±5 % (SPEC §4; NVML documents ±5 % of power draw for Fermi/Kepler and
 * states nothing for newer GPUs), with NVIDIA's ±5 W statement for the board power reading as a
 * floor, which is the wider of the two below 100 W per board.
 */
export const NVML_ACCURACY: AccuracyClass = {
  fraction: 0.05,
  floorW: 5,
  basis:
    'NVML board power sensor: ±5 % class (SPEC §4), at least ±5 W per GPU (NVIDIA board power statement)',
};

/** Exact window energy from two counter reads, joules: BigInt difference first, so 64-bit counters lose nothing. */
export function counterEnergyJ(startMj: bigint, endMj: bigint): number {
  return Number(endMj - startMj) * NVML_COUNTER_RESOLUTION_J;
}

/**
 * One GPU's energy over [t0, t1] through the shared per-device figure function: the counter
 * difference (exact to 1 mJ, uncertain by 1 mJ + one 100 ms update period of power) when both
 * edges were read and the counter did not go backwards, else the integrated power.
 */
export function gpuWindowFigures(i: GpuWindowInput): GpuWindowFigures {
  const notes: string[] = [];
  const backwards = i.counter !== undefined && i.counter.endMj < i.counter.startMj;
  if (backwards) {
    notes.push(
      `${i.device}: the energy counter went backwards (${i.counter!.startMj} → ${i.counter!.endMj} mJ; driver reloaded?): integrated power used instead`,
    );
  }
  const f = deviceWindowFigures({
    device: i.device,
    scope: 'gpu',
    t0Ms: i.t0Ms,
    t1Ms: i.t1Ms,
    points: i.points,
    ...(i.counter === undefined || backwards
      ? {}
      : {
          counter: {
            energyJ: counterEnergyJ(i.counter.startMj, i.counter.endMj),
            resolutionJ: NVML_COUNTER_RESOLUTION_J,
            updatePeriodS: NVML_COUNTER_UPDATE_S,
            name: `${i.device} NVML energy counter`,
          },
        }),
    ...(i.powerLimitW === undefined ? {} : { powerLimitW: i.powerLimitW }),
    ...(i.persistenceMode === undefined ? {} : { persistenceMode: i.persistenceMode }),
  });
  return { ...f, notes: [...notes, ...f.notes] };
}
