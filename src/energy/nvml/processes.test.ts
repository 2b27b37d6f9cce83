import { describe, expect, it } from 'vitest';
import { otherProcesses, processRelation } from './processes.js';

// A scripted /proc: pid → [ppid, comm].
const tree: Record<number, [number, string]> = {
  100: [1, 'llem'],
  200: [100, 'python3'],
  300: [200, 'vllm'],
  400: [1, 'stress'],
};
const read = (path: string) => {
  const m = /^\/proc\/(\d+)\/(stat|comm)$/.exec(path);
  const e = m ? tree[Number(m[1])] : undefined;
  if (!m || !e) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return m[2] === 'comm' ? `${e[1]}\n` : `${m[1]} (${e[1]} x) S ${e[0]} 1 1 0`;
};

describe('processes on the measured GPUs', () => {
  it('this process and its descendants are ours; others and invisible pids are not', () => {
    expect(processRelation(100, 100, read)).toBe('ours');
    expect(processRelation(300, 100, read)).toBe('ours');
    expect(processRelation(400, 100, read)).toBe('other');
    expect(processRelation(999, 100, read)).toBe('unknown');
  });

  it('describes the others with their command and memory', () => {
    const listed = [300, 400, 999].map((pid) => ({ device: 'gpu0', pid, usedBytes: 2 ** 30 }));
    expect(otherProcesses(listed, 100, read)).toEqual([
      'pid 400 (stress) on gpu0, 1024 MiB',
      'pid 999 (not visible in /proc: another PID namespace, or it exited) on gpu0, 1024 MiB',
    ]);
  });
});
