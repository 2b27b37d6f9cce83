import type { ResultRecord } from '../core/records.js';
import { defaultCacheDir } from '../models/resolve.js';
import { slurmRunner } from '../study/executors/slurm-commands.js';
import { runSlurmTask } from '../study/executors/slurm-task.js';

/** Options of `slurmTask`. */
export interface SlurmTaskRunOptions {
  /** Environment of the task (SLURM_ARRAY_TASK_ID, CUDA_VISIBLE_DEVICES, LLEM_CACHE_DIR…). */
  env: Record<string, string | undefined>;
  /** SIGINT: stop cleanly (an `interrupted` record). */
  signal?: AbortSignal;
  /** Slurm ends the task: abort with `'SIGTERM'` or `'SIGUSR1'` (time limit near). */
  terminate?: AbortSignal;
}

/**
 * One task of a job array submitted by the Slurm executor (what `llem slurm-task` runs): measures
 * the planned run listed for `SLURM_ARRAY_TASK_ID` in submission `submission` of `studyDir` and
 * resolves with its record, written into that run's folder only.
 */
export function slurmTask(
  studyDir: string,
  submission: number,
  o: SlurmTaskRunOptions,
): Promise<ResultRecord> {
  return runSlurmTask({
    studyDir,
    submission,
    env: o.env,
    cacheDir: defaultCacheDir(o.env),
    run: slurmRunner(o.env, 5000),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.terminate ? { terminate: o.terminate } : {}),
  });
}
