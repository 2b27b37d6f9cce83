// The one rule for where results go, shared by single runs and studies (README "Where results go").
import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_RESULTS_DIR } from './layout.js';

/** Inputs of `resultsRoot`. */
export interface ResultsRootInput {
  /** An explicit folder (`-o/--output`, `resultsDir` option): relative to `cwd`. */
  option?: string | undefined;
  /** `results_dir` of the effective config, when set. */
  configValue?: string | undefined;
  /** True when `configValue` was written in the config file (then relative to `fileDir`). */
  fromFile: boolean;
  /** The config file's folder. */
  fileDir: string;
  /** The working directory. */
  cwd: string;
}

/**
 * The results root, absolute: `--output` (relative to the working directory) > `results_dir`
 * written in the config or study file (relative to that file's folder) > `results_dir` from the
 * user config, `--set` or the library (relative to the working directory) > `./results` in the
 * working directory. The same for `llem run <experiment>` and `llem run <study>`, so
 * `llem status results/<study>-<hash8>` works from the folder the study was started in.
 */
export function resultsRoot(o: ResultsRootInput): string {
  if (o.option !== undefined) return resolve(o.cwd, o.option);
  if (o.configValue !== undefined) {
    if (isAbsolute(o.configValue)) return o.configValue;
    return resolve(o.fromFile ? o.fileDir : o.cwd, o.configValue);
  }
  return resolve(o.cwd, DEFAULT_RESULTS_DIR);
}
