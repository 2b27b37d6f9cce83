import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { experimentSchema } from '../../config/schema.js';
import { resolveInterpreter } from './interpreter.js';
import { buildLaunch, type ContainerConfig, type LaunchInputs, runGpus } from './launch.js';
import { workerDir, workerScriptPath } from './worker-path.js';

const local: LaunchInputs = {
  engine: 'vllm',
  args: ['--engine', 'vllm'],
  interpreter: { command: '/venv/bin/python', source: 'LLEM_PYTHON' },
  workerScript: '/pkg/python/llem_worker/worker.py',
  workerDir: '/pkg/python/llem_worker',
  gpus: [0, 1],
  mounts: ['/models/tiny', 'relative/ignored'],
  forwardEnv: { HF_HOME: '/hf' },
};

const container = (c: Partial<ContainerConfig> & Pick<ContainerConfig, 'runtime'>): ContainerConfig => ({
  image: 'vllm/vllm-openai:v0.11.0',
  python: 'python3',
  gpus: true,
  ...c,
});

const TAIL = ['vllm/vllm-openai:v0.11.0', 'python3', '/opt/llem-worker/worker.py', '--engine', 'vllm'];

describe('worker argv (config in, argv out)', () => {
  const cases: { name: string; inputs: LaunchInputs; argv: string[] }[] = [
    {
      name: 'local: interpreter, script, arguments',
      inputs: local,
      argv: ['/venv/bin/python', '/pkg/python/llem_worker/worker.py', '--engine', 'vllm'],
    },
    {
      name: 'docker: GPUs as a quoted device list, worker and model mounted, env, options before the image',
      inputs: {
        ...local,
        container: container({ runtime: 'docker', options: ['--shm-size=8g'], env: { A: '1' } }),
      },
      argv: [
        'docker',
        'run',
        '--rm',
        '-i',
        '--init',
        '--gpus',
        '"device=0,1"',
        '-v',
        '/pkg/python/llem_worker:/opt/llem-worker:ro',
        '-v',
        '/models/tiny:/models/tiny',
        '-e',
        'HF_HOME=/hf',
        '-e',
        'A=1',
        '-e',
        'PYTHONUNBUFFERED=1',
        '--shm-size=8g',
        ...TAIL,
      ],
    },
    {
      name: 'docker: all GPUs',
      inputs: {
        ...local,
        gpus: 'all',
        mounts: [],
        forwardEnv: {},
        container: container({ runtime: 'docker' }),
      },
      argv: [
        'docker',
        'run',
        '--rm',
        '-i',
        '--init',
        '--gpus',
        'all',
        '-v',
        '/pkg/python/llem_worker:/opt/llem-worker:ro',
        '-e',
        'PYTHONUNBUFFERED=1',
        ...TAIL,
      ],
    },
    {
      name: 'docker: gpus false passes none',
      inputs: {
        ...local,
        mounts: [],
        forwardEnv: {},
        container: container({ runtime: 'docker', gpus: false }),
      },
      argv: [
        'docker',
        'run',
        '--rm',
        '-i',
        '--init',
        '-v',
        '/pkg/python/llem_worker:/opt/llem-worker:ro',
        '-e',
        'PYTHONUNBUFFERED=1',
        ...TAIL,
      ],
    },
    {
      name: 'podman: one CDI device per GPU, extra mounts',
      inputs: {
        ...local,
        forwardEnv: {},
        container: container({ runtime: 'podman', mounts: ['/data:/data:ro'] }),
      },
      argv: [
        'podman',
        'run',
        '--rm',
        '-i',
        '--init',
        '--device',
        'nvidia.com/gpu=0',
        '--device',
        'nvidia.com/gpu=1',
        '-v',
        '/pkg/python/llem_worker:/opt/llem-worker:ro',
        '-v',
        '/models/tiny:/models/tiny',
        '-v',
        '/data:/data:ro',
        '-e',
        'PYTHONUNBUFFERED=1',
        ...TAIL,
      ],
    },
    {
      name: 'podman: all GPUs',
      inputs: {
        ...local,
        gpus: 'all',
        mounts: [],
        forwardEnv: {},
        container: container({ runtime: 'podman' }),
      },
      argv: [
        'podman',
        'run',
        '--rm',
        '-i',
        '--init',
        '--device',
        'nvidia.com/gpu=all',
        '-v',
        '/pkg/python/llem_worker:/opt/llem-worker:ro',
        '-e',
        'PYTHONUNBUFFERED=1',
        ...TAIL,
      ],
    },
    {
      name: 'apptainer: --nv, binds, CUDA_VISIBLE_DEVICES for the run GPUs',
      inputs: { ...local, container: container({ runtime: 'apptainer', image: 'vllm.sif' }) },
      argv: [
        'apptainer',
        'exec',
        '--nv',
        '--bind',
        '/pkg/python/llem_worker:/opt/llem-worker:ro',
        '--bind',
        '/models/tiny:/models/tiny',
        '--env',
        'CUDA_VISIBLE_DEVICES=0,1',
        '--env',
        'HF_HOME=/hf',
        '--env',
        'PYTHONUNBUFFERED=1',
        'vllm.sif',
        'python3',
        '/opt/llem-worker/worker.py',
        '--engine',
        'vllm',
      ],
    },
    {
      name: 'apptainer: no GPUs',
      inputs: {
        ...local,
        mounts: [],
        forwardEnv: {},
        container: container({ runtime: 'apptainer', image: 'x.sif', gpus: false }),
      },
      argv: [
        'apptainer',
        'exec',
        '--bind',
        '/pkg/python/llem_worker:/opt/llem-worker:ro',
        '--env',
        'PYTHONUNBUFFERED=1',
        'x.sif',
        'python3',
        '/opt/llem-worker/worker.py',
        '--engine',
        'vllm',
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const launch = buildLaunch(c.inputs);
      expect(launch.argv).toEqual(c.argv);
      expect(launch.kind).toBe(c.inputs.container?.runtime ?? 'local');
    });
  }

  it('the container block validates, with defaults, in every Python engine section', () => {
    for (const engine of ['transformers', 'vllm', 'tensorrt'] as const) {
      const config = experimentSchema.parse({
        model: 'm',
        engine,
        [engine]: { container: { runtime: 'podman', image: 'i' } },
      });
      expect(config[engine]?.container).toEqual({
        runtime: 'podman',
        image: 'i',
        python: 'python3',
        gpus: true,
      });
    }
    expect(() =>
      experimentSchema.parse({
        model: 'm',
        engine: 'vllm',
        vllm: { container: { runtime: 'lxc', image: 'i' } },
      }),
    ).toThrow();
  });

  it('the run GPUs come from measurement.energy.devices, then CUDA_VISIBLE_DEVICES', () => {
    const config = (devices?: number[]) =>
      experimentSchema.parse({ model: 'm', measurement: devices ? { energy: { devices } } : {} });
    expect(runGpus(config([2, 3]), { CUDA_VISIBLE_DEVICES: '0' })).toEqual([2, 3]);
    expect(runGpus(config(), { CUDA_VISIBLE_DEVICES: '1,0' })).toEqual([1, 0]);
    expect(runGpus(config(), { CUDA_VISIBLE_DEVICES: 'GPU-abc' })).toBe('all');
    expect(runGpus(config(), {})).toBe('all');
  });
});

describe('interpreter resolution', () => {
  const cases = [
    {
      inputs: {
        userPython: { vllm: '/u/vllm/python' },
        env: { LLEM_PYTHON: '/e/python', VIRTUAL_ENV: '/v' },
      },
      command: '/u/vllm/python',
      source: 'user_config',
    },
    {
      inputs: { userPython: { tensorrt: '/u/trt' }, env: { LLEM_PYTHON: '/e/python' } },
      command: '/e/python',
      source: 'LLEM_PYTHON',
    },
    { inputs: { env: { VIRTUAL_ENV: '/v' } }, command: '/v/bin/python', source: 'VIRTUAL_ENV' },
    { inputs: { env: { LLEM_PYTHON: '' } }, command: 'python3', source: 'PATH' },
  ] as const;
  for (const c of cases) {
    it(`${c.source}: ${c.command}`, () => {
      expect(resolveInterpreter('vllm', c.inputs)).toEqual({ command: c.command, source: c.source });
    });
  }
});

describe('the shipped worker', () => {
  it('is where the engine looks for it, and package.json ships every module of it', () => {
    expect(existsSync(workerScriptPath())).toBe(true);
    expect(dirname(workerScriptPath())).toBe(workerDir());
    const pkg = JSON.parse(readFileSync(join(workerDir(), '..', '..', 'package.json'), 'utf8'));
    expect(pkg.files).toContain('python/llem_worker/*.py');
    const modules = readdirSync(workerDir()).filter((f) => f.endsWith('.py'));
    expect(modules).toEqual(
      expect.arrayContaining(['worker.py', 'protocol.py', 'mapping.py', 'hf_adapter.py']),
    );
  });
});
