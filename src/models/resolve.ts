/**
 * Turns a config's `model` string into a GGUF file on disk: `builtin:<size>[@type]` is generated
 * once into the cache, `hf:<org>/<repo>/<file>.gguf` is downloaded once into the cache, anything
 * else is a path resolved against the config's folder.
 */
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { LlemError } from '../core/errors.js';
import { findGgufProblems } from './gguf-checks.js';
import { readGgufHeader } from './gguf-reader.js';
import { downloadGguf, hfCachePath, hfFileUrl, parseHfModel } from './hf-download.js';
import {
  defaultTinyWeightType,
  TINY_GENERATOR_VERSION,
  TINY_SIZES,
  type TinySize,
  type TinyWeightType,
  writeTinyModel,
} from './tiny.js';

/** Options of `resolveModel`. */
export interface ResolveModelOptions {
  /** Cache root; generated and downloaded models go to `<cacheDir>/models/`. */
  cacheDir: string;
  /** Folder relative model paths are resolved against (the config file's folder). */
  baseDir: string;
  /** Stops generation or download. */
  signal?: AbortSignal | undefined;
  /** `fetch` used for downloads [global `fetch`]. */
  fetchImpl?: typeof fetch | undefined;
  /** Environment for `HF_ENDPOINT` and `HF_TOKEN` [`process.env`]. */
  env?: Record<string, string | undefined> | undefined;
}

/** A model file ready to load, and how it got there. */
export interface ResolvedModel {
  /** Absolute path of the GGUF file. */
  path: string;
  /** True when this call generated the builtin model (false when reused from the cache). */
  generated: boolean;
  /** True when this call downloaded the file (false when reused from the cache). */
  downloaded: boolean;
}

const SIZES = Object.keys(TINY_SIZES) as TinySize[];
const TYPES: readonly TinyWeightType[] = ['f32', 'f16', 'q8_0', 'q4_0'];

/** Parses `builtin:<size>[@<type>]`; undefined when `model` is not a builtin reference. */
export function parseBuiltinModel(model: string): { size: TinySize; type: TinyWeightType } | undefined {
  if (!model.startsWith('builtin:')) return undefined;
  const [size, type, ...rest] = model.slice('builtin:'.length).split('@');
  const okSize = SIZES.includes(size as TinySize);
  const okType = type === undefined || TYPES.includes(type as TinyWeightType);
  if (!okSize || !okType || rest.length > 0) {
    throw new LlemError(
      'ERR_MODEL_INVALID',
      `unknown builtin model "${model}"; use builtin:<${SIZES.join('|')}> with an optional @<${TYPES.join('|')}>, e.g. builtin:tiny or builtin:small@q4_0`,
      { details: { model } },
    );
  }
  const s = size as TinySize;
  return { size: s, type: (type as TinyWeightType | undefined) ?? defaultTinyWeightType(s) };
}

/** The cache path of a builtin model (the generator version is in the name, so a new generator never reuses old files). */
export function builtinModelPath(cacheDir: string, size: TinySize, type: TinyWeightType): string {
  return join(cacheDir, 'models', `llem-tiny-${size}-${type}-v${TINY_GENERATOR_VERSION}.gguf`);
}

/** llem's cache folder: `LLEM_CACHE_DIR`, else `$XDG_CACHE_HOME/llem`, else `~/.cache/llem`. */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  if (env.LLEM_CACHE_DIR) return resolve(env.LLEM_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'llem');
  return join(homedir(), '.cache', 'llem');
}

/** True when `path` is a regular file whose GGUF header passes every check. */
async function isSoundGguf(path: string): Promise<boolean> {
  try {
    return findGgufProblems(await readGgufHeader(path)).length === 0;
  } catch {
    return false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Generations in flight in this process, by path: concurrent callers share one. */
const inFlight = new Map<string, Promise<unknown>>();

async function once<T>(key: string, work: () => Promise<T>): Promise<T> {
  const running = inFlight.get(key);
  if (running !== undefined) {
    await running.catch(() => undefined);
    return (await work()) as T;
  }
  const p = work();
  inFlight.set(key, p);
  try {
    return await p;
  } finally {
    inFlight.delete(key);
  }
}

async function resolveBuiltin(
  model: { size: TinySize; type: TinyWeightType },
  o: ResolveModelOptions,
): Promise<ResolvedModel> {
  const path = builtinModelPath(resolve(o.cacheDir), model.size, model.type);
  return once(path, async () => {
    if (await isSoundGguf(path)) return { path, generated: false, downloaded: false };
    await writeTinyModel({ out: path, size: model.size, type: model.type, signal: o.signal });
    return { path, generated: true, downloaded: false };
  });
}

async function resolveHf(model: string, o: ResolveModelOptions): Promise<ResolvedModel> {
  const ref = parseHfModel(model);
  const env = o.env ?? process.env;
  const endpoint = (env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
  const path = hfCachePath(resolve(o.cacheDir), ref);
  return once(path, async () => {
    if (await isFile(path)) return { path, generated: false, downloaded: false };
    await downloadGguf(hfFileUrl(ref, endpoint), path, {
      fetchImpl: o.fetchImpl ?? fetch,
      token: env.HF_TOKEN,
      signal: o.signal,
    });
    return { path, generated: false, downloaded: true };
  });
}

/** Resolves `model` (`builtin:…`, `hf:…` or a path) to a GGUF file, generating or downloading it into the cache once. */
export async function resolveModel(model: string, o: ResolveModelOptions): Promise<ResolvedModel> {
  const builtin = parseBuiltinModel(model);
  if (builtin !== undefined) return resolveBuiltin(builtin, o);
  if (model.startsWith('hf:')) return resolveHf(model, o);
  const expanded = model === '~' || model.startsWith('~/') ? join(homedir(), model.slice(1)) : model;
  const path = isAbsolute(expanded) ? expanded : resolve(o.baseDir, expanded);
  if (!(await isFile(path))) {
    throw new LlemError(
      'ERR_MODEL_INVALID',
      `model file not found: ${path} (from "${model}"${isAbsolute(expanded) ? '' : `, relative to ${o.baseDir}`}); check the path, write hf:<org>/<repo>/<file>.gguf to download a model, or use builtin:tiny for the generated test model`,
      { details: { model, path } },
    );
  }
  return { path, generated: false, downloaded: false };
}
