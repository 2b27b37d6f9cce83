#!/usr/bin/env node
// Rewrites the config reference in README.md (between the config-reference markers) from the zod
// schema, via the built library. `--check` exits 1 when README.md is stale instead of writing it.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configReference } from '../dist/config/reference.js';

const START = '<!-- config-reference:start -->';
const END = '<!-- config-reference:end -->';
const readme = join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
const check = process.argv.includes('--check');

let text;
try {
  text = await readFile(readme, 'utf8');
} catch {
  text = '';
}
const block = `${START}\n${configReference()}\n${END}`;
const start = text.indexOf(START);
const end = text.indexOf(END);
let next;
if (start === -1 || end === -1 || end < start) {
  if (check) {
    process.stderr.write(`README.md has no ${START} … ${END} markers; run npm run docs:config\n`);
    process.exit(1);
  }
  next = `${text.replace(/\s*$/, '')}\n\n## Configuration reference\n\n${block}\n`.replace(/^\n+/, '');
} else {
  next = text.slice(0, start) + block + text.slice(end + END.length);
}
if (check) {
  if (next !== text) {
    process.stderr.write('README.md config reference is stale; run npm run docs:config\n');
    process.exit(1);
  }
  process.stdout.write('README.md config reference is up to date\n');
} else if (next !== text) {
  await writeFile(readme, next);
  process.stdout.write('README.md config reference updated\n');
}
