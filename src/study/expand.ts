import * as crypto from 'node:crypto';
import { type LoadedStudy, type LoadStudyOptions, loadStudy, resolveStudy } from '../config/load.js';
import { type ExperimentConfig, experimentSchema } from '../config/schema.js';
import { canonicalJson } from '../core/hash.js';
import { studySlug } from './slug.js';
import type { ExpandedStudy, StudyExperiment } from './types.js';

/**
 * A study expanded into its unique experiments (SPEC §2.2): loaded and validated (every point
 * with the experiment schema and rules), dormant-normalised duplicates collapsed into one
 * experiment whose `equivalents` list the others, and hashed.
 *
 * - `config_hash` = `experimentHash(config)`: SHA-256 of the canonical JSON of the resolved
 *   config without `results_dir` (where results go is not part of what is measured).
 * - `study_hash` = SHA-256 of the canonical JSON of the list of those configs, in expansion order
 *   (sweep points in canonical axis order, then explicit entries). Canonical JSON sorts keys, and
 *   the sweep's axis order does not depend on the file's key order, so both hashes are stable
 *   across runs, machines and key reordering; the execution block is not part of them.
 */

/** Options for `expandStudy`: those of `loadStudy` (CLI overrides, environment, execution defaults). */
export type ExpandStudyOptions = LoadStudyOptions;

/** Loads a study file (a path) or object, validates every point, and returns the unique experiments with hashes. */
export async function expandStudy(
  input: string | object,
  options: ExpandStudyOptions = {},
): Promise<ExpandedStudy> {
  const loaded =
    typeof input === 'string' ? await loadStudy(input, options) : await resolveStudy(input, options);
  return expandLoadedStudy(loaded);
}

/** Deduplicates and hashes an already loaded study (pure apart from hashing). */
export function expandLoadedStudy(loaded: LoadedStudy): ExpandedStudy {
  const hasher = new ExperimentHasher();
  const byHash = new Map<string, StudyExperiment>();
  const experiments: StudyExperiment[] = [];
  const list = crypto.createHash('sha256').update('[');
  for (const point of loaded.points) {
    const { canonical, hash } = hasher.hash(point.config);
    const same = byHash.get(hash);
    if (same !== undefined) {
      same.equivalents.push(point.factors);
      continue;
    }
    if (experiments.length > 0) list.update(',');
    list.update(canonical, 'utf8');
    const experiment: StudyExperiment = {
      index: experiments.length + 1,
      config: point.config,
      config_hash: hash,
      slug: studySlug(point.config, point.factors),
      factors: point.factors,
      equivalents: [],
      warnings: point.warnings,
    };
    byHash.set(hash, experiment);
    experiments.push(experiment);
  }
  const study: ExpandedStudy = {
    name: loaded.name,
    study_hash: list.update(']').digest('hex'),
    experiments,
    skipped: loaded.skipped.map((s) => ({ factors: s.factors, reasons: s.reasons })),
    execution: loaded.execution,
    input_text: loaded.inputText,
    warnings: loaded.warnings,
  };
  if (loaded.file !== undefined) study.file = loaded.file;
  if (loaded.base !== undefined) study.base = loaded.base;
  return study;
}

// One-shot hashing (Node ≥ 20.12) is several times faster than a Hash object per config.
const sha256 =
  typeof crypto.hash === 'function'
    ? (text: string) => crypto.hash('sha256', text, 'hex')
    : (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** Member prefixes (`"key":`) of the experiment fields, in canonical (sorted) order. */
const MEMBERS = Object.keys(experimentSchema.shape)
  .filter((k) => k !== 'results_dir')
  .sort()
  .map((key) => ({ key, prefix: `${JSON.stringify(key)}:` }));
const FIELDS = new Set(Object.keys(experimentSchema.shape));

/**
 * `experimentHash` for many configs that share sections by reference (as expanded points do):
 * the canonical JSON of a config is its sorted top-level members, each the canonical JSON of a
 * section, so a shared section is serialised once. The hash is the same SHA-256 of the same text.
 */
export class ExperimentHasher {
  private readonly memo = new WeakMap<object, string>();

  /** The canonical JSON of `config` without `results_dir`, and its SHA-256 (= `experimentHash(config)`). */
  hash(config: ExperimentConfig): { canonical: string; hash: string } {
    const canonical = this.canonical(config);
    return { canonical, hash: sha256(canonical) };
  }

  /** `canonicalJson(config without results_dir)`, with sections serialised once per object. */
  canonical(config: ExperimentConfig): string {
    const record = config as unknown as Record<string, unknown>;
    for (const key in record) {
      if (!FIELDS.has(key)) {
        const { results_dir: _ignored, ...rest } = config;
        return canonicalJson(rest);
      }
    }
    let out = '{';
    for (const { key, prefix } of MEMBERS) {
      const value = record[key];
      if (value === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${prefix}${this.section(value)}`;
    }
    return `${out}}`;
  }

  private section(value: unknown): string {
    if (typeof value !== 'object' || value === null) return canonicalJson(value);
    let text = this.memo.get(value);
    if (text === undefined) {
      text = canonicalJson(value);
      this.memo.set(value, text);
    }
    return text;
  }
}
