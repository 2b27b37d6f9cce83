import {
  ENERGY_SOURCES,
  type EnergySourceName,
  type EngineName,
  type ExperimentConfig,
} from './config/schema.js';
import { LlemError } from './core/errors.js';
import type { EnergySource } from './energy/source.js';
import type { Engine } from './engines/engine.js';

/**
 * Wires implementations to names. The harness and study runner only see the interfaces; this
 * module (used by `index.ts` and the CLI) is the one place that knows the implementations, and it
 * imports each lazily so that heavy native pieces load only when used.
 */
type Env = Record<string, string | undefined>;

const ENGINE_LOADERS: Partial<Record<EngineName, (env: Env) => Promise<Engine>>> = {
  llamacpp: async () => (await import('./engines/llamacpp/index.js')).createLlamaCppEngine(),
  openai: async () => (await import('./engines/openai/index.js')).createOpenAIEngine(),
  transformers: (env) => pythonEngine('transformers', env),
  vllm: (env) => pythonEngine('vllm', env),
  tensorrt: (env) => pythonEngine('tensorrt', env),
};

/** A Python-worker engine whose interpreter follows the user config's `python` map and the environment. */
async function pythonEngine(name: 'transformers' | 'vllm' | 'tensorrt', env: Env): Promise<Engine> {
  const { createPythonEngine } = await import('./engines/python/index.js');
  return createPythonEngine(name, {
    env,
    userPython: async () => {
      const { loadUserConfig } = await import('./config/user-config.js');
      // An invalid user config is reported by the config loader; here it only means "no map".
      return (
        (await loadUserConfig(undefined, env).catch(() => ({ config: {} as { python?: undefined } }))).config
          .python ?? {}
      );
    },
  });
}

/** Engines that validate in configs but have no implementation in this release. */
export function engineImplemented(name: EngineName): boolean {
  return ENGINE_LOADERS[name] !== undefined;
}

/**
 * Creates a fresh engine for `name`; throws `ERR_ENGINE_UNAVAILABLE` when it is not built in.
 * `env` (default `process.env`) is where the Python engines find their interpreter (`LLEM_PYTHON`,
 * the user config's `python` map) and what their worker inherits.
 */
export async function createEngine(name: EngineName, env: Env = process.env): Promise<Engine> {
  const load = ENGINE_LOADERS[name];
  if (load === undefined) {
    throw new LlemError(
      'ERR_ENGINE_UNAVAILABLE',
      `engine ${name} is not implemented in llem ${'this release'} yet; use engine: llamacpp`,
      { details: { engine: name } },
    );
  }
  return load(env);
}

type EnergyConfig = ExperimentConfig['measurement']['energy'];

/**
 * How each energy source is made, by name. The `auto` order is `ENERGY_SOURCES` (config/schema.ts)
 * and nowhere else; this table is keyed by those names, so a source missing here fails to compile.
 * Each module is imported lazily, and koffi only when NVML is probed.
 */
const ENERGY_FACTORIES: Record<EnergySourceName, (energy: EnergyConfig, env: Env) => Promise<EnergySource>> =
  {
    nvml: async (energy, env) =>
      (await import('./energy/nvml/index.js')).createNvmlSource({
        libPath: env.LLEM_NVML_LIB,
        devices: energy.devices,
        cudaVisibleDevices: env.CUDA_VISIBLE_DEVICES,
      }),
    rapl: async () => (await import('./energy/rapl/index.js')).createRaplSource(),
    amdgpu: async () => (await import('./energy/amdgpu/index.js')).createAmdGpuSource(),
    command: async (energy) =>
      (await import('./energy/command/index.js')).createCommandSource({
        argv: energy.command,
        ...(energy.command_accuracy_pct === undefined ? {} : { accuracyPct: energy.command_accuracy_pct }),
      }),
    estimate: async (energy) =>
      (await import('./energy/estimate/estimate-source.js')).createEstimateSource({
        dramWPerGib: energy.dram_w_per_gib,
        mode: energy.estimate_mode,
        ...(energy.cpu_tdp_w === undefined ? {} : { cpuTdpW: energy.cpu_tdp_w }),
      }),
  };

/**
 * The energy sources in `auto` order (`ENERGY_SOURCES`: nvml, rapl, amdgpu, command, estimate),
 * configured from the experiment and the environment (`LLEM_NVML_LIB`, `CUDA_VISIBLE_DEVICES`).
 * `command` is always listed, so that `llem doctor` and an explicit `sources: [command]` explain
 * a missing `measurement.energy.command`; its probe is unavailable until one is configured.
 */
export async function createEnergySources(
  energy: EnergyConfig,
  env: Env = process.env,
): Promise<EnergySource[]> {
  return Promise.all(ENERGY_SOURCES.map((name) => ENERGY_FACTORIES[name](energy, env)));
}
