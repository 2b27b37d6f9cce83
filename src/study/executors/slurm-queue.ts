// What the Slurm queue says about a study's array tasks: `squeue -t all` (which also lists jobs
// that ended within the controller's MinJobAge), then `sacct` where accounting exists (it keeps
// ended jobs for good). Parsing is pure; `queryTasks` runs the commands.
import type { FailureReason } from './failure.js';
import type { SlurmRunner } from './slurm-commands.js';

/** One array task as the scheduler sees it. */
export interface TaskState {
  /** `<array job id>_<task id>`. */
  key: string;
  arrayJobId: string;
  taskId: number;
  /** Slurm job state, e.g. PENDING, RUNNING, COMPLETED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY. */
  state: string;
  /** The scheduler's reason (why pending, or why it ended), `None` when there is none. */
  reason: string;
  /** Node(s) it ran on; empty while pending. */
  node: string;
  /** Which command said so. */
  source: 'squeue' | 'sacct';
}

/** States of a task that has not ended. */
const ACTIVE = new Set([
  'PENDING',
  'CONFIGURING',
  'RUNNING',
  'COMPLETING',
  'SUSPENDED',
  'REQUEUED',
  'REQUEUE_FED',
  'REQUEUE_HOLD',
  'RESIZING',
  'SIGNALING',
  'STAGE_OUT',
  'STOPPED',
  'RESV_DEL_HOLD',
]);

/** True while the task may still run (queued, running, finishing). */
export function isActive(state: string): boolean {
  return ACTIVE.has(state);
}

/** Why a task ended without a record of its own: the failure reason a record gets. */
export type SchedulerReason = Extract<
  FailureReason,
  | 'cancelled'
  | 'time_limit'
  | 'node_failure'
  | 'out_of_memory'
  | 'preempted'
  | 'scheduler_failed'
  | 'no_record'
>;

/** The failure reason for an ended task's state. */
export function reasonForState(state: string): SchedulerReason {
  switch (state) {
    case 'CANCELLED':
    case 'REVOKED':
      return 'cancelled';
    case 'TIMEOUT':
    case 'DEADLINE':
      return 'time_limit';
    case 'NODE_FAIL':
    case 'BOOT_FAIL':
      return 'node_failure';
    case 'OUT_OF_MEMORY':
      return 'out_of_memory';
    case 'PREEMPTED':
      return 'preempted';
    case 'COMPLETED':
      return 'no_record';
    default:
      return 'scheduler_failed';
  }
}

/** A sentence for a failure reason, used in records and `llem status`. */
export function describeReason(reason: SchedulerReason, state: string, node: string): string {
  const on = node ? ` on ${node}` : '';
  switch (reason) {
    case 'cancelled':
      return `the Slurm task was cancelled${on} (scancel, or an administrator) before it wrote a result`;
    case 'time_limit':
      return `the Slurm task reached its time limit${on} (execution.slurm.time_limit) before it wrote a result`;
    case 'node_failure':
      return `the node${on ? on.replace(' on', '') : ''} failed while the Slurm task ran (${state}); the run can be resubmitted`;
    case 'out_of_memory':
      return `the Slurm task ran out of memory${on} (${state}); ask for more with execution.slurm.extra_args, e.g. --mem=…`;
    case 'preempted':
      return `the Slurm task was preempted${on} by a higher-priority job`;
    case 'no_record':
      return `the Slurm task ended${on} (${state}) without writing a result; see the task's log under slurm/logs/`;
    case 'scheduler_failed':
      return `the Slurm task ended in state ${state}${on} without writing a result; see the task's log under slurm/logs/`;
  }
}

/**
 * Parses `squeue -h -r -t all -o '%i|%T|%r|%N'` lines. Array tasks are `<job>_<task>`; tasks never
 * split off the array (still pending, or cancelled while pending) show as `<job>_[1-5%2]` or as the
 * bare `<job>`: those get the key `<job>_*` (see `lookupTask`).
 */
export function parseSqueue(text: string): TaskState[] {
  const out: TaskState[] = [];
  for (const line of text.split('\n')) {
    const [id, state, reason, node] = line.trim().split('|');
    const m = /^(\d+)(?:_(\d+|\[[^\]]*\]))?$/.exec(id ?? '');
    if (!m || state === undefined) continue;
    const single = m[2] !== undefined && /^\d+$/.test(m[2]);
    out.push({
      key: single ? `${m[1]}_${m[2]}` : `${m[1]}_*`,
      arrayJobId: m[1]!,
      taskId: single ? Number(m[2]) : -1,
      state: state.trim(),
      reason: (reason ?? '').trim() || 'None',
      node: (node ?? '').trim(),
      source: 'squeue',
    });
  }
  return out;
}

/** The state of task `key` (`<job>_<task>`): its own line, else its array's line for tasks not split off. */
export function lookupTask(view: QueueView, key: string): TaskState | undefined {
  const own = view.tasks.get(key);
  if (own) return own;
  const rest = view.tasks.get(`${key.split('_')[0]}_*`);
  return rest ? { ...rest, key, taskId: Number(key.split('_')[1]) } : undefined;
}

/** Parses `sacct -n -P -X -o JobID,State,NodeList,Reason` lines (`CANCELLED by 0` → CANCELLED). */
export function parseSacct(text: string): TaskState[] {
  const out: TaskState[] = [];
  for (const line of text.split('\n')) {
    const [id, state, node, reason] = line.trim().split('|');
    const m = /^(\d+)_(\d+)$/.exec(id ?? '');
    if (!m || state === undefined) continue;
    out.push({
      key: `${m[1]}_${m[2]}`,
      arrayJobId: m[1]!,
      taskId: Number(m[2]),
      state: state.trim().split(/\s+/)[0] ?? state,
      reason: (reason ?? '').trim() || 'None',
      node: (node ?? '').trim() === 'None assigned' ? '' : (node ?? '').trim(),
      source: 'sacct',
    });
  }
  return out;
}

/** What the queue knows: tasks by key, and whether accounting (sacct) answered. */
export interface QueueView {
  tasks: Map<string, TaskState>;
  accounting: boolean;
}

/**
 * The tasks of `jobIds` from `squeue -t all`; with `accounting`, `sacct` fills in tasks squeue no
 * longer lists (ended longer ago than MinJobAge). Without accounting (`sacct` says storage is
 * disabled, or is missing) only squeue answers.
 */
export async function queryTasks(
  run: SlurmRunner,
  jobIds: readonly string[],
  o: { accounting?: boolean } = {},
): Promise<QueueView> {
  const tasks = new Map<string, TaskState>();
  if (jobIds.length === 0) return { tasks, accounting: false };
  const q = await run('squeue', ['-h', '-r', '-t', 'all', '-j', jobIds.join(','), '-o', '%i|%T|%r|%N']);
  for (const t of parseSqueue(q.stdout)) tasks.set(t.key, t);
  let accounting = false;
  if (o.accounting !== false) {
    const s = await run('sacct', [
      '-n',
      '-P',
      '-X',
      '-j',
      jobIds.join(','),
      '-o',
      'JobID,State,NodeList,Reason',
    ]).catch(() => undefined);
    if (s && s.code === 0) {
      accounting = true;
      for (const t of parseSacct(s.stdout)) if (!tasks.has(t.key)) tasks.set(t.key, t);
    }
  }
  return { tasks, accounting };
}
