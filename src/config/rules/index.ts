import { type ConfigIssue, formatPath } from '../../core/errors.js';
import type { LlemWarning } from '../../core/warning.js';
import { withOrigin } from '../issues.js';
import type { Origin } from '../layers.js';
import type { ExperimentConfig } from '../schema.js';
import { commonRules } from './common.js';
import { llamacppRules } from './llamacpp.js';
import { openaiRules } from './openai.js';
import type { Rule } from './rule.js';
import { tensorrtRules } from './tensorrt.js';
import { transformersRules } from './transformers.js';
import { vllmRules } from './vllm.js';

/** The rule types, re-exported for rule tables elsewhere (studies). */
export type { Rule, RuleSeverity } from './rule.js';

/** Every cross-field rule, common ones first, then each engine's table. */
export const RULES: readonly Rule[] = [
  ...commonRules,
  ...llamacppRules,
  ...transformersRules,
  ...vllmRules,
  ...tensorrtRules,
  ...openaiRules,
];

/** Where a rule's path was written, for issues (file position or command-line source). */
export type RuleLocator = (path: readonly (string | number)[]) => Origin;

/** The outcome of `checkRules`: error issues, warnings, and the config with dormant fields removed. */
export interface RuleResult {
  /** Violated `error` rules, located when a locator was given. */
  issues: ConfigIssue[];
  /** `warn` rules and the dormant normalisations applied. */
  warnings: LlemWarning[];
  /** The config after every dormant rule's normalisation. */
  config: ExperimentConfig;
}

/** Options for `checkRules`. */
export interface CheckRulesOptions {
  /** Locates a rule's path for its issue (default: issues without a position). */
  locate?: RuleLocator;
  /** The rule table (default `RULES`). */
  rules?: readonly Rule[];
  /** Paths whose values are stand-ins (defaults after a rejected value): rules that read them are skipped. */
  ignorePaths?: readonly (readonly (string | number)[])[];
}

/** Evaluates every rule against `config` (dormant rules normalise in table order); pure. */
export function checkRules(config: ExperimentConfig, options: CheckRulesOptions = {}): RuleResult {
  const ignored = (options.ignorePaths ?? []).map((p) => p.join('.'));
  const issues: ConfigIssue[] = [];
  const warnings: LlemWarning[] = [];
  let current = config;
  for (const rule of options.rules ?? RULES) {
    if (rule.engine !== undefined && rule.engine !== current.engine) continue;
    if (ignored.length === 0 ? !rule.when(current) : !whenTracked(rule, current, ignored)) continue;
    const message = typeof rule.message === 'function' ? rule.message(current) : rule.message;
    if (rule.severity === 'error') {
      const base = { code: rule.id, path: [...rule.path], message, suggestion: rule.fix };
      issues.push(withOrigin(base, options.locate?.(rule.path) ?? {}));
      continue;
    }
    warnings.push({
      code: rule.id.toUpperCase(),
      message: `${formatPath(rule.path)}: ${message} — ${rule.fix}`,
    });
    if (rule.severity === 'dormant' && rule.normalise !== undefined) current = rule.normalise(current);
  }
  return { issues, warnings, config: current };
}

/** Runs `rule.when` while recording the fields it reads; false when it read an ignored path. */
function whenTracked(rule: Rule, config: ExperimentConfig, ignored: readonly string[]): boolean {
  const read: string[] = [];
  const track = (value: unknown, path: string): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    return new Proxy(value, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return v;
        const p = path === '' ? key : `${path}.${key}`;
        read.push(p);
        return track(v, p);
      },
    });
  };
  const violated = rule.when(track(config, '') as ExperimentConfig);
  // Only the deepest reads count: reading `load` on the way to `load.mode` is not a use of `load`.
  const leaves = read.filter((r) => !read.some((o) => o.startsWith(`${r}.`)));
  return violated && !leaves.some((r) => ignored.some((i) => r === i || r.startsWith(`${i}.`)));
}
