import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A read-only folder that stays read-only for root too: a read-only bind mount as root (chmod
 * does not stop root), chmod 555 otherwise. Undefined when neither is possible (root without
 * mount rights); callers then test with a file in place of the folder, or a path under /proc.
 */
export function readOnlyFolder(): { dir: string; cleanup(): void } | undefined {
  const base = mkdtempSync(join(tmpdir(), 'llem-ro-'));
  const src = join(base, 'src');
  const dir = join(base, 'ro');
  mkdirSync(src);
  mkdirSync(dir);
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return { dir, cleanup: () => chmodSync(dir, 0o755) };
  }
  const m = spawnSync('mount', ['--bind', '-o', 'ro', src, dir], { encoding: 'utf8' });
  if (m.status !== 0) return undefined;
  return { dir, cleanup: () => void spawnSync('umount', [dir]) };
}
