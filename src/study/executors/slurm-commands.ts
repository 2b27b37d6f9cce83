// Slurm's client commands (sbatch, squeue, scontrol, scancel, sacct), run without a shell. A
// missing command is an `ERR_EXECUTOR_UNAVAILABLE` error that says what to install; a command
// that fails carries its stderr.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { LlemError } from '../../core/errors.js';

/** The output of one Slurm command. */
export interface SlurmCommandResult {
  stdout: string;
  stderr: string;
  /** Exit code (0 success). */
  code: number;
}

/** Runs Slurm client commands; injectable so tests and status can use a fake or the real one. */
export type SlurmRunner = (command: string, args: readonly string[]) => Promise<SlurmCommandResult>;

/** What to do when Slurm is not installed. */
const INSTALL_HINT =
  'run llem on a Slurm login node (where sbatch is on PATH), or install the client (Debian: apt-get install slurm-client) and point SLURM_CONF at the cluster; scripts/slurm-dev-cluster.sh starts a single-node cluster for development';

/** A runner that executes the real commands with `env` (PATH and SLURM_CONF decide which cluster). */
export function slurmRunner(env: Record<string, string | undefined>, timeoutMs = 60_000): SlurmRunner {
  return (command, args) =>
    new Promise((resolve, reject) => {
      execFile(
        command,
        [...args],
        { env: env as NodeJS.ProcessEnv, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const e = error as (NodeJS.ErrnoException & { code?: unknown }) | null;
          if (e && e.code === 'ENOENT') {
            reject(
              new LlemError(
                'ERR_EXECUTOR_UNAVAILABLE',
                `executor slurm needs Slurm's \`${command}\`, which is not on PATH (${env.PATH ?? 'PATH unset'}): ${INSTALL_HINT}`,
                { details: { command } },
              ),
            );
            return;
          }
          const code = e === null ? 0 : typeof e.code === 'number' ? e.code : 1;
          resolve({ stdout: String(stdout), stderr: String(stderr), code });
        },
      );
    });
}

/** Runs a command and returns its stdout; a non-zero exit throws `ERR_EXECUTOR_FAILED` with stderr. */
export async function slurmOk(run: SlurmRunner, command: string, args: readonly string[]): Promise<string> {
  const r = await run(command, args);
  if (r.code !== 0) {
    throw new LlemError(
      'ERR_EXECUTOR_FAILED',
      `${command} ${args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim() || 'no output'}`,
      { details: { command, args: [...args], code: r.code, stderr: r.stderr } },
    );
  }
  return r.stdout;
}

/**
 * Checks that Slurm's client is installed (and that `SLURM_CONF`, when set, names a file: Slurm's
 * commands otherwise retry for a minute); throws `ERR_EXECUTOR_UNAVAILABLE` with what to do.
 */
export async function probeSlurm(run: SlurmRunner, env: Record<string, string | undefined>): Promise<void> {
  const conf = env.SLURM_CONF;
  if (conf !== undefined && conf !== '' && !existsSync(conf)) {
    throw new LlemError(
      'ERR_EXECUTOR_UNAVAILABLE',
      `SLURM_CONF names ${conf}, which does not exist; point it at the cluster's slurm.conf or unset it`,
    );
  }
  const version = await run('sbatch', ['--version']);
  if (version.code !== 0) {
    throw new LlemError(
      'ERR_EXECUTOR_UNAVAILABLE',
      `sbatch --version failed: ${version.stderr.trim() || 'no output'}; ${INSTALL_HINT}`,
    );
  }
}
