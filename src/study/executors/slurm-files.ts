// Files of a Slurm study besides the records: the submissions (written by the submitter only) and
// each task's start marker `slurm-task.json` (written by the task, in its own run folder only).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../../store/atomic.js';
import { SLURM_FILES } from '../../store/layout.js';
import { logTail } from './failure.js';
import { SLURM_DIR, type Submission } from './slurm-script.js';

/** Name of a task's start marker in its pair folder. */
export const TASK_MARKER = SLURM_FILES.taskMarker;

/** What a task writes when it starts: where and as which job it runs. */
export interface TaskMarker {
  job_id: string | null;
  array_job_id: string | null;
  array_task_id: number | null;
  submission: number;
  node: string;
  cuda_visible_devices: string | null;
  started_at: string;
}

/** Every submission of the study folder, by number (unreadable files are skipped). */
export async function readSubmissions(studyDir: string): Promise<Submission[]> {
  const names = await readdir(join(studyDir, SLURM_DIR)).catch(() => [] as string[]);
  const out: Submission[] = [];
  for (const name of names) {
    if (!SLURM_FILES.submissionPattern.test(name)) continue;
    const s = await readJson<Submission>(join(studyDir, SLURM_DIR, name));
    if (s && Array.isArray(s.tasks)) out.push(s);
  }
  return out.sort((a, b) => a.number - b.number);
}

/** Writes a submission file (atomic). */
export function writeSubmission(path: string, s: Submission): Promise<void> {
  return writeJsonAtomic(path, s);
}

/** Reads a task's start marker from its pair folder; undefined when it has not started. */
export function readTaskMarker(pairDir: string): Promise<TaskMarker | undefined> {
  return readJson<TaskMarker>(join(pairDir, TASK_MARKER));
}

/** Writes a task's start marker into its pair folder (atomic). */
export function writeTaskMarker(pairDir: string, m: TaskMarker): Promise<void> {
  return writeJsonAtomic(join(pairDir, TASK_MARKER), m);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * The last phase a Slurm task logged (`phase <name>` lines of its run.log), if any. A local child
 * reports its phase over IPC; a task on another node has no channel to the submitter but the
 * shared study folder, so after a task ends without a record its log's last phase line is what
 * the failed record can say about where it stopped.
 */
export async function lastLoggedPhase(pairDir: string): Promise<string | undefined> {
  const lines = await logTail(pairDir, 200);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = / phase ([a-z_]+)/.exec(lines[i]!);
    if (m) return m[1];
  }
  return undefined;
}
