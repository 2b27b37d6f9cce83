import { dirname } from 'node:path';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import type { LlemWarning } from '../core/warning.js';
import type { ParsedDocument, SourceLocation } from './document.js';
import { envLayer } from './env.js';
import type { FieldPath } from './fields.js';
import { sortIssues } from './issues.js';
import { hasPath, isPlainObject, type Layer } from './layers.js';
import type { LoadConfigOptions } from './load-options.js';
import { flagsLayer, setLayer } from './overrides.js';
import type { ExperimentConfig } from './schema.js';
import {
  isStudyDocument,
  readConfigSource,
  STUDY_KEYS,
  userConfigFor,
  withoutExtensionKeys,
} from './source-file.js';
import { loadStudy } from './study-load.js';
import { type LoadedUserConfig, type UserConfig, userLayer } from './user-config.js';
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

export type { LoadConfigOptions } from './load-options.js';

/** Study detection lives with the file helpers; re-exported here, where callers look for it. */
export { isStudyDocument, STUDY_KEYS, withoutExtensionKeys } from './source-file.js';
/** Studies: `loadStudy` reads a study file, `resolveStudy` validates a study object (SPEC §2.2). */
export {
  type LoadedStudy,
  type LoadStudyOptions,
  loadStudy,
  resolveStudy,
  type StudyPoint,
} from './study-load.js';

function studyError(data: unknown, document?: ParsedDocument): ConfigError {
  const key = STUDY_KEYS.find((k) => isPlainObject(data) && Object.hasOwn(data, k)) ?? 'sweep';
  const at = document?.locate([key]);
  return new ConfigError([
    {
      code: 'study_file',
      path: [key],
      message: `this is a study file (it has \`${key}:\`); loadConfig and resolveConfig read one experiment`,
      suggestion: 'use loadStudy() or expandStudy() for a study',
      ...(at ?? {}),
    },
  ]);
}

/** Reads, parses and validates an experiment file merged with user config, environment and CLI values. */
export async function loadConfig(
  file: string | undefined,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const { user, issues } = await userConfigFor(options);
  if (file === undefined) return resolveAll(undefined, { user, issues, options, cwd });
  const { abs, document } = await readConfigSource(file, cwd, issues);
  if (isStudyDocument(document.data)) {
    const notOne = studyError(document.data, document);
    if (issues.length > 0) throw new ConfigError([...issues, ...notOne.issues]);
    // A study's own problems are more useful than "this is a study": report them when there are any.
    await loadStudy(abs, options);
    throw notOne;
  }
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
