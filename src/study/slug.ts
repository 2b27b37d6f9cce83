import { isPlainObject } from '../config/layers.js';
import type { ExperimentConfig } from '../config/schema.js';
import { flatten } from '../config/study-points.js';

/**
 * A short readable name for a study experiment's run folder, from its model and the factors
 * that distinguish it: `tiny-seq4-kct-q8_0-thr2`. Field names are abbreviated (one word: its
 * first three letters; several: their initials), so the name survives the store's 40-character
 * folder-name limit. Uniqueness is not needed: the folder also carries the index and config hash.
 */

const abbreviations = new Map<string, string>();

/** `sequences` → `seq`, `kv_cache_type` → `kct`, `flash_attention` → `fa`. */
export function abbreviate(field: string): string {
  let abbr = abbreviations.get(field);
  if (abbr === undefined) {
    const words = field.split(/[_-]/).filter((w) => w !== '');
    abbr = words.length <= 1 ? field.slice(0, 3) : words.map((w) => w[0]).join('');
    abbreviations.set(field, abbr);
  }
  return abbr;
}

const stems = new Map<string, string>();

function modelStem(model: string): string {
  let stem = stems.get(model);
  if (stem === undefined) {
    stem = (
      model
        .replace(/^(builtin|hf):/, '')
        .split('/')
        .pop() ?? model
    ).replace(/\.gguf$/i, '');
    if (stems.size > 1000) stems.clear();
    stems.set(model, stem);
  }
  return stem;
}

/** Appends the slug parts of one factor to `out`. */
function addParts(out: string[], key: string, value: unknown): void {
  if (key === 'engine') out.push(String(value));
  else if (key === 'model') out.push(modelStem(String(value)));
  else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(flatten(value, key.split('.')))) addParts(out, k, v);
  } else {
    const abbr = abbreviate(key.slice(key.lastIndexOf('.') + 1));
    if (typeof value === 'boolean') out.push(value ? abbr : `no-${abbr}`);
    else if (typeof value === 'number') out.push(`${abbr}${value}`);
    else if (Array.isArray(value)) out.push(`${abbr}-${value.join('+')}`);
    else out.push(`${abbr}-${String(value)}`);
  }
}

/** The slug of a study experiment: its `name` when set, else the model's stem and its factors. */
export function studySlug(config: ExperimentConfig, factors: Record<string, unknown>): string {
  if (config.name) return config.name;
  const parts = [modelStem(config.model)];
  for (const key in factors) {
    const value = factors[key];
    if (key === 'model') parts[0] = modelStem(String(value));
    else addParts(parts, key, value);
  }
  return parts.join('-');
}
