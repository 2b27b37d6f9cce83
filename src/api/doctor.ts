import { existsSync } from 'node:fs';
import { ENGINES, type EngineName, experimentSchema } from '../config/schema.js';
import { defaultUserConfigPath } from '../config/user-config.js';
import { chooseAuto } from '../energy/auto.js';
import type { EnergyDevice, EnergyScope } from '../energy/source.js';
import type { EngineProbe } from '../engines/engine.js';
import { defaultCacheDir } from '../models/resolve.js';
import { createEnergySources, createEngine, engineImplemented } from '../registry.js';
import { llemVersion } from '../version.js';

/** One engine as `diagnose` finds it. */
export type EngineDiagnosis = { engine: EngineName } & EngineProbe;

/** One energy source as `diagnose` finds it, with what `auto` decides about it. */
export interface EnergySourceDiagnosis {
  source: string;
  scopes: readonly EnergyScope[];
  available: boolean;
  /** Why it is (or is not) available. */
  reason: string;
  auto: { chosen: boolean; reason: string };
  devices: EnergyDevice[];
}

/** What can be measured on this machine, and why not (`llem doctor`). */
export interface Diagnosis {
  llem_version: string;
  node_version: string;
  platform: string;
  engines: EngineDiagnosis[];
  /** In `auto` order. */
  energy_sources: EnergySourceDiagnosis[];
  auto_order: string[];
  auto_chosen: string[];
  user_config: { path: string; exists: boolean };
  cache_dir: string;
}

/**
 * Probes every engine and energy source llem knows (nothing is loaded or measured) and reports
 * which are available, why others are not, and which sources `auto` would choose.
 */
export async function diagnose(
  options: { env?: Record<string, string | undefined> } = {},
): Promise<Diagnosis> {
  const env = options.env ?? process.env;
  const engines: EngineDiagnosis[] = [];
  for (const name of ENGINES) {
    if (!engineImplemented(name)) {
      engines.push({
        engine: name,
        available: false,
        reason: 'not implemented in this release (the config validates)',
      });
      continue;
    }
    engines.push({ engine: name, ...(await (await createEngine(name, env)).probe()) });
  }
  const defaults = experimentSchema.parse({ model: 'doctor' }).measurement.energy;
  const sources = await createEnergySources(defaults, env);
  const probes = [];
  for (const source of sources) probes.push(await source.probe());
  const decisions = chooseAuto(sources, probes);
  const energy = probes.map((p, i) => ({
    source: p.source,
    scopes: sources[i]!.scopes,
    available: p.available,
    reason: p.reason,
    auto: { chosen: decisions[i]!.chosen, reason: decisions[i]!.reason },
    devices: p.devices,
  }));
  const userConfig = defaultUserConfigPath(env);
  return {
    llem_version: llemVersion(),
    node_version: process.version,
    platform: `${process.platform} ${process.arch}`,
    engines,
    energy_sources: energy,
    auto_order: energy.map((e) => e.source),
    auto_chosen: energy.filter((e) => e.auto.chosen).map((e) => e.source),
    user_config: { path: userConfig, exists: existsSync(userConfig) },
    cache_dir: defaultCacheDir(env),
  };
}
