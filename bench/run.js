// `npm run bench`: every benchmark, each printing figures measured side by side in one run.
const benches = [
  './engine-throughput.js',
  './cli-startup.js',
  './energy-sampler.js',
  './study-expand.js',
  './dry-run-json.js',
  './study-overhead.js',
  './store-index.js',
  './report-render.js',
  './openai-client.js',
  './python-worker.js',
];

for (const path of benches) {
  const mod = await import(path);
  const t0 = performance.now();
  const result = await mod.run({ log: (l) => console.log(`  … ${l}`) });
  console.log(`\n== ${result.name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  for (const line of result.lines) console.log(`  ${line}`);
}
