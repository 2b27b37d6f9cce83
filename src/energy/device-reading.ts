import { integratePower, type PowerPoint } from './integrate.js';
import { expectedSampleCount } from './sampler.js';
import type { AccuracyClass, DeviceEnergy, EnergyReading, EnergyScope, TelemetrySample } from './source.js';
import {
  combineQuadrature,
  counterEdgeUncertainty,
  samplingUncertainty,
  type UncertaintyTerm,
} from './uncertainty.js';

/** What a per-device source (one figure per GPU) measured in a window. */
export interface DeviceWindow {
  source: string;
  scope: EnergyScope;
  devices: DeviceEnergy[];
  /** Uncertainty terms of every device, combined in quadrature. */
  terms: readonly UncertaintyTerm[];
  /** The source's calibration class. */
  accuracy: AccuracyClass;
  durationS: number;
  samples: TelemetrySample[];
  sampleIntervalMs: number;
  /** Devices polled for the timeseries (for the expected sample count). */
  sampledDevices: number;
  notes: string[];
}

/**
 * A reading that sums per-device figures: `counter` when every device used its counter, else
 * `integrated`; uncertainties of independent devices add in quadrature.
 */
export function sumDevices(w: DeviceWindow): EnergyReading {
  const combined = combineQuadrature(w.terms);
  return {
    source: w.source,
    scope: w.scope,
    method: w.devices.every((d) => d.method === 'counter') ? 'counter' : 'integrated',
    energyJ: w.devices.reduce((a, d) => a + d.energyJ, 0),
    uncertaintyJ: combined.uncertaintyJ,
    uncertaintyBasis: combined.basis,
    accuracy: w.accuracy,
    durationS: w.durationS,
    devices: w.devices,
    samples: w.samples,
    expectedSamples: expectedSampleCount(w.durationS, w.sampleIntervalMs, w.sampledDevices),
    notes: w.notes,
  };
}

/** One device's window, as any per-device source (NVML, amdgpu) sees it. */
export interface DeviceWindowInput {
  /** Device id, e.g. `gpu0`. */
  device: string;
  scope: EnergyScope;
  /** Window edges on the harness clock, ms. */
  t0Ms: number;
  t1Ms: number;
  /** The energy counter over the window, when both edges were read and it did not go backwards. */
  counter?: {
    energyJ: number;
    /** One count, joules. */
    resolutionJ: number;
    /** How often the device refreshes it, seconds. */
    updatePeriodS: number;
    /** What the counter is, for the uncertainty label (e.g. `gpu0 NVML energy counter`). */
    name: string;
  };
  /** Every power sample of the session (samples just outside the window fix the edge values). */
  points: readonly PowerPoint[];
  /** Enforced power limit, watts (bounds the energy when nothing was read). */
  powerLimitW?: number;
  persistenceMode?: boolean;
}

/** A device's energy plus the uncertainty terms and notes behind it. */
export interface DeviceWindowFigures {
  energy: DeviceEnergy;
  terms: UncertaintyTerm[];
  notes: string[];
}

/** Power at one instant from the trace (interpolated, or held beyond its ends); undefined without samples. */
function powerAt(points: readonly PowerPoint[], tMs: number): number | undefined {
  return integratePower(points, tMs, tMs)?.meanPowerW;
}

/** A device's counter over a window, as every counter source (NVML, amdgpu, RAPL) reads it. */
export interface CounterWindow {
  device: string;
  scope: EnergyScope;
  /** The counter's difference over the window, joules. */
  energyJ: number;
  durationS: number;
  /** Power at the two window edges, watts, when known (the mean stands in for an unknown one). */
  edgePowerW: readonly [number | undefined, number | undefined];
  /** Highest power seen in the window, watts (the peak is never below the mean). */
  peakPowerW: number;
  /** One count, joules. */
  resolutionJ: number;
  /** How often the device refreshes the counter, seconds. */
  updatePeriodS: number;
  /** What the counter is, for the uncertainty label (e.g. `gpu0 NVML energy counter`). */
  name: string;
}

/**
 * A device's figure from its energy counter: mean power over the window, uncertain by the
 * resolution plus one update period of power at the busier edge (the value read can be that stale).
 */
export function counterDeviceFigure(c: CounterWindow): { energy: DeviceEnergy; term: UncertaintyTerm } {
  const meanPowerW = c.durationS > 0 ? c.energyJ / c.durationS : 0;
  const term = counterEdgeUncertainty({
    resolutionJ: c.resolutionJ,
    updatePeriodS: c.updatePeriodS,
    powerW: Math.max(c.edgePowerW[0] ?? meanPowerW, c.edgePowerW[1] ?? meanPowerW),
    counter: c.name,
  });
  const energy: DeviceEnergy = {
    device: c.device,
    scope: c.scope,
    method: 'counter',
    energyJ: c.energyJ,
    uncertaintyJ: term.valueJ,
    meanPowerW,
    peakPowerW: Math.max(meanPowerW, c.peakPowerW),
  };
  return { energy, term };
}

/**
 * One device's energy over [t0, t1], the same way for every per-device source. With a counter:
 * the difference of the two edge reads, uncertain by the resolution plus one update period of
 * power at the busier edge (the value read can be that stale), with the integrated power kept
 * as a cross-check. Without one: the trapezoidal integral of the polled power, uncertain by the
 * sampling term. With neither: 0 J uncertain by the power limit × window (the only bound left;
 * without a known limit the bound is unknown, said in a note) and a note.
 */
export function deviceWindowFigures(i: DeviceWindowInput): DeviceWindowFigures {
  const durationS = Math.max(0, (i.t1Ms - i.t0Ms) / 1000);
  const integrated = integratePower(i.points, i.t0Ms, i.t1Ms);
  const facts = {
    ...(i.powerLimitW === undefined ? {} : { powerLimitW: i.powerLimitW }),
    ...(i.persistenceMode === undefined ? {} : { persistenceMode: i.persistenceMode }),
  };
  const base = { device: i.device, scope: i.scope, ...facts };
  if (i.counter !== undefined) {
    const { energy, term } = counterDeviceFigure({
      ...i.counter,
      device: i.device,
      scope: i.scope,
      durationS,
      edgePowerW: [powerAt(i.points, i.t0Ms), powerAt(i.points, i.t1Ms)],
      // The counter may see more than the polls caught: the peak is at least the mean.
      peakPowerW: integrated?.peakPowerW ?? 0,
    });
    return {
      energy: {
        ...energy,
        ...facts,
        ...(integrated === undefined ? {} : { integratedEnergyJ: integrated.energyJ }),
      },
      terms: [term],
      notes: [],
    };
  }
  if (integrated === undefined) {
    const bound = (i.powerLimitW ?? 0) * durationS;
    const why =
      i.powerLimitW === undefined
        ? 'bound unknown: no power limit known'
        : `± ${bound.toPrecision(3)} J (power limit × window)`;
    const energy: DeviceEnergy = {
      ...base,
      method: 'integrated',
      energyJ: 0,
      uncertaintyJ: bound,
      meanPowerW: 0,
      peakPowerW: 0,
    };
    return {
      energy,
      terms: [{ label: `${i.device} unmeasured (power limit × window)`, valueJ: bound }],
      notes: [
        `${i.device}: no power sample and no counter reading in the window: energy unknown, reported as 0 J ${why}`,
      ],
    };
  }
  const s = samplingUncertainty(i.points, i.t0Ms, i.t1Ms);
  const term = { label: `${i.device} ${s.label}`, valueJ: s.valueJ };
  const energy: DeviceEnergy = {
    ...base,
    method: 'integrated',
    energyJ: integrated.energyJ,
    uncertaintyJ: term.valueJ,
    meanPowerW: integrated.meanPowerW,
    peakPowerW: integrated.peakPowerW,
  };
  return { energy, terms: [term], notes: [] };
}
