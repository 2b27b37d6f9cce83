import { parseArgs } from 'node:util';
import { ENGINES, STUDY_ORDERS } from '../api/config.js';
import { usageError } from './errors.js';

/**
 * The flags of `llem run`, in one table: `node:util` `parseArgs` reads it as its options, the
 * help text is drawn from it, and the config-field flags map to their dotted config paths (the
 * layer between the user config and `--set`) and give the names config messages quote.
 */

/** One command-line flag. */
export interface CliFlag {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Where the help lists it: the main options, study execution, or output. */
  group: 'main' | 'study' | 'output';
  /** The value's placeholder in the help (`N`, `DIR`). */
  arg?: string;
  /** The config field it sets (dotted path); such values go through the config's validation. */
  path?: string;
  /** Parse the value as a number when it looks like one (a bad one is left for the schema to name). */
  numeric?: boolean;
  help: string;
}

/** Every flag of `llem run`, in help order. */
export const RUN_FLAGS = {
  model: {
    type: 'string',
    group: 'main',
    arg: 'M',
    path: 'model',
    help: 'model (GGUF path, hf:org/repo/file.gguf, builtin:tiny…)',
  },
  engine: { type: 'string', group: 'main', arg: 'E', path: 'engine', help: ENGINES.join(' | ') },
  dataset: {
    type: 'string',
    group: 'main',
    arg: 'D',
    path: 'dataset.source',
    help: 'builtin | aienergyscore | synthetic | path.jsonl',
  },
  'n-prompts': {
    type: 'string',
    short: 'n',
    group: 'main',
    arg: 'N',
    path: 'dataset.n_prompts',
    numeric: true,
    help: 'prompts in the measurement window',
  },
  'max-output-tokens': {
    type: 'string',
    group: 'main',
    arg: 'N',
    path: 'max_output_tokens',
    numeric: true,
    help: 'output token limit',
  },
  set: {
    type: 'string',
    multiple: true,
    group: 'main',
    arg: 'key.path=value',
    help: 'override any field (repeatable)',
  },
  output: {
    type: 'string',
    short: 'o',
    group: 'main',
    arg: 'DIR',
    help: 'results folder (default ./results)',
  },
  'dry-run': {
    type: 'boolean',
    group: 'main',
    help: 'validate, show the plan, memory and duration estimates; run nothing',
  },
  cycles: { type: 'string', group: 'study', arg: 'N', help: 'repetitions of the whole design [3]' },
  order: { type: 'string', group: 'study', arg: 'O', help: `${STUDY_ORDERS.join(' | ')} [shuffled]` },
  'no-gaps': {
    type: 'boolean',
    group: 'study',
    help: 'no pauses between runs (experiment_gap_s = cycle_gap_s = 0)',
  },
  resume: {
    type: 'boolean',
    group: 'study',
    help: "continue this study's folder: run exactly the missing runs",
  },
  'skip-failed': {
    type: 'boolean',
    group: 'study',
    help: 'with --resume: keep failed runs instead of re-running them',
  },
  'wait-lock': {
    type: 'string',
    group: 'study',
    arg: 'S',
    help: 'wait at most S seconds for a device lock another study holds [no limit]',
  },
  'no-wait': {
    type: 'boolean',
    group: 'study',
    help: 'fail at once (exit 1, ERR_DEVICE_BUSY) when another study holds a device lock',
  },
  executor: {
    type: 'string',
    group: 'study',
    arg: 'E',
    help: 'local | slurm (one Slurm job-array task per run; see execution.slurm) [local]',
  },
  json: { type: 'boolean', group: 'output', help: 'machine-readable result on stdout; progress on stderr' },
  quiet: { type: 'boolean', short: 'q', group: 'output', help: 'no progress' },
  verbose: { type: 'boolean', group: 'output', help: 'stack traces on errors' },
  live: { type: 'boolean', group: 'output', help: 'force the live progress view' },
  plain: { type: 'boolean', group: 'output', help: 'force plain progress lines' },
  help: { type: 'boolean', short: 'h', group: 'output', help: 'this help' },
} as const satisfies Record<string, CliFlag>;

/** A flag name of `llem run`. */
export type RunFlag = keyof typeof RUN_FLAGS;

const entries = (table: Readonly<Record<string, CliFlag>>) => Object.entries(table);

/** How a flag is spelled in messages: its short form when it has one (`-n`), else `--name`. */
export function flagSpelling(name: string, flag: CliFlag): string {
  return flag.short === undefined ? `--${name}` : `-${flag.short}`;
}

/** The help lines of one group, aligned: `  -n, --n-prompts N         prompts in the window`. */
export function flagHelp(table: Readonly<Record<string, CliFlag>>, group: CliFlag['group']): string[] {
  return entries(table)
    .filter(([, f]) => f.group === group)
    .map(([name, f]) => {
      const left = `${f.short === undefined ? '' : `-${f.short}, `}--${name}${f.arg === undefined ? '' : ` ${f.arg}`}`;
      return `  ${left.padEnd(25)} ${f.help}`;
    });
}

/** Dotted config path → the flag's spelling, for config messages (`LoadConfigOptions.flagNames`). */
export function configFlagNames(table: Readonly<Record<string, CliFlag>>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [name, f] of entries(table)) if (f.path !== undefined) names[f.path] = flagSpelling(name, f);
  return names;
}

/** Config-field flag values by dotted path (numbers parsed when they look like one). */
export function configFlagValues(
  table: Readonly<Record<string, CliFlag>>,
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, f] of entries(table)) {
    const v = values[name];
    if (f.path === undefined || typeof v !== 'string') continue;
    out[f.path] = f.numeric && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;
  }
  return out;
}

/** The flags of `group` that were given. */
export function givenFlags(
  table: Readonly<Record<string, CliFlag>>,
  values: Readonly<Record<string, unknown>>,
  group: CliFlag['group'],
): string[] {
  return entries(table)
    .filter(([name, f]) => f.group === group && values[name] !== undefined)
    .map(([name]) => name);
}

/** The values of `llem run`'s flags, as `parseArgs` types them from `RUN_FLAGS`. */
export type RunFlagValues = ReturnType<typeof parseRunArgs>['values'];

/** Parses argv for `llem run` (options from `RUN_FLAGS`); usage errors are ConfigErrors (exit 2). */
export function parseRunArgs(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: RUN_FLAGS });
  } catch (e) {
    throw usageError((e as Error).message, 'see llem run --help');
  }
}
