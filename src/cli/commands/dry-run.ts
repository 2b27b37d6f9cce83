import { planExperiment } from '../../api/plan.js';
import type { LoadedConfig } from '../../index.js';
import { EXIT } from '../errors.js';
import { formatBytes, formatDuration as seconds } from '../format.js';
import type { CliIo } from '../io.js';

/** `llem run --dry-run`: validates, shows the plan, memory and duration estimates; runs nothing. */
export async function dryRun(
  loaded: LoadedConfig,
  io: CliIo,
  o: { json: boolean; resultsDir: string | undefined },
): Promise<number> {
  const plan = await planExperiment(loaded, { env: io.env });
  if (o.json) {
    io.out(`${JSON.stringify(plan, null, 2)}\n`);
    return EXIT.ok;
  }
  const { config, duration_estimate: duration, memory_estimate: memory } = plan;
  const run = plan.runs[0]!;
  const lines = [
    `Plan: 1 run × 1 cycle (${loaded.file ?? 'flags'})`,
    `  1. ${run.name}  config_hash ${run.config_hash.slice(0, 8)}  engine ${config.engine}  model ${config.model}`,
    '  skipped: none',
  ];
  if (plan.worker_argv) lines.push(`Worker: ${plan.worker_argv.map(shellQuote).join(' ')}`);
  if (memory) {
    lines.push(
      `Memory estimate: ${formatBytes(memory.total_bytes)} = weights ${formatBytes(memory.weights_bytes)} + KV cache ${formatBytes(memory.kv_cache_bytes)} (${memory.kv_sequences} seq × ${memory.kv_context_tokens} ctx) + overhead ${formatBytes(memory.overhead_bytes)}`,
    );
  } else {
    lines.push('Memory estimate: unavailable until the model is loaded');
  }
  lines.push(
    `Estimated duration: ${seconds(duration.total_s)} (baseline ${seconds(duration.baseline_s)}, load ${seconds(duration.load_s)}, warmup ${seconds(duration.warmup_s)}, ${duration.thermal_floor_skipped_s === undefined ? `thermal floor ≤ ${seconds(duration.thermal_floor_max_s)}` : 'no thermal floor'}, window ${seconds(duration.window_s)})`,
  );
  for (const a of duration.assumptions) lines.push(`  assumes ${a}`);
  for (const w of plan.warnings) lines.push(`warning ${w.code}: ${w.message}`);
  for (const n of plan.notes ?? []) lines.push(`note: ${n}`);
  io.out(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

/** An argv element as a POSIX shell would need it, for display only (llem never runs a shell). */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
