// Launch presets (SPEC §2.1 `openai.launch.preset`): each maps the matching engine section of
// the experiment to the server's own command-line flags, as that server spells them:
//   vllm          `vllm serve MODEL`                    ← `vllm.engine` (every key, kebab-cased)
//   sglang        `python3 -m sglang.launch_server`     ← `launch.args` only (llem has no sglang section)
//   tgi           `text-generation-launcher`            ← `transformers`
//   trtllm        `trtllm-serve MODEL`                  ← `tensorrt` (LLM API fields via a YAML file)
//   llama-server  `llama-server` (llama.cpp)            ← `llamacpp`
// `launch.args` adds flags to any preset, and a raw `launch.command` argv is used as given with
// `{host}`, `{port}` and `{model}` replaced. Pure: the table tests read config in, argv out.
import { PRESET_SECTION } from '../../config/engine-sections.js';
import type { ExperimentConfig } from '../../config/schema.js';

/** The servers llem can start by name. */
export type PresetName = 'vllm' | 'sglang' | 'tgi' | 'trtllm' | 'llama-server';

/** Where and what the server is to serve. */
export interface LaunchTarget {
  /** Model as the server takes it: a Hub id, a folder, or a GGUF path (builtin models resolved). */
  model: string;
  host: string;
  port: number;
  /** Path for a side file the preset needs (trtllm's `--extra_llm_api_options` YAML). */
  extraFilePath: string;
}

/** A server command line, plus any file that must be written before it starts. */
export interface ServerCommand {
  argv: string[];
  /** Files to write first: path → content. */
  files: Record<string, string>;
  /** Route whose 200 means ready, tried before `/v1/models`. */
  healthPath: string;
}

type Flags = (string | number)[];

/** The engine section each preset reads (valid beside `engine: openai` with that preset). */
export { PRESET_SECTION };

/** The command line of `launch` for `config` (a preset, or the raw command with placeholders filled). */
export function serverCommand(config: ExperimentConfig, t: LaunchTarget): ServerCommand {
  const launch = config.openai?.launch;
  if (launch?.command !== undefined) {
    const fill = (s: string) =>
      s.replaceAll('{host}', t.host).replaceAll('{port}', String(t.port)).replaceAll('{model}', t.model);
    return { argv: launch.command.map(fill), files: {}, healthPath: '/health' };
  }
  const preset = launch?.preset ?? 'vllm';
  const base = PRESETS[preset](config, t);
  return { ...base, argv: [...base.argv, ...extraArgs(launch?.args ?? {})].map(String) };
}

type PresetBuilder = (
  config: ExperimentConfig,
  t: LaunchTarget,
) => { argv: Flags; files: Record<string, string>; healthPath: string };

const PRESETS: Readonly<Record<PresetName, PresetBuilder>> = {
  vllm: (c, t) => {
    const argv: Flags = [
      'vllm',
      'serve',
      t.model,
      '--host',
      t.host,
      '--port',
      t.port,
      '--seed',
      c.random_seed,
    ];
    for (const [key, value] of Object.entries(c.vllm?.engine ?? {})) argv.push(...flag(kebab(key), value));
    return { argv, files: {}, healthPath: '/health' };
  },
  sglang: (c, t) => ({
    argv: [
      'python3',
      '-m',
      'sglang.launch_server',
      '--model-path',
      t.model,
      '--host',
      t.host,
      '--port',
      t.port,
    ].concat(['--random-seed', c.random_seed]),
    files: {},
    healthPath: '/health',
  }),
  tgi: (c, t) => {
    const s = c.transformers ?? {};
    const argv: Flags = [
      'text-generation-launcher',
      '--model-id',
      t.model,
      '--hostname',
      t.host,
      '--port',
      t.port,
    ];
    if (s.revision !== undefined) argv.push('--revision', s.revision);
    if (s.dtype !== undefined) argv.push('--dtype', s.dtype);
    if (s.load_in_8bit) argv.push('--quantize', 'bitsandbytes');
    if (s.load_in_4bit)
      argv.push('--quantize', s.bnb_4bit_quant_type === 'fp4' ? 'bitsandbytes-fp4' : 'bitsandbytes-nf4');
    if (s.batch_size !== undefined) argv.push('--max-batch-size', s.batch_size);
    argv.push('--max-input-tokens', c.max_input_tokens);
    argv.push('--max-total-tokens', c.max_input_tokens + c.max_output_tokens);
    return { argv, files: {}, healthPath: '/health' };
  },
  trtllm: (c, t) => {
    const s = c.tensorrt ?? {};
    const argv: Flags = ['trtllm-serve', s.engine_path ?? t.model, '--host', t.host, '--port', t.port];
    if (s.engine_path !== undefined) argv.push('--backend', 'tensorrt', '--tokenizer', t.model);
    if (s.max_batch_size !== undefined) argv.push('--max_batch_size', s.max_batch_size);
    if (s.max_seq_len !== undefined) argv.push('--max_seq_len', s.max_seq_len);
    if (s.tensor_parallel_size !== undefined) argv.push('--tp_size', s.tensor_parallel_size);
    if (s.pipeline_parallel_size !== undefined) argv.push('--pp_size', s.pipeline_parallel_size);
    // Fields with no flag of their own go through the LLM API options file, as trtllm-serve documents.
    const extra: Record<string, unknown> = {};
    if (s.dtype !== undefined) extra.dtype = s.dtype;
    if (s.max_input_len !== undefined) extra.max_input_len = s.max_input_len;
    if (s.quant_config !== undefined) extra.quant_config = s.quant_config;
    if (s.kv_cache_config !== undefined) extra.kv_cache_config = s.kv_cache_config;
    const files: Record<string, string> = {};
    if (Object.keys(extra).length > 0) {
      argv.push('--extra_llm_api_options', t.extraFilePath);
      // JSON is YAML: no YAML writer needed for a file only trtllm-serve reads.
      files[t.extraFilePath] = `${JSON.stringify(extra, null, 2)}\n`;
    }
    return { argv, files, healthPath: '/health' };
  },
  'llama-server': (c, t) => {
    const s = c.llamacpp ?? {};
    const argv: Flags = [
      'llama-server',
      '--model',
      t.model,
      '--host',
      t.host,
      '--port',
      t.port,
      '--seed',
      c.random_seed,
    ];
    if (s.gpu_layers === 'max') argv.push('--n-gpu-layers', 999);
    else if (typeof s.gpu_layers === 'number') argv.push('--n-gpu-layers', s.gpu_layers);
    if (s.sequences !== undefined) argv.push('--parallel', s.sequences);
    // llama-server's context is shared by its slots; llem's context_size is per sequence.
    if (s.context_size !== undefined) argv.push('--ctx-size', s.context_size * (s.sequences ?? 1));
    if (s.threads !== undefined) argv.push('--threads', s.threads);
    if (s.batch_size !== undefined) argv.push('--batch-size', s.batch_size);
    if (s.ubatch_size !== undefined) argv.push('--ubatch-size', s.ubatch_size);
    if (s.flash_attention !== undefined) argv.push('--flash-attn', s.flash_attention ? 'on' : 'off');
    if (s.kv_cache_type !== undefined)
      argv.push('--cache-type-k', s.kv_cache_type, '--cache-type-v', s.kv_cache_type);
    if (s.use_mmap === false) argv.push('--no-mmap');
    return { argv, files: {}, healthPath: '/health' };
  },
};

/** `launch.args`: `--key value`, `--key` for true, `--no-key` for false; a key with leading dashes is kept. */
function extraArgs(args: Record<string, string | number | boolean>): Flags {
  return Object.entries(args).flatMap(([key, value]) =>
    flag(key.startsWith('-') ? key.replace(/^-+/, '') : key, value),
  );
}

/** One flag from a config value: booleans as switches (vLLM's `--no-` form for false), objects as JSON. */
function flag(name: string, value: unknown): Flags {
  if (value === undefined || value === null) return [];
  if (value === true) return [`--${name}`];
  if (value === false) return [`--no-${name}`];
  if (typeof value === 'object') return [`--${name}`, JSON.stringify(value)];
  return [`--${name}`, String(value)];
}

/** `max_num_seqs` → `max-num-seqs`. */
function kebab(key: string): string {
  return key.replaceAll('_', '-');
}
