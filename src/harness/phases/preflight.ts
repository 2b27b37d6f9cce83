import type { ExperimentConfig } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import { ConfigError } from '../../core/errors.js';
import type { DatasetContext } from '../../datasets/context.js';
import { loadDataset } from '../../datasets/load.js';
import { selectSources } from '../../energy/auto.js';
import type { ExperimentDeps, MeasureOptions, Preflight } from './context.js';

/**
 * Preflight (SPEC §5): data and model problems are config errors and surface here, before any
 * folder is made or baseline taken. A missing energy source is not: it becomes a failed record.
 */
export async function preflight(
  config: ExperimentConfig,
  deps: ExperimentDeps,
  o: MeasureOptions,
  dataset: DatasetContext,
  nTotal: number,
  clock: Clock,
): Promise<Preflight> {
  const { engine } = deps;
  // `synthetic` prompts need the loaded model's tokenizer: they are made after the load.
  const early =
    config.dataset.source === 'synthetic'
      ? undefined
      : await loadDataset(config.dataset, nTotal, config.random_seed, dataset);
  // The engine's own checks (model file exists and parses…): a config error, before any baseline.
  const issues =
    (await engine.preflight?.(config, { clock, cacheDir: o.cacheDir, baseDir: o.baseDir, log: () => {} })) ??
    [];
  if (issues.length > 0) {
    throw new ConfigError(issues.map((i) => ({ ...o.locate?.(i.path), ...i })));
  }
  // With the config, so a CPU-only config never starts a GPU runtime (it would hold device memory).
  const engineProbe = await engine.probe(config);
  const selection = await selectSources(deps.energySources, config.measurement.energy.sources).catch(
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
  return { early, engineProbe, selection };
}
