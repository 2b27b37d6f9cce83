import type { ExperimentConfig } from '../config/schema.js';
import { selectSources } from '../energy/auto.js';
import { createEnergySources } from '../registry.js';

/** Whether the energy sources a run would use here report a temperature (so a thermal floor is held). */
export interface TemperatureForecast {
  /** True when a selected source reports device temperatures; false: every thermal floor is skipped. */
  reported: boolean;
  /** The sources `measurement.energy.sources` selects on this machine. */
  sources: string[];
}

/**
 * Probes the energy sources as a run would (the `auto` chain or the listed ones) and says whether
 * any reports a temperature; undefined when no source can measure here (the run will say why).
 * A dry run uses it to leave thermal floors it knows will be skipped out of its duration.
 */
export async function forecastTemperature(
  energy: ExperimentConfig['measurement']['energy'],
  env: Record<string, string | undefined> = process.env,
): Promise<TemperatureForecast | undefined> {
  try {
    const selection = await selectSources(await createEnergySources(energy, env), energy.sources);
    return {
      reported: selection.selected.some((s) => s.reportsTemperature === true),
      sources: selection.chosen,
    };
  } catch {
    return undefined;
  }
}
