// Wiring for the study runner: implementations come from the registry here, so the study layer
// only ever sees the Engine and EnergySource interfaces.
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExperimentConfig } from '../config/schema.js';
import { type Clock, systemClock } from '../core/clock.js';
import { selectSources, startSources } from '../energy/auto.js';
import { createEnergySources, createEngine } from '../registry.js';
import type { Executor } from '../study/executors/executor.js';
import { createLocalExecutor } from '../study/executors/local.js';
import { createSharedExecutor } from '../study/executors/shared.js';
import type { TemperatureReader } from '../study/gaps.js';
import { lockNames } from '../study/gpu-lock.js';
import type { ExecutionConfig } from '../study/types.js';

/**
 * The command a Slurm task runs: this Node.js binary and this package's `bin/llem.js`, both
 * absolute, so every node runs the same llem as the submitter (the paths must exist there too).
 */
export function llemCommand(): string[] {
  const bin = fileURLToPath(new URL('../../bin/llem.js', import.meta.url));
  return [process.execPath, existsSync(bin) ? realpathSync(bin) : bin];
}

/** The executor for `execution.isolation`. */
export function studyExecutor(isolation: ExecutionConfig['isolation'], childEntry?: string): Executor {
  if (isolation === 'shared') return createSharedExecutor({ createEngine, createEnergySources });
  return createLocalExecutor(childEntry === undefined ? {} : { childEntry });
}

/** Lock names for the devices the study's energy sources would measure (`cpu` when no GPU). */
export async function studyLockNames(configs: readonly ExperimentConfig[]): Promise<string[]> {
  const devices: { id: string; scope: string }[] = [];
  for (const energy of uniqueEnergy(configs)) {
    try {
      const selection = await selectSources(await createEnergySources(energy), energy.sources);
      for (const p of selection.probes) {
        if (selection.chosen.includes(p.source))
          // The sources already apply measurement.energy.devices and CUDA_VISIBLE_DEVICES.
          devices.push(...p.devices);
      }
    } catch {
      // No source: the runs will fail with the reason; lock the CPU set meanwhile.
    }
  }
  return lockNames(devices);
}

function uniqueEnergy(configs: readonly ExperimentConfig[]): ExperimentConfig['measurement']['energy'][] {
  const seen = new Map<string, ExperimentConfig['measurement']['energy']>();
  for (const c of configs) seen.set(JSON.stringify(c.measurement.energy), c.measurement.energy);
  return [...seen.values()];
}

/** Reads the hottest temperature the study's energy sources report over a short session; undefined when none does. */
export function temperatureReader(config: ExperimentConfig, clock: Clock = systemClock): TemperatureReader {
  return async () => {
    const energy = config.measurement.energy;
    const selection = await selectSources(await createEnergySources(energy), energy.sources);
    const interval = energy.sample_interval_ms;
    const session = await startSources(selection.selected, { sampleIntervalMs: interval, clock });
    await clock.sleep(Math.max(250, 3 * interval));
    const readings = await session.stop();
    const temps = readings
      .flatMap((r) => r.samples.map((s) => s.temperatureC))
      .filter((t): t is number => t !== undefined);
    return temps.length > 0 ? Math.max(...temps) : undefined;
  };
}
