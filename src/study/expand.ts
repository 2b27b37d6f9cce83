import { ExperimentHasher, studySlug } from '../config/identity.js';
import { type LoadedStudy, type LoadStudyOptions, loadStudy, resolveStudy } from '../config/load.js';
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
  for (const point of loaded.points) {
    const hash = hasher.hash(point.config);
    const same = byHash.get(hash);
    if (same !== undefined) {
      same.equivalents.push(point.factors);
      continue;
    }
    hasher.addToList();
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
    study_hash: hasher.listHash(),
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
