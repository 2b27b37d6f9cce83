import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import type { LlemWarning } from '../core/warning.js';
import { type ParsedDocument, parseConfigText, type SourceLocation } from './document.js';
import { envLayer } from './env.js';
import type { FieldPath } from './fields.js';
import { sortIssues } from './issues.js';
import { hasPath, isPlainObject, type Layer } from './layers.js';
import { flagsLayer, setLayer } from './overrides.js';
import type { ExperimentConfig } from './schema.js';
import { type LoadedUserConfig, loadUserConfig, type UserConfig, userLayer } from './user-config.js';
import { validateLayers } from './validate.js';

/** Where a config value came from (the highest layer that set it). */
export type ValueOrigin = 'file' | 'user' | 'env' | 'command-line' | 'default';

/** A validated experiment config with defaults applied, rules checked, and where each value was written. */
export interface LoadedConfig {
  /** The experiment with every default applied and dormant fields normalised away. */
  config: ExperimentConfig;
  /** Absolute path of the config file, when there was one. */
  file?: string;
  /** Folder relative paths in the file resolve against (the file's folder, else the working directory). */
  baseDir: string;
  /** The document as written (merge keys applied), before defaults; `{}` without a file. */
  raw: unknown;
  /** Non-fatal problems: ignored environment values, rule warnings, dormant normalisations. */
  warnings: LlemWarning[];
  /** The file position of a value written in the config file or user config; undefined otherwise. */
  locate(path: (string | number)[]): SourceLocation | undefined;
  /** Which layer set the value at `path` (`command-line` values resolve paths against the working directory). */
  originOf(path: (string | number)[]): ValueOrigin;
  /** The user config that was applied (`{}` when none). */
  userConfig: UserConfig;
  /** The user config file, when one was read. */
  userConfigFile?: string;
}

/** Options for `loadConfig` and `resolveConfig`; precedence is `--set` > flags > file > environment > user config > default. */
export interface LoadConfigOptions {
  /** `--set key.path=value` arguments; values are YAML scalars or flow collections. */
  overrides?: string[];
  /** CLI flag values by dotted field path (`dataset.n_prompts` for `-n`). */
  flags?: Record<string, unknown>;
  /** Flag names by dotted path, for messages (default: `DEFAULT_FLAG_NAMES`). */
  flagNames?: Record<string, string>;
  /** Environment (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** User config file; default `$XDG_CONFIG_HOME/llem/config.yaml`; null = none. */
  userConfigPath?: string | null;
  /** An already-loaded user config (`resolveConfig` reads no files; default none). */
  userConfig?: UserConfig;
  /** Working directory (default `process.cwd()`). */
  cwd?: string;
}

/** Top-level keys that make a document a study rather than one experiment. */
export const STUDY_KEYS = ['sweep', 'experiments'] as const;

/** True when the document is a study (`sweep:` or `experiments:` at the top level). */
export function isStudyDocument(data: unknown): boolean {
  return isPlainObject(data) && STUDY_KEYS.some((k) => Object.hasOwn(data, k));
}

function studyError(data: unknown, document?: ParsedDocument): ConfigError {
  const key = STUDY_KEYS.find((k) => isPlainObject(data) && Object.hasOwn(data, k)) ?? 'sweep';
  const at = document?.locate([key]);
  return new ConfigError([
    {
      code: 'study_file',
      path: [key],
      message: 'this is a study file; studies are run by `llem run` once study support lands',
      ...(at ?? {}),
    },
  ]);
}

/**
 * The document without keys llem ignores at the top level: `$schema` (an editor's schema pointer in
 * JSON files) and `x-…` keys (a home for YAML anchors, as in Docker Compose).
 */
export function withoutExtensionKeys(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith('x-') || (key === '$schema' && typeof value === 'string')) continue;
    out[key] = value;
  }
  return out;
}

function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/** Reads, parses and validates an experiment file merged with user config, environment and CLI values. */
export async function loadConfig(
  file: string | undefined,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const issues: ConfigIssue[] = [];
  let user: LoadedUserConfig = { config: options.userConfig ?? {} };
  if (options.userConfig === undefined) {
    try {
      user = await loadUserConfig(options.userConfigPath, options.env ?? process.env);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues.push(...e.issues);
    }
  }
  if (file === undefined) return resolveAll(undefined, { user, issues, options, cwd });
  const abs = resolve(cwd, file);
  const shown = displayPath(abs, cwd);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? 'config file not found' : `cannot read the config file: ${(e as Error).message}`;
    issues.push({
      code: code === 'ENOENT' ? 'file_not_found' : 'file_unreadable',
      path: [],
      message,
      file: shown,
    });
    throw new ConfigError(issues);
  }
  let document: ParsedDocument;
  try {
    document = parseConfigText(text, shown);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError([...issues, ...e.issues]);
    throw e;
  }
  if (isStudyDocument(document.data)) throw studyError(document.data, document);
  return resolveAll({ document, abs }, { user, issues, options, cwd });
}

/** Validates a config object (library use): no file is read; user config only when passed in options. */
export function resolveConfig(input: unknown, options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const document: ParsedDocument = { data: input ?? null, file: '<input>', locate: () => undefined };
  if (isStudyDocument(input)) throw studyError(input);
  return resolveAll(
    { document, abs: undefined },
    { user: { config: options.userConfig ?? {} }, issues: [], options, cwd, inMemory: true },
  );
}

interface Context {
  user: LoadedUserConfig;
  issues: ConfigIssue[];
  options: LoadConfigOptions;
  cwd: string;
  inMemory?: boolean;
}

function resolveAll(
  source: { document: ParsedDocument; abs: string | undefined } | undefined,
  ctx: Context,
): LoadedConfig {
  const { options, cwd } = ctx;
  const issues = [...ctx.issues];
  const document = source?.document;
  let data: unknown = document?.data ?? {};
  if (data === null) data = {};
  if (!isPlainObject(data)) {
    const at = document?.locate([]);
    const got = Array.isArray(data) ? 'a list' : `a ${typeof data}`;
    issues.push({
      code: 'invalid_type',
      path: [],
      message: `expected a mapping of config fields at the top level, got ${got}`,
      ...(ctx.inMemory ? {} : (at ?? {})),
    });
    throw new ConfigError(issues);
  }
  const raw = data;
  const fileData = withoutExtensionKeys(data);
  const fileLayer: Layer = {
    kind: 'file',
    data: fileData,
    locate: (p, target) => (ctx.inMemory ? {} : document?.locate(p, target)),
  };
  const env = envLayer(options.env ?? process.env);
  const set = setLayer(options.overrides ?? []);
  const layers: Layer[] = [
    userLayer(ctx.user),
    env.layer,
    fileLayer,
    flagsLayer(options.flags ?? {}, options.flagNames),
    set.layer,
  ];
  const result = validateLayers(layers);
  issues.push(...set.issues, ...result.issues);
  if (issues.length > 0) throw new ConfigError(sortIssues(issues));

  const fileOrUser = (path: FieldPath): SourceLocation | undefined => {
    const layer = [...layers].reverse().find((l) => hasPath(l.data, path));
    if (layer === undefined || (layer.kind !== 'file' && layer.kind !== 'user')) return undefined;
    const at = layer.locate(path, 'key');
    return at?.file === undefined || at.line === undefined
      ? undefined
      : { file: at.file, line: at.line, column: at.column ?? 1 };
  };
  const originOf = (path: FieldPath): ValueOrigin => {
    for (const layer of [...layers].reverse()) {
      if (!hasPath(layer.data, path)) continue;
      return layer.kind === 'flags' || layer.kind === 'set' ? 'command-line' : layer.kind;
    }
    return 'default';
  };
  const loaded: LoadedConfig = {
    config: result.config!,
    baseDir: source?.abs === undefined ? cwd : dirname(source.abs),
    raw,
    warnings: [...env.warnings, ...result.warnings],
    locate: fileOrUser,
    originOf,
    userConfig: ctx.user.config,
  };
  if (source?.abs !== undefined) loaded.file = source.abs;
  if (ctx.user.file !== undefined) loaded.userConfigFile = ctx.user.file;
  return loaded;
}
