import type { UserConfig } from './user-config.js';

/** Options for `loadConfig` and `resolveConfig`; precedence is `--set` > flags > file > environment > user config > default. */
export interface LoadConfigOptions {
  /** `--set key.path=value` arguments; values are YAML scalars or flow collections. */
  overrides?: string[];
  /** CLI flag values by dotted field path (`dataset.n_prompts` for `-n`). */
  flags?: Record<string, unknown>;
  /** Flag spellings by dotted path, for messages (`{ 'dataset.n_prompts': '-n' }`); default `--<path>`. */
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
