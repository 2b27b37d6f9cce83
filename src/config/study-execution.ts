import { z } from 'zod';
import type { ConfigIssue } from '../core/errors.js';
import type { LlemWarning } from '../core/warning.js';
import { configIssuesFromZod } from './issues.js';
import { deepMerge, isPlainObject } from './layers.js';
import { COMMAND_LINE } from './overrides.js';
import {
  type ExecutionInput,
  executionSchema,
  type ResolvedExecution,
  withExecutionDefaults,
} from './study-schema.js';
import type { DocumentLocator } from './sweep.js';
import type { UserConfig } from './user-config.js';

/** A study's `execution:` block resolved through its layers: CLI > file > user config gaps > caller defaults > built-ins. */

/** The layers of the execution block. */
export interface ExecutionSources {
  /** `execution:` as written in the study file (validated here). */
  file: unknown;
  /** The user config (its `gaps` fill `experiment_gap_s` and `cycle_gap_s`). */
  user: UserConfig;
  /** The caller's defaults (the CLI's `n_cycles: 3`). */
  defaults?: ExecutionInput | undefined;
  /** Values that win over the file (CLI flags). */
  overrides?: ExecutionInput | undefined;
  /** Positions in the study document. */
  locate: DocumentLocator;
}

/** The resolved block (when valid), its problems and notes. */
export interface ExecutionResolution {
  value?: ResolvedExecution;
  issues: ConfigIssue[];
  warnings: LlemWarning[];
}

const root = z.strictObject({ execution: executionSchema });

function check(value: unknown, locate: DocumentLocator | undefined): ConfigIssue[] {
  const parsed = executionSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return [];
  const zodIssues = parsed.error.issues.map((i) => ({ ...i, path: ['execution', ...i.path] }));
  return configIssuesFromZod(zodIssues, {
    schema: root,
    input: { execution: value },
    locate: (p, t) => (locate === undefined ? { file: COMMAND_LINE } : (locate(p, t) ?? {})),
  });
}

/** Validates and layers the execution block; every problem is an issue, located in the file or on the command line. */
export function resolveExecution(src: ExecutionSources): ExecutionResolution {
  const issues: ConfigIssue[] = [];
  const file = src.file ?? {};
  if (!isPlainObject(file)) {
    const at = src.locate(['execution'], 'key') ?? {};
    issues.push({
      code: 'invalid_type',
      path: ['execution'],
      message: 'expected a mapping of execution settings (n_cycles, order, gaps…)',
      ...at,
    });
    return { issues, warnings: [] };
  }
  issues.push(...check(file, src.locate));
  issues.push(...check(src.defaults ?? {}, undefined), ...check(src.overrides ?? {}, undefined));
  if (issues.length > 0) return { issues, warnings: [] };
  const gaps = src.user.gaps ?? {};
  let merged: unknown = src.defaults ?? {};
  for (const layer of [gaps, file, src.overrides ?? {}]) merged = deepMerge(merged, layer);
  const value = withExecutionDefaults(executionSchema.parse(merged));
  const warnings: LlemWarning[] = [];
  if (value.slurm !== null && value.executor !== 'slurm') {
    warnings.push({
      code: 'EXECUTION_SLURM_IGNORED',
      message: 'execution.slurm is ignored with executor: local — set execution.executor: slurm to use it',
    });
  }
  return { value, issues, warnings };
}
