import { basename, extname, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { withOrigin } from './issues.js';
import { isPlainObject, type Layer } from './layers.js';
import { readConfigSource, withoutExtensionKeys } from './source-file.js';

/** The parts of a study file besides its sweep: its name, its `base:` file, its explicit entries. */

/** Keys of a study file that are not shared experiment fields. */
export const STUDY_ONLY = ['sweep', 'experiments', 'base', 'execution', 'name'] as const;

/** The study's name: `name:` when a non-empty string, else the file's stem, else `study`. */
export function studyName(
  value: unknown,
  abs: string | undefined,
  at: (p: (string | number)[], t?: 'key' | 'value') => object,
  issues: ConfigIssue[],
): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (value !== undefined) {
    const base = {
      code: 'invalid_type',
      path: ['name'],
      message: 'the study name must be a non-empty string',
    };
    issues.push(withOrigin(base, at(['name'], 'value')));
  }
  return abs === undefined ? 'study' : basename(abs, extname(abs));
}

/** Reads `base:` (relative to the study's folder) as a layer of shared fields; problems go to `issues`. */
export async function readBase(
  value: unknown,
  baseDir: string,
  cwd: string,
  at: (p: (string | number)[], t?: 'key' | 'value') => { file?: string; line?: number; column?: number },
  issues: ConfigIssue[],
): Promise<{ layer: Layer; abs: string; text: string } | undefined> {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    const base = {
      code: 'invalid_type',
      path: ['base'],
      message: 'base: takes the path of an experiment file (relative to the study file)',
      suggestion: 'e.g. base: common.yaml',
    };
    issues.push(withOrigin(base, at(['base'], 'value')));
    return undefined;
  }
  const named = at(['base'], 'value');
  try {
    const source = await readConfigSource(resolve(baseDir, value), cwd, [], {
      path: ['base'],
      at:
        named.file === undefined
          ? undefined
          : { file: named.file, line: named.line ?? 1, column: named.column ?? 1 },
    });
    const raw = source.document.data ?? {};
    const locate = (p: (string | number)[], t: 'key' | 'value') => source.document.locate(p, t);
    if (!isPlainObject(raw)) {
      issues.push({
        code: 'invalid_type',
        path: [],
        message: 'a base file holds a mapping of experiment fields',
        file: source.shown,
        line: 1,
        column: 1,
      });
      return undefined;
    }
    const data = withoutExtensionKeys(raw);
    // A base file's `name` names that experiment, not each experiment of the study.
    delete data.name;
    for (const key of STUDY_ONLY.filter((k) => k !== 'name' && Object.hasOwn(data, k))) {
      const issue = {
        code: 'base_not_experiment',
        path: [key],
        message: `${key}: belongs in the study file, not in a base file`,
        suggestion: 'a base file holds shared experiment fields only',
      };
      issues.push(withOrigin(issue, locate([key], 'key') ?? { file: source.shown }));
      delete data[key];
    }
    return { layer: { kind: 'file', data, locate }, abs: source.abs, text: source.text };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    issues.push(...e.issues);
    return undefined;
  }
}

/** The `experiments:` entries that are mappings; anything else goes to `issues`. */
export function explicitEntries(
  top: Record<string, unknown>,
  at: (p: (string | number)[], t?: 'key' | 'value') => object,
  issues: ConfigIssue[],
): Record<string, unknown>[] {
  const list = top.experiments;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    const base = {
      code: 'invalid_type',
      path: ['experiments'],
      message: 'expected a list of experiments (each a mapping of fields)',
      suggestion: 'write each entry as "- field: value" lines',
    };
    issues.push(withOrigin(base, at(['experiments'])));
    return [];
  }
  const entries: Record<string, unknown>[] = [];
  list.forEach((entry, i) => {
    if (isPlainObject(entry)) entries.push(entry);
    else {
      const base = {
        code: 'invalid_type',
        path: ['experiments', i],
        message: 'an experiment entry must be a mapping of fields',
        suggestion: 'e.g. - llamacpp: {threads: 2}',
      };
      issues.push(withOrigin(base, at(['experiments', i])));
    }
  });
  return entries;
}
