import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { type ParsedDocument, parseConfigText } from './document.js';
import { type FieldPath, fieldInfo, objectShape, type Schema } from './fields.js';
import { configIssuesFromZod, sortIssues } from './issues.js';
import { isPlainObject, type Layer } from './layers.js';
import { carbonSchema, energySchema } from './schema.js';

/** User defaults in `$XDG_CONFIG_HOME/llem/config.yaml`: below the experiment file, above built-ins. */

type Loose<T> = { [K in keyof T]?: T[K] };

/** The same strict object with every field optional and no defaults (so only what was written is kept). */
function withoutDefaults<S extends Schema>(schema: S): z.ZodType<Loose<NonNullable<z.input<S>>>> {
  const shape: Record<string, Schema> = {};
  for (const [key, field] of Object.entries(objectShape(schema) ?? {})) {
    const info = fieldInfo(field);
    const base = info.nullable ? info.inner.nullable() : info.inner;
    const optional = base.optional();
    shape[key] = info.description === undefined ? optional : optional.describe(info.description);
  }
  return z.strictObject(shape) as unknown as z.ZodType<Loose<NonNullable<z.input<S>>>>;
}

/** Progress display modes. */
export const PROGRESS_MODES = ['auto', 'live', 'plain', 'quiet'] as const;

/** The user config file's schema (strict: unknown keys are errors naming that file). */
export const userConfigSchema = z
  .strictObject({
    results_dir: z.string().min(1).optional().describe('Default results folder (default ./results)'),
    energy: withoutDefaults(energySchema).optional().describe('Defaults for measurement.energy'),
    carbon: withoutDefaults(carbonSchema).optional().describe('Defaults for carbon'),
    progress: z
      .enum(PROGRESS_MODES)
      .optional()
      .describe('Progress display: auto (live on a terminal), live, plain, quiet'),
    gaps: z
      .strictObject({
        experiment_gap_s: z.number().min(0).optional().describe('Default pause between experiments, seconds'),
        cycle_gap_s: z.number().min(0).optional().describe('Default pause between cycles, seconds'),
      })
      .optional()
      .describe('Default gaps for studies'),
    python: z
      .partialRecord(z.enum(['transformers', 'vllm', 'tensorrt']), z.string().min(1))
      .optional()
      .describe('Python interpreter per engine (engines that need separate environments)'),
  })
  .describe('llem user defaults');

/** The user config as written (no defaults filled in). */
export type UserConfig = z.output<typeof userConfigSchema>;

/** The default user config path: `$XDG_CONFIG_HOME/llem/config.yaml`, else `~/.config/llem/config.yaml`. */
export function defaultUserConfigPath(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME ?? homedir(), '.config');
  return join(base, 'llem', 'config.yaml');
}

/** A loaded user config with its file and parsed document (for locating values), when one exists. */
export interface LoadedUserConfig {
  /** The validated user config; `{}` when there is no file. */
  config: UserConfig;
  /** The file it came from. */
  file?: string;
  /** The parsed document, for positions. */
  document?: ParsedDocument;
}

/**
 * Loads the user config. `path` undefined = the default location (absent is fine); null = none;
 * a string = that file (absent is an error). Invalid content throws a ConfigError naming the file.
 */
export async function loadUserConfig(
  path?: string | null,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<LoadedUserConfig> {
  if (path === null) return { config: {} };
  const file = path ?? defaultUserConfigPath(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && path === undefined) return { config: {} };
    throw new ConfigError([
      {
        code: code === 'ENOENT' ? 'file_not_found' : 'file_unreadable',
        path: [],
        message: `cannot read the user config: ${(e as Error).message}`,
        file,
      },
    ]);
  }
  const document = parseConfigText(text, file);
  const data = document.data ?? {};
  const result = userConfigSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const locate = (p: FieldPath, target: 'key' | 'value') => document.locate(p, target) ?? { file };
    const issues = configIssuesFromZod(result.error.issues, {
      schema: userConfigSchema,
      input: data,
      locate,
    });
    throw new ConfigError(sortIssues(issues));
  }
  return { config: result.data, file, document };
}

/** The user config as a layer in the experiment's shape (`energy` → `measurement.energy`). */
export function userLayer(loaded: LoadedUserConfig): Layer {
  const { config, document, file } = loaded;
  const data: Record<string, unknown> = {};
  if (config.results_dir !== undefined) data.results_dir = config.results_dir;
  if (isPlainObject(config.energy)) data.measurement = { energy: config.energy };
  if (isPlainObject(config.carbon)) data.carbon = config.carbon;
  const toUserPath = (p: FieldPath): FieldPath =>
    p[0] === 'measurement' && p[1] === 'energy' ? p.slice(1) : p;
  return {
    kind: 'user',
    data,
    locate: (p, target) =>
      document?.locate(toUserPath(p), target) ?? (file === undefined ? undefined : { file }),
  };
}
