// The GPU check (run by scripts/gpu-check.sh on a machine with an NVIDIA GPU): measures idle
// power, then a real PyTorch matmul load, with llem's real NVML source from dist/, and prints
// counter energy, integrated energy, their ratio, idle power, sample coverage, the sampler's CPU
// overhead and the counter-read latency on the real driver. Exits 1 when integrated and counter
// energy disagree by more than 5 % on any GPU, 2 when NVML cannot measure here.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const IDLE_S = Number(process.env.GPU_CHECK_IDLE_S ?? 10);
const LOAD_S = Number(process.env.GPU_CHECK_LOAD_S ?? 30);
const INTERVAL_MS = Number(process.env.GPU_CHECK_INTERVAL_MS ?? 100);
const MARGIN_S = 2;

const { systemClock } = await import(`${root}dist/core/clock.js`);
const { createEnergySources } = await import(`${root}dist/registry.js`);
const { createNvmlSource } = await import(`${root}dist/energy/nvml/index.js`);
const { openNvml, initNvml, handleOf } = await import(`${root}dist/energy/nvml/library.js`);
const { checkThrottling, checkTelemetryCoverage } = await import(`${root}dist/harness/validity.js`);

const line = (s = '') => console.log(s);
const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

const TORCH_LOAD = `
import os, sys, time
import torch
if not torch.cuda.is_available():
    sys.exit("torch sees no CUDA device")
n = 8192
a = torch.randn(n, n, device="cuda", dtype=torch.bfloat16)
b = torch.randn(n, n, device="cuda", dtype=torch.bfloat16)
torch.cuda.synchronize()
seconds = float(os.environ["GPU_CHECK_LOAD_S"])
t0 = time.time(); count = 0
while time.time() - t0 < seconds:
    for _ in range(20):
        c = a @ b
    torch.cuda.synchronize(); count += 20
dt = time.time() - t0
print(f"torch {torch.__version__} on {torch.cuda.get_device_name(0)}: {count} bf16 {n}x{n} matmuls in {dt:.1f} s = {count * 2 * n**3 / dt / 1e12:.0f} TFLOP/s", flush=True)
`;

/** Runs the PyTorch load (or, to test this script against the C stand-in, a sleep); resolves with its exit code. */
function runLoad() {
  const [cmd, args] =
    process.env.GPU_CHECK_SKIP_TORCH === '1' ? ['sleep', [String(LOAD_S)]] : ['python3', ['-c', TORCH_LOAD]];
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GPU_CHECK_LOAD_S: String(LOAD_S), PYTHONUNBUFFERED: '1' },
    });
    child.on('error', (e) => {
      console.error(`${cmd} could not start: ${e.message}`);
      resolve(127);
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** One measured window with the real NVML source. */
async function window(label, during) {
  const session = await createNvmlSource({
    cudaVisibleDevices: process.env.CUDA_VISIBLE_DEVICES,
    libPath: process.env.LLEM_NVML_LIB,
  }).start({
    sampleIntervalMs: INTERVAL_MS,
    clock: systemClock,
  });
  const t0 = performance.now();
  const extra = await during();
  const [r] = await session.stop();
  line(`\n== ${label}: ${f(r.durationS, 1)} s window (${f((performance.now() - t0) / 1000, 1)} s wall)`);
  return { r, extra };
}

line(
  `llem GPU check · node ${process.version} · interval ${INTERVAL_MS} ms · idle ${IDLE_S} s · load ${LOAD_S} s`,
);
line('\n== energy sources (auto order)');
for (const s of await createEnergySources({
  devices: 'visible',
  sample_interval_ms: INTERVAL_MS,
  min_window_s: 10,
  dram_w_per_gib: 0.375,
})) {
  const p = await s.probe();
  line(`${p.available ? '✓' : '✗'} ${p.source}: ${p.reason}`);
  for (const d of p.devices) line(`    ${d.id} ${d.name} ${JSON.stringify(d.info ?? {})}`);
}
const probe = await createNvmlSource({
  cudaVisibleDevices: process.env.CUDA_VISIBLE_DEVICES,
  libPath: process.env.LLEM_NVML_LIB,
}).probe();
if (!probe.available) {
  line(`\nNVML cannot measure here: ${probe.reason}`);
  process.exit(2);
}

// Counter-read latency on the real driver: one window edge = one read per GPU.
const opened = await openNvml(process.env.LLEM_NVML_LIB || 'libnvidia-ml.so.1');
if (opened.ok) {
  const { fns } = opened.nvml;
  initNvml(fns);
  const handles = probe.devices.map((d) => handleOf(fns, d.info.index).handle);
  const out = new BigUint64Array(1);
  const edges = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    for (const h of handles) fns.energy?.(h, out);
    edges.push((performance.now() - t) * 1000);
  }
  fns.shutdown();
  edges.sort((a, b) => a - b);
  line(
    `\ncounter read at a window edge (${handles.length} GPU): median ${f(edges[100], 1)} µs, p99 ${f(edges[198], 1)} µs (goal < 1000 µs)`,
  );
}

const idle = await window(`idle (${IDLE_S} s, before the load)`, () => systemClock.sleep(IDLE_S * 1000));
for (const d of idle.r.devices)
  line(
    `idle power ${d.device}: ${f(d.meanPowerW, 1)} W (counter ${f(d.energyJ, 1)} J ± ${f(d.uncertaintyJ, 2)} J)`,
  );

const load = await window(`load (PyTorch matmuls ${LOAD_S} s, ${MARGIN_S} s idle margins)`, async () => {
  await systemClock.sleep(MARGIN_S * 1000);
  const code = await runLoad();
  await systemClock.sleep(MARGIN_S * 1000);
  return code;
});
if (load.extra !== 0) line(`!! the PyTorch load exited with ${load.extra}`);
const r = load.r;
let worst = 0;
for (const d of r.devices) {
  const ratio = d.integratedEnergyJ === undefined ? Number.NaN : d.integratedEnergyJ / d.energyJ;
  if (Number.isFinite(ratio)) worst = Math.max(worst, Math.abs(ratio - 1));
  line(
    `${d.device}: counter ${f(d.energyJ, 1)} J ± ${f(d.uncertaintyJ, 2)} J (${d.method}) · integrated ${f(d.integratedEnergyJ ?? Number.NaN, 1)} J · ratio integrated/counter ${f(ratio, 4)} · mean ${f(d.meanPowerW, 1)} W · peak ${f(d.peakPowerW, 1)} W · limit ${f(d.powerLimitW ?? Number.NaN, 0)} W`,
  );
}
const coverage = checkTelemetryCoverage(r.samples, r.expectedSamples);
const throttle = checkThrottling(r.samples);
const temps = r.samples.map((s) => s.temperatureC).filter((t) => t !== undefined);
line(`sample coverage: ${coverage?.detail ?? 'n/a'}`);
line(
  `sampler CPU overhead: ${f(r.samplerCpuS ?? Number.NaN, 4)} s of CPU over ${f(r.durationS, 1)} s = ${f(((r.samplerCpuS ?? Number.NaN) / r.durationS) * 100, 3)} % of a core`,
);
line(
  `throttling: ${throttle?.detail ?? 'no reasons reported'} · max temperature ${temps.length ? Math.max(...temps) : 'n/a'} °C`,
);
line(`other processes: ${r.otherProcesses?.length ? r.otherProcesses.join('; ') : 'none'}`);
line(`uncertainty: ${r.uncertaintyBasis}`);
for (const n of r.notes) line(`note: ${n}`);
const adjusted = r.devices.reduce(
  (a, d, i) => a + d.energyJ - (idle.r.devices[i]?.meanPowerW ?? 0) * r.durationS,
  0,
);
line(`load energy above idle: ${f(adjusted, 1)} J`);
line(
  `\nRESULT: integrated vs counter within ${f(worst * 100, 2)} % (limit 5 %): ${worst <= 0.05 ? 'PASS' : 'FAIL'}`,
);
process.exit(worst <= 0.05 && load.extra === 0 ? 0 : 1);
