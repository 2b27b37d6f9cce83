import type { ExperimentConfig } from '../config/schema.js';
import { startSources } from '../energy/auto.js';
import type { EnergyReading, EnergySource, EnergyStartOptions } from '../energy/source.js';
import type { Engine, EngineContext, ModelInfo } from '../engines/engine.js';

/** What loading the model cost. */
export interface LoadOutcome {
  model: ModelInfo;
  readings: EnergyReading[];
  durationS: number;
  rssBefore: number;
  rssAfter: number;
}

/** Loads the model with every energy source running, so load energy is recorded separately. */
export async function measureLoad(
  engine: Engine,
  config: ExperimentConfig,
  ctx: EngineContext,
  sources: readonly EnergySource[],
  start: Omit<EnergyStartOptions, 'signal'>,
): Promise<LoadOutcome> {
  const rssBefore = process.memoryUsage.rss();
  const session = await startSources(sources, start);
  const t0 = ctx.clock.nowMs();
  let model: ModelInfo | undefined;
  let readings: EnergyReading[] = [];
  let t1 = t0;
  try {
    model = await engine.load(config, ctx);
  } finally {
    t1 = ctx.clock.nowMs();
    readings = await session.stop();
  }
  return {
    model,
    readings,
    durationS: (t1 - t0) / 1000,
    rssBefore,
    rssAfter: process.memoryUsage.rss(),
  };
}
