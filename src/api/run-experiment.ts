import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type LoadConfigOptions, type LoadedConfig, loadConfig, resolveConfig } from '../config/load.js';
import type { ExperimentInput } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { ResultRecord } from '../core/records.js';
import type { EventSink } from '../harness/events.js';
import { measureExperiment } from '../harness/measure.js';
import { defaultCacheDir } from '../models/resolve.js';
import { createEnergySources, createEngine } from '../registry.js';
import { checkResultsDir } from '../store/preflight.js';
import { resultsRoot } from '../store/results-root.js';

/** Options for `runExperiment`. */
export interface RunExperimentOptions {
  /** Results root, relative to the working directory; default: the config's `results_dir` (relative to the config file when written there), else `./results` (see `resultsRoot`). */
  resultsDir?: string;
  /** Cache for generated models and datasets; default `LLEM_CACHE_DIR` or `~/.cache/llem`. */
  cacheDir?: string;
  /** Config loading options (CLI-style overrides, env, user config path). */
  config?: LoadConfigOptions;
  /** Cycle number to record (default: the next free one). */
  cycle?: number;
  /** Progress events. */
  onEvent?: EventSink;
  /** Stops the experiment; the record is written with status `interrupted`. */
  signal?: AbortSignal;
  clock?: Clock;
}

/** Loads a config from a path or an object, applying defaults, env and overrides. */
export async function prepareConfig(
  input: string | ExperimentInput | undefined,
  options: LoadConfigOptions = {},
): Promise<{ loaded: LoadedConfig; inputText: string }> {
  if (input === undefined) {
    // No file: flags and the user config make up the whole experiment.
    const loaded = await loadConfig(undefined, options);
    return { loaded, inputText: `${JSON.stringify(loaded.raw ?? {}, null, 2)}\n` };
  }
  if (typeof input === 'string') {
    const loaded = await loadConfig(input, options);
    const inputText = await readFile(loaded.file ?? resolve(input), 'utf8');
    return { loaded, inputText };
  }
  const loaded = resolveConfig(input, options);
  return { loaded, inputText: `${JSON.stringify(input, null, 2)}\n` };
}

/**
 * Measures one experiment end to end and writes its result files; resolves with the record
 * (status `ok`, `failed` or `interrupted`). Throws `ConfigError` for config and data errors.
 */
export async function runExperiment(
  input: string | ExperimentInput,
  options: RunExperimentOptions = {},
): Promise<ResultRecord> {
  const { loaded, inputText } = await prepareConfig(input, options.config);
  return runLoadedExperiment(loaded, inputText, options);
}

/** Like `runExperiment`, for a config already loaded with `prepareConfig`. */
export async function runLoadedExperiment(
  loaded: LoadedConfig,
  inputText: string,
  options: RunExperimentOptions = {},
): Promise<ResultRecord> {
  const config = loaded.config;
  const env = options.config?.env ?? process.env;
  const cwd = options.config?.cwd ?? process.cwd();
  const resultsDir = resultsRoot({
    option: options.resultsDir,
    configValue: config.results_dir,
    fromFile: loaded.originOf(['results_dir']) === 'file',
    fileDir: loaded.baseDir,
    cwd,
  });
  // A folder that cannot take the results fails here, in one line, before anything is measured.
  await checkResultsDir(resultsDir);
  const engine = await createEngine(config.engine, env);
  const energySources = await createEnergySources(config.measurement.energy, env);
  return measureExperiment(
    config,
    { engine, energySources },
    {
      resultsDir,
      cacheDir: options.cacheDir ?? defaultCacheDir(env),
      baseDir: loaded.baseDir,
      locate: loaded.locate,
      inputText,
      warnings: loaded.warnings,
      env,
      ...(options.cycle === undefined ? {} : { cycle: options.cycle }),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    },
  );
}
