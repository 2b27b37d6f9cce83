import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { EnergyProbe } from '../energy/source.js';
import type { EngineProbe } from '../engines/engine.js';
import { llemVersion } from '../version.js';

/** What machine and software a measurement ran on (SPEC §7 `environment`). */
export interface EnvironmentSnapshot {
  host: string;
  platform: string;
  kernel: string;
  arch: string;
  cpu_model: string;
  logical_cpus: number;
  memory_bytes: number;
  load_average_1m: number;
  node_version: string;
  llem_version: string;
  engine: { name: string; version: string | null; device: string | null };
  gpus: Record<string, unknown>[];
  energy_devices: { source: string; id: string; name: string; scope: string }[];
  env: Record<string, string>;
  captured_at: string;
}

/** Environment variables that change what is measured; recorded verbatim when set. */
const RECORDED_ENV = [
  'CUDA_VISIBLE_DEVICES',
  'LLEM_NVML_LIB',
  'LLEM_CARBON_INTENSITY',
  'LLEM_DATACENTER_PUE',
  'OMP_NUM_THREADS',
  'GGML_CUDA_NO_PINNED',
  // Which scheduler job ran the measurement, on which node (Slurm executor).
  'SLURM_JOB_ID',
  'SLURM_ARRAY_JOB_ID',
  'SLURM_ARRAY_TASK_ID',
  'SLURMD_NODENAME',
  'SLURM_JOB_PARTITION',
];

/** Reads the CPU model name (os.cpus() reports it, but not on every VM). */
function cpuModel(): string {
  const fromOs = os.cpus()[0]?.model;
  if (fromOs && fromOs.trim() !== '') return fromOs.trim();
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return m?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Captures the environment snapshot from the engine and energy probes. */
export function captureEnvironment(
  engineName: string,
  engineProbe: EngineProbe,
  energyProbes: readonly EnergyProbe[],
  env: Record<string, string | undefined> = process.env,
): EnvironmentSnapshot {
  const devices = energyProbes.flatMap((p) =>
    p.available
      ? p.devices.map((d) => ({ source: p.source, id: d.id, name: d.name, scope: d.scope, info: d.info }))
      : [],
  );
  return {
    host: os.hostname(),
    platform: os.platform(),
    kernel: os.release(),
    arch: os.arch(),
    cpu_model: cpuModel(),
    logical_cpus: os.availableParallelism(),
    memory_bytes: os.totalmem(),
    load_average_1m: os.loadavg()[0] ?? 0,
    node_version: process.version,
    llem_version: llemVersion(),
    engine: { name: engineName, version: engineProbe.version ?? null, device: engineProbe.device ?? null },
    gpus: devices
      .filter((d) => d.scope === 'gpu')
      .map((d) => ({ id: d.id, name: d.name, ...(d.info ?? {}) })),
    energy_devices: devices.map(({ source, id, name, scope }) => ({ source, id, name, scope })),
    env: Object.fromEntries(
      RECORDED_ENV.flatMap((k) => (env[k] === undefined ? [] : [[k, env[k] as string] as [string, string]])),
    ),
    captured_at: new Date().toISOString(),
  };
}
