import { integratePower, type PowerPoint } from '../integrate.js';
import type { DeviceEnergy } from '../source.js';
import { counterEdgeUncertainty, samplingUncertainty, type UncertaintyTerm } from '../uncertainty.js';

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
export interface GpuWindowFigures {
  energy: DeviceEnergy;
  terms: UncertaintyTerm[];
  notes: string[];
}

/** Exact window energy from two counter reads, joules: BigInt difference first, so 64-bit counters lose nothing. */
export function counterEnergyJ(startMj: bigint, endMj: bigint): number {
  return Number(endMj - startMj) * NVML_COUNTER_RESOLUTION_J;
}

/** Power at one instant from the trace (interpolated, or held beyond its ends); undefined without samples. */
function powerAt(points: readonly PowerPoint[], tMs: number): number | undefined {
  return integratePower(points, tMs, tMs)?.meanPowerW;
}

/** Adds the optional facts the validity checks read. */
function withFacts(e: DeviceEnergy, i: GpuWindowInput): DeviceEnergy {
  return {
    ...e,
    ...(i.powerLimitW === undefined ? {} : { powerLimitW: i.powerLimitW }),
    ...(i.persistenceMode === undefined ? {} : { persistenceMode: i.persistenceMode }),
  };
}

/**
 * One GPU's energy over [t0, t1]. With a counter: the difference of the two edge reads (exact to
 * 1 mJ), uncertain by the resolution plus one update period of power at the busier edge (the
 * value read can be up to ~100 ms stale), and the integrated power kept as a cross-check. Without
 * one: the trapezoidal integral of the polled power, uncertain by the sampling term. With
 * neither, 0 J uncertain by the power limit × window (the only bound left) and a note.
 */
export function gpuWindowFigures(i: GpuWindowInput): GpuWindowFigures {
  const durationS = Math.max(0, (i.t1Ms - i.t0Ms) / 1000);
  const integrated = integratePower(i.points, i.t0Ms, i.t1Ms);
  const notes: string[] = [];
  if (i.counter !== undefined && i.counter.endMj < i.counter.startMj) {
    notes.push(
      `${i.device}: the energy counter went backwards (${i.counter.startMj} → ${i.counter.endMj} mJ; driver reloaded?): integrated power used instead`,
    );
  } else if (i.counter !== undefined) {
    const energyJ = counterEnergyJ(i.counter.startMj, i.counter.endMj);
    const meanPowerW = durationS > 0 ? energyJ / durationS : 0;
    const edgeW = Math.max(powerAt(i.points, i.t0Ms) ?? meanPowerW, powerAt(i.points, i.t1Ms) ?? meanPowerW);
    const term = counterEdgeUncertainty({
      resolutionJ: NVML_COUNTER_RESOLUTION_J,
      updatePeriodS: NVML_COUNTER_UPDATE_S,
      powerW: edgeW,
      counter: `${i.device} NVML energy counter`,
    });
    const energy: DeviceEnergy = {
      device: i.device,
      scope: 'gpu',
      method: 'counter',
      energyJ,
      uncertaintyJ: term.valueJ,
      meanPowerW,
      peakPowerW: Math.max(meanPowerW, integrated?.peakPowerW ?? 0),
      ...(integrated === undefined ? {} : { integratedEnergyJ: integrated.energyJ }),
    };
    return { energy: withFacts(energy, i), terms: [term], notes };
  }
  if (integrated === undefined) {
    const bound = (i.powerLimitW ?? 0) * durationS;
    notes.push(
      `${i.device}: no power sample and no counter reading in the window: energy unknown, reported as 0 J ± ${bound.toPrecision(3)} J (power limit × window)`,
    );
    const energy: DeviceEnergy = {
      device: i.device,
      scope: 'gpu',
      method: 'integrated',
      energyJ: 0,
      uncertaintyJ: bound,
      meanPowerW: 0,
      peakPowerW: 0,
    };
    return {
      energy: withFacts(energy, i),
      terms: [{ label: `${i.device} unmeasured (power limit × window)`, valueJ: bound }],
      notes,
    };
  }
  const s = samplingUncertainty(i.points, i.t0Ms, i.t1Ms);
  const term = { label: `${i.device} ${s.label}`, valueJ: s.valueJ };
  const energy: DeviceEnergy = {
    device: i.device,
    scope: 'gpu',
    method: 'integrated',
    energyJ: integrated.energyJ,
    uncertaintyJ: term.valueJ,
    meanPowerW: integrated.meanPowerW,
    peakPowerW: integrated.peakPowerW,
  };
  return { energy: withFacts(energy, i), terms: [term], notes };
}
