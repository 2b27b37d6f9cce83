import { isAbsolute } from 'node:path';
import type { ExperimentConfig } from '../../config/schema.js';
import type { Interpreter, PythonEngineName } from './interpreter.js';

/** The `container` block of a Python engine section (validated by the config schema). */
export type ContainerConfig = NonNullable<NonNullable<ExperimentConfig['transformers']>['container']>;

/** Where the worker folder appears inside a container. */
export const CONTAINER_WORKER_DIR = '/opt/llem-worker';

/** How to start the worker: an argv (never a shell string) plus a description for logs and the dry run. */
export interface WorkerLaunch {
  /** argv[0] is the program. */
  argv: string[];
  /** `local` or the container runtime. */
  kind: 'local' | ContainerConfig['runtime'];
  /** The interpreter, and where the choice came from (local launches). */
  interpreter?: Interpreter;
}

/** Inputs of `buildLaunch`. */
export interface LaunchInputs {
  engine: PythonEngineName;
  /** Worker arguments after the script, e.g. `['--engine', 'transformers']`. */
  args: string[];
  /** The host interpreter (used when there is no container). */
  interpreter: Interpreter;
  /** Host path of worker.py and of its folder. */
  workerScript: string;
  workerDir: string;
  container?: ContainerConfig;
  /** GPU indices to pass through; `all` when the run uses every visible GPU. */
  gpus: readonly number[] | 'all';
  /** Absolute host paths to mount at the same path (the model folder, HF cache…). */
  mounts: readonly string[];
  /** Host environment variables forwarded into a container by name when set (HF_HOME, HF_TOKEN…). */
  forwardEnv: Readonly<Record<string, string>>;
}

/**
 * The argv that starts the worker: `python worker.py ARGS` locally, or the same inside a
 * container: docker/podman `run --rm -i` with the worker folder and `mounts` bound, the GPUs
 * passed through (`--gpus` for docker, CDI devices for podman, `--nv` plus
 * `CUDA_VISIBLE_DEVICES` for apptainer) and `-e` variables; user `options` go before the image.
 * Pure; table-tested.
 */
export function buildLaunch(inputs: LaunchInputs): WorkerLaunch {
  const c = inputs.container;
  if (c === undefined) {
    return {
      argv: [inputs.interpreter.command, inputs.workerScript, ...inputs.args],
      kind: 'local',
      interpreter: inputs.interpreter,
    };
  }
  const script = `${CONTAINER_WORKER_DIR}/worker.py`;
  const env: [string, string][] = [
    ...Object.entries(inputs.forwardEnv),
    ...Object.entries(c.env ?? {}),
    ['PYTHONUNBUFFERED', '1'],
  ];
  const binds = [
    `${inputs.workerDir}:${CONTAINER_WORKER_DIR}:ro`,
    ...inputs.mounts.filter(isAbsolute).map((m) => `${m}:${m}`),
    ...(c.mounts ?? []),
  ];
  const tail = [c.image, c.python, script, ...inputs.args];
  if (c.runtime === 'apptainer') {
    const gpuEnv: [string, string][] =
      c.gpus && inputs.gpus !== 'all' ? [['CUDA_VISIBLE_DEVICES', inputs.gpus.join(',')]] : [];
    return {
      kind: 'apptainer',
      argv: [
        'apptainer',
        'exec',
        ...(c.gpus ? ['--nv'] : []),
        ...binds.flatMap((b) => ['--bind', b]),
        ...[...gpuEnv, ...env].flatMap(([k, v]) => ['--env', `${k}=${v}`]),
        ...(c.options ?? []),
        ...tail,
      ],
    };
  }
  return {
    kind: c.runtime,
    argv: [
      c.runtime,
      'run',
      '--rm',
      '-i',
      '--init',
      ...(c.gpus ? gpuArgs(c.runtime, inputs.gpus) : []),
      ...binds.flatMap((b) => ['-v', b]),
      ...env.flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      ...(c.options ?? []),
      ...tail,
    ],
  };
}

/** GPU pass-through flags: docker's `--gpus` (a CSV value, so a device list is quoted inside the argument), podman's CDI devices. */
function gpuArgs(runtime: 'docker' | 'podman', gpus: readonly number[] | 'all'): string[] {
  if (runtime === 'docker') return ['--gpus', gpus === 'all' ? 'all' : `"device=${gpus.join(',')}"`];
  const ids = gpus === 'all' ? ['all'] : gpus.map(String);
  return ids.flatMap((id) => ['--device', `nvidia.com/gpu=${id}`]);
}

/**
 * The GPUs a run uses: `measurement.energy.devices` when it lists indices, else
 * `CUDA_VISIBLE_DEVICES` when it holds indices, else all.
 */
export function runGpus(
  config: ExperimentConfig,
  env: Readonly<Record<string, string | undefined>>,
): readonly number[] | 'all' {
  const devices = config.measurement.energy.devices;
  if (Array.isArray(devices)) return devices;
  const visible = env.CUDA_VISIBLE_DEVICES;
  if (visible !== undefined && /^\d+(,\d+)*$/.test(visible.trim()))
    return visible.trim().split(',').map(Number);
  return 'all';
}

/** Host variables forwarded into a container when set: the Hugging Face cache and token. */
export const FORWARDED_ENV = ['HF_HOME', 'HF_TOKEN', 'HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE'] as const;
