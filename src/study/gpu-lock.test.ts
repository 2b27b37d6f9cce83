import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { acquireDeviceLocks, defaultLockDir, describeHolder, type LockWait, lockNames } from './gpu-lock.js';

const dir = () => mkdtempSync(join(tmpdir(), 'llem-lock-'));

describe('device locks', () => {
  it('names GPU locks gpu-<n>, and locks the CPU when no GPU is measured', () => {
    expect(
      lockNames([
        { id: 'gpu1', scope: 'gpu' },
        { id: 'gpu0', scope: 'gpu' },
        { id: 'package-0', scope: 'cpu' },
      ]),
    ).toEqual(['gpu-0', 'gpu-1']);
    expect(lockNames([{ id: 'cpu', scope: 'estimate' }])).toEqual(['cpu']);
    expect(lockNames([])).toEqual(['cpu']);
  });

  it('lives in $LLEM_LOCK_DIR, $XDG_RUNTIME_DIR/llem-locks or /tmp/llem-locks', () => {
    expect(defaultLockDir({ LLEM_LOCK_DIR: '/x' })).toBe('/x');
    expect(defaultLockDir({ XDG_RUNTIME_DIR: '/run/user/1' })).toBe('/run/user/1/llem-locks');
    expect(defaultLockDir({})).toBe('/tmp/llem-locks');
  });

  it('writes the pid, makes a second holder wait until release, and removes the file on release', async () => {
    const d = dir();
    const a = await acquireDeviceLocks(['gpu-0'], { dir: d, study: 'a', clock: systemClock });
    expect(JSON.parse(readFileSync(join(d, 'gpu-0.lock'), 'utf8')).pid).toBe(process.pid);
    const waits: number[] = [];
    let got = false;
    const b = acquireDeviceLocks(['gpu-0'], {
      dir: d,
      study: 'b',
      clock: systemClock,
      pollMs: 20,
      onWait: (w) => waits.push(w.holder.pid),
    }).then((h) => {
      got = true;
      return h;
    });
    await systemClock.sleep(100);
    expect(got).toBe(false);
    expect(waits.length).toBeGreaterThan(1);
    expect(new Set(waits)).toEqual(new Set([process.pid]));
    await a.release();
    const held = await b;
    expect(got).toBe(true);
    await held.release();
    expect(existsSync(join(d, 'gpu-0.lock'))).toBe(false);
  });

  it('takes over a stale lock left by a dead process', async () => {
    const d = dir();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(
      join(d, 'cpu.lock'),
      JSON.stringify({ pid: dead, token: 'old', study: 'x', started_at: '' }),
    );
    const h = await acquireDeviceLocks(['cpu'], { dir: d, study: 'me', clock: systemClock });
    expect(JSON.parse(readFileSync(join(d, 'cpu.lock'), 'utf8')).study).toBe('me');
    await h.release();
  });

  it('an abort while waiting rejects and releases the locks already taken', async () => {
    const d = dir();
    const other = await acquireDeviceLocks(['gpu-1'], { dir: d, study: 'other', clock: systemClock });
    const ac = new AbortController();
    const p = acquireDeviceLocks(['gpu-0', 'gpu-1'], {
      dir: d,
      study: 'me',
      clock: systemClock,
      pollMs: 20,
      signal: ac.signal,
    });
    await systemClock.sleep(60);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(existsSync(join(d, 'gpu-0.lock'))).toBe(false);
    await other.release();
  });

  it('tells the waiter who holds the lock (pid, host, study, since) and how long it has waited', async () => {
    const d = dir();
    const a = await acquireDeviceLocks(['cpu'], { dir: d, study: '/r/a-1234abcd', clock: systemClock });
    const waits: LockWait[] = [];
    const b = acquireDeviceLocks(['cpu'], {
      dir: d,
      study: 'b',
      clock: systemClock,
      pollMs: 20,
      onWait: (w) => waits.push(w),
    });
    await systemClock.sleep(120);
    await a.release();
    await (await b).release();
    expect(waits[0]!.holder).toMatchObject({ pid: process.pid, host: hostname(), study: '/r/a-1234abcd' });
    expect(waits[0]!.waitedS).toBeLessThan(0.05);
    expect(waits.at(-1)!.waitedS).toBeGreaterThan(0.05);
    expect(describeHolder(waits[0]!.holder)).toMatch(
      new RegExp(
        `^process ${process.pid} on ${hostname()} \\(study /r/a-1234abcd\\), since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ \\(\\d+ s ago\\)$`,
      ),
    );
  });

  it('maxWaitS 0 fails at once and maxWaitS N after N seconds, with ERR_DEVICE_BUSY naming the holder', async () => {
    const d = dir();
    const a = await acquireDeviceLocks(['cpu'], { dir: d, study: 'holder-study', clock: systemClock });
    const t0 = Date.now();
    const now = acquireDeviceLocks(['cpu'], { dir: d, study: 'b', clock: systemClock, maxWaitS: 0 });
    await expect(now).rejects.toMatchObject({ code: 'ERR_DEVICE_BUSY' });
    await expect(now).rejects.toThrow(/held by process \d+ .*holder-study.*not waiting \(--no-wait\)/);
    expect(Date.now() - t0).toBeLessThan(500);
    const t1 = Date.now();
    const later = acquireDeviceLocks(['cpu'], {
      dir: d,
      study: 'b',
      clock: systemClock,
      maxWaitS: 0.3,
      pollMs: 1000,
    });
    await expect(later).rejects.toThrow(/gave up after 0 s|gave up after 1 s/);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(290);
    expect(Date.now() - t1).toBeLessThan(1500);
    expect(JSON.parse(readFileSync(join(d, 'cpu.lock'), 'utf8')).study).toBe('holder-study');
    await a.release();
  });
});
