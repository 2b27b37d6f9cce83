import { LlemError } from '../../core/errors.js';
import type { EnergyProbe, EnergySession, EnergySource, EnergyStartOptions } from '../source.js';
import { DEFAULT_NVML_LIB } from './library.js';
import { type NvmlOptions, probeNvml } from './probe.js';
import { startNvmlSession } from './session.js';

/**
 * The `nvml` source (scope `gpu`): NVIDIA GPUs through libnvidia-ml via koffi, loaded lazily.
 * Energy comes from each GPU's total-energy counter read at the window edges (1 mJ, refreshed
 * about every 100 ms), or from trapezoidal integration of polled power where the counter is not
 * supported; counter GPUs are integrated too, as a cross-check. Telemetry (power, temperature,
 * clocks, memory, utilisation, throttle reasons, processes) is polled in a worker thread.
 */
export function createNvmlSource(o: NvmlOptions = {}): EnergySource {
  const libPath = o.libPath !== undefined && o.libPath !== '' ? o.libPath : DEFAULT_NVML_LIB;
  return {
    name: 'nvml',
    scopes: ['gpu'],
    reportsTemperature: true,
    async probe(): Promise<EnergyProbe> {
      try {
        return (await probeNvml(o, libPath)).probe;
      } catch (e) {
        return { source: 'nvml', available: false, reason: `NVML probe failed: ${String(e)}`, devices: [] };
      }
    },
    async start(so: EnergyStartOptions): Promise<EnergySession> {
      const p = await probeNvml(o, libPath);
      if (!p.probe.available || p.nvml === undefined) {
        throw new LlemError(
          'ERR_ENERGY_UNAVAILABLE',
          `energy source "nvml" cannot measure here: ${p.probe.reason}`,
          {
            details: { source: 'nvml', libPath },
          },
        );
      }
      const gpus = so.devices === undefined ? p.gpus : p.gpus.filter((g) => so.devices!.includes(g.id));
      if (gpus.length === 0) {
        throw new LlemError(
          'ERR_ENERGY_UNAVAILABLE',
          `energy source "nvml" cannot measure here: none of the requested devices (${so.devices!.join(', ')}) is among ${p.gpus.map((g) => g.id).join(', ')}`,
        );
      }
      return startNvmlSession(p.nvml, gpus, so);
    },
  };
}
