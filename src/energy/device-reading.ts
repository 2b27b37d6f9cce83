import { expectedSampleCount } from './sampler.js';
import type { DeviceEnergy, EnergyReading, EnergyScope, TelemetrySample } from './source.js';
import { combineQuadrature, type UncertaintyTerm } from './uncertainty.js';

/** What a per-device source (one figure per GPU) measured in a window. */
export interface DeviceWindow {
  source: string;
  scope: EnergyScope;
  devices: DeviceEnergy[];
  /** Uncertainty terms of every device, combined in quadrature. */
  terms: readonly UncertaintyTerm[];
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
    durationS: w.durationS,
    devices: w.devices,
    samples: w.samples,
    expectedSamples: expectedSampleCount(w.durationS, w.sampleIntervalMs, w.sampledDevices),
    notes: w.notes,
  };
}
