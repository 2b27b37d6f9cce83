import type { LoadedConfig } from '../../config/load.js';
import { systemClock } from '../../core/clock.js';
import { ConfigError } from '../../core/errors.js';
import { loadDataset } from '../../datasets/load.js';
import type { ModelInfo } from '../../engines/engine.js';
import { estimateDuration } from '../../harness/duration-estimate.js';
import { estimateMemory } from '../../harness/memory-estimate.js';
import { experimentHash, experimentSlug } from '../../harness/run-experiment.js';
import { defaultCacheDir } from '../../models/resolve.js';
import { createEngine, engineImplemented } from '../../registry.js';
import { EXIT } from '../errors.js';
import { formatBytes, formatDuration as seconds } from '../format.js';
import type { CliIo } from '../io.js';

/** `llem run --dry-run`: validates, shows the plan, memory and duration estimates; runs nothing. */
export async function dryRun(
  loaded: LoadedConfig,
  io: CliIo,
  o: { json: boolean; resultsDir: string | undefined },
): Promise<number> {
  const config = loaded.config;
  const cacheDir = defaultCacheDir(io.env);
  let model: ModelInfo | undefined;
  let engineNote: string | undefined;
  let launch: string[] | undefined;
  // The same input checks as a real run's preflight, so a dry run never passes a config that the
  // run would refuse: the dataset (a JSONL file must exist and parse; `aienergyscore` is not
  // downloaded here, and `synthetic` needs the loaded tokenizer) and the engine's own checks.
  if (config.dataset.source !== 'synthetic' && config.dataset.source !== 'aienergyscore') {
    await loadDataset(config.dataset, config.dataset.n_prompts, config.random_seed, {
      baseDir: loaded.baseDir,
      cacheDir,
      locate: (path) => loaded.locate(path),
      env: io.env,
    });
  }
  if (engineImplemented(config.engine)) {
    const engine = await createEngine(config.engine);
    const ctx = { clock: systemClock, cacheDir, baseDir: loaded.baseDir, log: () => {} };
    const issues = (await engine.preflight?.(config, ctx)) ?? [];
    if (issues.length > 0) throw new ConfigError(issues.map((i) => ({ ...loaded.locate(i.path), ...i })));
    model = await engine.inspect?.(config, ctx);
    launch = await engine.launchPlan?.(config, ctx);
  } else {
    engineNote = `engine ${config.engine} validates but is not implemented in this release`;
  }
  const sequences = config.llamacpp?.sequences ?? 1;
  const contextSize = config.llamacpp?.context_size ?? config.max_input_tokens + config.max_output_tokens + 8;
  const memory = model
    ? estimateMemory(model, { sequences, contextSize, kvCacheType: config.llamacpp?.kv_cache_type ?? 'f16' })
    : undefined;
  const onGpu = config.llamacpp?.gpu_layers !== undefined && config.llamacpp.gpu_layers !== 0;
  const duration = estimateDuration(config, model, onGpu);
  const plan = {
    runs: [{ index: 1, name: experimentSlug(config), config_hash: experimentHash(config), cycles: 1 }],
    skipped: [] as { reason: string }[],
    memory_estimate: memory ?? null,
    duration_estimate: duration,
    warnings: [...loaded.warnings, ...duration.warnings],
    ...(engineNote ? { notes: [engineNote] } : {}),
    ...(launch ? { worker_argv: launch } : {}),
    config,
  };
  if (o.json) {
    io.out(`${JSON.stringify(plan, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [
    `Plan: 1 run × 1 cycle (${loaded.file ?? 'flags'})`,
    `  1. ${plan.runs[0]!.name}  config_hash ${plan.runs[0]!.config_hash.slice(0, 8)}  engine ${config.engine}  model ${config.model}`,
    '  skipped: none',
  ];
  if (launch) lines.push(`Worker: ${launch.map(shellQuote).join(' ')}`);
  if (memory) {
    lines.push(
      `Memory estimate: ${formatBytes(memory.total_bytes)} = weights ${formatBytes(memory.weights_bytes)} + KV cache ${formatBytes(memory.kv_cache_bytes)} (${sequences} seq × ${contextSize} ctx) + overhead ${formatBytes(memory.overhead_bytes)}`,
    );
  } else {
    lines.push('Memory estimate: unavailable until the model is loaded');
  }
  lines.push(
    `Estimated duration: ${seconds(duration.total_s)} (baseline ${seconds(duration.baseline_s)}, load ${seconds(duration.load_s)}, warmup ${seconds(duration.warmup_s)}, thermal floor ≤ ${seconds(duration.thermal_floor_max_s)}, window ${seconds(duration.window_s)})`,
  );
  for (const a of duration.assumptions) lines.push(`  assumes ${a}`);
  for (const w of [...loaded.warnings, ...duration.warnings]) lines.push(`warning ${w.code}: ${w.message}`);
  if (engineNote) lines.push(`note: ${engineNote}`);
  io.out(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

/** An argv element as a POSIX shell would need it, for display only (llem never runs a shell). */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
