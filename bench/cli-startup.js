// Wall time of `llem --version` and `llem run --dry-run <quickstart>`, side by side with a bare
// `node -e ''` start in the same run (the floor no CLI can beat on this machine).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/llem.js`;

function timeOnce(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs the startup benchmark; interleaves the three commands so noise hits all alike. */
export async function run({ repeats = 11 } = {}) {
  const cases = {
    'node -e ""': ['-e', ''],
    'llem --version': [bin, '--version'],
    'llem run --dry-run examples/quickstart.yaml': [bin, 'run', '--dry-run', 'examples/quickstart.yaml'],
  };
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (const args of Object.values(cases)) timeOnce(args); // warm the file cache
  for (let i = 0; i < repeats; i++) {
    for (const [name, args] of Object.entries(cases)) times[name].push(timeOnce(args));
  }
  const floor = median(times['node -e ""']);
  const lines = Object.entries(times).map(
    ([name, xs]) =>
      `${name.padEnd(46)} median ${median(xs).toFixed(1)} ms  (${(median(xs) / floor).toFixed(2)}× bare node; n=${xs.length})`,
  );
  const version = median(times['llem --version']);
  lines.push(`llem --version goal < 150 ms: ${version < 150 ? 'met' : 'NOT met'} (${version.toFixed(1)} ms)`);
  return { name: 'CLI startup', lines, ratio: version / floor };
}
