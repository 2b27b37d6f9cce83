import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** llem's own version, from the package.json shipped beside `dist/`. */
export function llemVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    cached = pkg.version;
  }
  return cached;
}
