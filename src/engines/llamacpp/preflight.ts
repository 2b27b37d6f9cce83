// Preflight for the llamacpp engine: everything that can be checked without loading, generating
// or downloading, so a wrong model path is a config error (exit 2, nothing written) found before
// the baseline, instead of a failed run after it.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ExperimentConfig } from '../../config/schema.js';
import { type ConfigIssue, isLlemError } from '../../core/errors.js';
import { validateGguf } from '../../models/gguf-validate.js';
import { hfCachePath, parseHfModel } from '../../models/hf-download.js';
import { parseBuiltinModel, resolveModel } from '../../models/resolve.js';
import type { EngineContext } from '../engine.js';
import { planLoad } from './options.js';

const MODEL = ['model'];

const text = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The GGUF file `config.model` names, when it is known before loading: a local path (it must
 * exist) or an `hf:` file already in the cache. Undefined for `builtin:` models (generated at
 * load) and `hf:` files not yet downloaded. Throws an issue for a malformed reference or a
 * missing local file.
 */
async function modelFile(config: ExperimentConfig, ctx: EngineContext): Promise<string | undefined> {
  const model = config.model;
  try {
    if (parseBuiltinModel(model) !== undefined) return undefined;
    if (model.startsWith('hf:')) {
      const path = hfCachePath(resolve(ctx.cacheDir), parseHfModel(model));
      return (await isFile(path)) ? path : undefined;
    }
  } catch (error) {
    throw issue('invalid_value', text(error));
  }
  try {
    return (await resolveModel(model, { cacheDir: ctx.cacheDir, baseDir: ctx.baseDir })).path;
  } catch (error) {
    const path = isLlemError(error) ? String(error.details.path ?? model) : model;
    throw issue(
      'file_not_found',
      `model file not found: ${path}`,
      `check the path (a relative path is resolved against ${ctx.baseDir}), write hf:<org>/<repo>/<file>.gguf to download a model, or use builtin:tiny`,
    );
  }
}

function issue(code: string, message: string, suggestion?: string, path = MODEL): ConfigIssue {
  return { code, path, message, ...(suggestion ? { suggestion } : {}) };
}

const isIssue = (x: unknown): x is ConfigIssue =>
  typeof x === 'object' && x !== null && 'code' in x && 'path' in x && !(x instanceof Error);

/**
 * Checks a llamacpp config before anything is measured: the model reference is well formed, a
 * local model file exists and its GGUF header parses and passes llem's checks (header only, so
 * this is cheap for large files), and the engine settings map onto node-llama-cpp. Returns every
 * problem found; nothing is loaded, generated or downloaded.
 */
export async function preflightLlamaCpp(
  config: ExperimentConfig,
  ctx: EngineContext,
): Promise<ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  try {
    const path = await modelFile(config, ctx);
    if (path !== undefined) {
      try {
        await validateGguf(path);
      } catch (error) {
        // validateGguf's message names the file, the problems and a fix.
        const again = config.model.startsWith('hf:') ? `delete ${path} to download it again` : undefined;
        issues.push(issue('model_invalid', text(error), again));
      }
    }
  } catch (error) {
    if (!isIssue(error)) throw error;
    issues.push(error);
  }
  try {
    planLoad(config);
  } catch (error) {
    const field = isLlemError(error) ? error.details.field : undefined;
    const path = typeof field === 'string' ? field.split('.') : ['llamacpp'];
    issues.push(issue('unsupported', text(error), undefined, path));
  }
  return issues;
}
