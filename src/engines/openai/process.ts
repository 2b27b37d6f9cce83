// Small facts about this host a launch needs: a free TCP port, and whether a program is on PATH.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, isAbsolute, join } from 'node:path';

/** A TCP port free on `host` right now (the OS picks it; a race with another process is possible but rare). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The path of `program` (a name looked up on PATH, or a path), when it is executable; undefined otherwise. */
export async function findExecutable(
  program: string,
  path: string | undefined = process.env.PATH,
): Promise<string | undefined> {
  const candidates =
    isAbsolute(program) || program.includes('/')
      ? [program]
      : (path ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, program));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Next.
    }
  }
  return undefined;
}
