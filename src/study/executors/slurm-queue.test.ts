import { describe, expect, it } from 'vitest';
import {
  describeReason,
  isActive,
  lookupTask,
  parseSacct,
  parseSqueue,
  queryTasks,
  reasonForState,
} from './slurm-queue.js';

// Lines as Slurm 22.05's `squeue -h -r -t all -o '%i|%T|%r|%N'` printed them on the dev cluster.
const SQUEUE = `13_0|FAILED|NonZeroExitCode|vm
13|CANCELLED|None|
14_2|PENDING|JobArrayTaskLimit|
14_1|RUNNING|None|vm
14_0|COMPLETED|None|vm
15_[3-5%2]|PENDING|JobArrayTaskLimit|
99|RUNNING|None|vm`;

describe('Slurm queue parsing', () => {
  it('reads array tasks, and lines for tasks not split off the array', () => {
    const tasks = parseSqueue(SQUEUE);
    expect(tasks.map((t) => t.key)).toEqual(['13_0', '13_*', '14_2', '14_1', '14_0', '15_*', '99_*']);
    expect(tasks[3]).toMatchObject({
      arrayJobId: '14',
      taskId: 1,
      state: 'RUNNING',
      node: 'vm',
      source: 'squeue',
    });
    expect(tasks[2]).toMatchObject({ state: 'PENDING', reason: 'JobArrayTaskLimit', node: '' });
  });

  it('gives a task not split off its array the array line state', () => {
    const view = { tasks: new Map(parseSqueue(SQUEUE).map((t) => [t.key, t])), accounting: false };
    expect(lookupTask(view, '13_2')).toMatchObject({ key: '13_2', taskId: 2, state: 'CANCELLED' });
    expect(lookupTask(view, '13_0')?.state).toBe('FAILED');
    expect(lookupTask(view, '15_4')?.state).toBe('PENDING');
    expect(lookupTask(view, '16_0')).toBeUndefined();
  });

  it('reads sacct lines (state words after the first dropped)', () => {
    const tasks = parseSacct('20_0|CANCELLED by 0|vm|None\n20_1|OUT_OF_MEMORY|n2|None\n20|FAILED|vm|\n');
    expect(tasks.map((t) => [t.key, t.state, t.node])).toEqual([
      ['20_0', 'CANCELLED', 'vm'],
      ['20_1', 'OUT_OF_MEMORY', 'n2'],
    ]);
    expect(tasks[0]!.source).toBe('sacct');
  });

  it('maps ended states to failure reasons, and knows which states are still live', () => {
    expect(reasonForState('CANCELLED')).toBe('cancelled');
    expect(reasonForState('TIMEOUT')).toBe('time_limit');
    expect(reasonForState('NODE_FAIL')).toBe('node_failure');
    expect(reasonForState('OUT_OF_MEMORY')).toBe('out_of_memory');
    expect(reasonForState('PREEMPTED')).toBe('preempted');
    expect(reasonForState('COMPLETED')).toBe('no_record');
    expect(reasonForState('FAILED')).toBe('scheduler_failed');
    for (const s of ['PENDING', 'RUNNING', 'COMPLETING', 'CONFIGURING', 'SUSPENDED'])
      expect(isActive(s)).toBe(true);
    for (const s of ['COMPLETED', 'CANCELLED', 'FAILED', 'TIMEOUT', 'NODE_FAIL'])
      expect(isActive(s)).toBe(false);
    expect(describeReason('time_limit', 'TIMEOUT', 'n1')).toMatch(
      /time limit on n1 .*execution\.slurm\.time_limit/,
    );
    expect(describeReason('out_of_memory', 'OUT_OF_MEMORY', '')).toMatch(/--mem/);
  });
});

describe('queryTasks', () => {
  it('uses squeue, and sacct only for tasks squeue no longer lists when accounting answers', async () => {
    const calls: string[] = [];
    const view = await queryTasks(
      async (cmd, args) => {
        calls.push(`${cmd} ${args.join(' ')}`);
        if (cmd === 'squeue') return { stdout: '30_0|RUNNING|None|vm\n', stderr: '', code: 0 };
        return { stdout: '30_0|COMPLETED|vm|None\n30_1|TIMEOUT|vm|None\n', stderr: '', code: 0 };
      },
      ['30'],
    );
    expect(calls[0]).toContain('squeue -h -r -t all -j 30');
    expect(view.accounting).toBe(true);
    expect(view.tasks.get('30_0')?.state).toBe('RUNNING');
    expect(view.tasks.get('30_1')?.state).toBe('TIMEOUT');
  });

  it('works without accounting (sacct says storage is disabled)', async () => {
    const view = await queryTasks(
      async (cmd) => {
        if (cmd === 'squeue') return { stdout: '31_0|PENDING|Priority|\n', stderr: '', code: 0 };
        return { stdout: '', stderr: 'Slurm accounting storage is disabled\n', code: 1 };
      },
      ['31'],
    );
    expect(view.accounting).toBe(false);
    expect([...view.tasks.keys()]).toEqual(['31_0']);
  });
});
