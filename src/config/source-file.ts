import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { type ParsedDocument, parseConfigText } from './document.js';
import { isPlainObject } from './layers.js';
import { type LoadedUserConfig, loadUserConfig, type UserConfig } from './user-config.js';

/**
 * Reading config files (experiments, studies and a study's `base:`) and the pieces the experiment
 * and study loaders share: the user config, display paths, and the top-level keys llem ignores.
 */

/** Top-level keys that make a document a study rather than one experiment. */
export const STUDY_KEYS = ['sweep', 'experiments'] as const;

/** True when the document is a study (`sweep:` or `experiments:` at the top level). */
export function isStudyDocument(data: unknown): boolean {
  return isPlainObject(data) && STUDY_KEYS.some((k) => Object.hasOwn(data, k));
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

/** `abs` relative to `cwd` when it lies below it, else `abs` (how files are named in messages). */
export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/** A config file read and parsed: its absolute path, the name used in messages, text and document. */
export interface ConfigSource {
  /** Absolute path. */
  abs: string;
  /** The name issues use (relative to the working directory when below it). */
  shown: string;
  /** The file's text, as written. */
  text: string;
  /** The parsed document with positions. */
  document: ParsedDocument;
}

/** Where a missing or unreadable file was named, so the issue can point there (a study's `base:`). */
export interface NamedAt {
  /** Path of the naming field in its document, e.g. `['base']`. */
  path: (string | number)[];
  /** Its position. */
  at?: { file: string; line: number; column: number } | undefined;
}

/**
 * Reads and parses `file` (relative to `cwd`); a missing or unreadable file and syntax errors
 * throw a ConfigError, with `earlier` issues (such as user config problems) listed first.
 */
export async function readConfigSource(
  file: string,
  cwd: string,
  earlier: readonly ConfigIssue[] = [],
  namedAt?: NamedAt,
): Promise<ConfigSource> {
  const abs = resolve(cwd, file);
  const shown = displayPath(abs, cwd);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const what = namedAt === undefined ? 'config file' : `base file ${shown}`;
    const message =
      code === 'ENOENT' ? `${what} not found` : `cannot read the ${what}: ${(e as Error).message}`;
    const issue: ConfigIssue = {
      code: code === 'ENOENT' ? 'file_not_found' : 'file_unreadable',
      path: namedAt?.path ?? [],
      message,
      ...(namedAt?.at ?? { file: shown }),
    };
    if (namedAt !== undefined) issue.suggestion = 'base: is relative to the study file; check the path';
    throw new ConfigError([...earlier, issue]);
  }
  try {
    return { abs, shown, text, document: parseConfigText(text, shown) };
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError([...earlier, ...e.issues]);
    throw e;
  }
}

/** Options that say which user config applies (a subset of the loaders' options). */
export interface UserConfigChoice {
  /** User config file; default `$XDG_CONFIG_HOME/llem/config.yaml`; null = none. */
  userConfigPath?: string | null;
  /** An already-loaded user config (then no file is read). */
  userConfig?: UserConfig;
  /** Environment (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/** Loads the user config the options name; its problems are returned as issues, not thrown. */
export async function userConfigFor(
  options: UserConfigChoice,
): Promise<{ user: LoadedUserConfig; issues: ConfigIssue[] }> {
  if (options.userConfig !== undefined) return { user: { config: options.userConfig }, issues: [] };
  try {
    return { user: await loadUserConfig(options.userConfigPath, options.env ?? process.env), issues: [] };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { user: { config: {} }, issues: [...e.issues] };
  }
}
