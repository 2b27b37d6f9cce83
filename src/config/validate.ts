import type { z } from 'zod';
import type { ConfigIssue } from '../core/errors.js';
import type { LlemWarning } from '../core/warning.js';
import type { FieldPath } from './fields.js';
import { configIssuesFromZod } from './issues.js';
import { deepMerge, deletePath, getPath, type Layer, locateInLayers, setPath } from './layers.js';
import { checkRules } from './rules/index.js';
import { type ExperimentConfig, experimentSchema } from './schema.js';

/**
 * Validates merged layers against the schema and the cross-field rules, collecting every issue.
 * When the schema rejects the input, the offending values are removed and the rest is checked
 * again, so rule violations elsewhere are reported in the same pass; a rule that reads a removed
 * value is skipped, since it would judge a default the user never chose.
 */

/** The outcome of validation: the config when valid, every issue, and the warnings. */
export interface Validation {
  /** The normalised config; undefined when there are issues. */
  config?: ExperimentConfig;
  /** Schema and rule issues, located through the layers. */
  issues: ConfigIssue[];
  /** Rule warnings and dormant normalisations. */
  warnings: LlemWarning[];
}

/** Merges `layers` (lowest precedence first) and validates the result. */
export function validateLayers(layers: readonly Layer[]): Validation {
  let merged: unknown = {};
  for (const layer of layers) merged = deepMerge(merged, layer.data);
  const locate = (path: FieldPath, target: 'key' | 'value') => locateInLayers(layers, path, target);
  const ruleLocate = (path: FieldPath) => locate(path, 'key');
  const parsed = experimentSchema.safeParse(merged, { reportInput: true });
  if (parsed.success) {
    const rules = checkRules(parsed.data, { locate: ruleLocate });
    return rules.issues.length > 0 ? { issues: rules.issues, warnings: rules.warnings } : rules;
  }
  const issues = configIssuesFromZod(parsed.error.issues, {
    schema: experimentSchema,
    input: merged,
    locate,
  });
  const repaired = repair(merged, parsed.error.issues);
  if (repaired !== undefined) {
    const rules = checkRules(repaired.config, { locate: ruleLocate, ignorePaths: repaired.removed });
    issues.push(...rules.issues);
  }
  return { issues, warnings: [] };
}

function repair(
  input: unknown,
  zodIssues: readonly z.core.$ZodIssue[],
): { config: ExperimentConfig; removed: FieldPath[] } | undefined {
  const copy = structuredClone(input) as Record<string, unknown>;
  const removed: FieldPath[] = [];
  for (const issue of zodIssues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const targets = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k]) : [path];
    for (const target of targets) {
      removed.push(target);
      deletePath(copy, target);
      // A required string (the model) gets a stand-in so the rest can be checked.
      if (
        issue.code === 'invalid_type' &&
        issue.expected === 'string' &&
        target.every((s) => typeof s === 'string') &&
        getPath(copy, target) === undefined
      ) {
        setPath(copy, target.map(String), '?');
      }
    }
  }
  const again = experimentSchema.safeParse(copy);
  return again.success ? { config: again.data, removed } : undefined;
}
