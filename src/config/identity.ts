// The identity of what is measured (SPEC §2.2): config and study hashes, and the readable names
// (slugs, model stems) that sit beside them in folder names. Every producer of a hash or a slug
// asks this module, so a single run, a study and a resumed study name the same config the same
// way. (Here rather than in `core`: hashing many configs needs `node:crypto` and the schema's
// field list; `core` takes neither.)
import * as crypto from 'node:crypto';
import { canonicalJson } from '../core/hash.js';
import { isPlainObject } from './layers.js';
import { type ExperimentConfig, experimentSchema } from './schema.js';
import { flatten } from './study-points.js';

// One-shot hashing (Node ≥ 20.12) is several times faster than a Hash object per config.
const sha256 =
  typeof crypto.hash === 'function'
    ? (text: string) => crypto.hash('sha256', text, 'hex')
    : (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * `config_hash`: SHA-256 of the canonical JSON of the resolved config without `results_dir`
 * (where results go is not part of what is measured). Stable across runs, machines and key order.
 */
export function experimentHash(config: ExperimentConfig): string {
  return sha256(experimentCanonical(config));
}

/** The text `experimentHash` hashes: `canonicalJson` of the config without `results_dir`. */
export function experimentCanonical(config: ExperimentConfig): string {
  const { results_dir: _ignored, ...rest } = config;
  return canonicalJson(rest);
}

/** Incremental `study_hash`: SHA-256 of the canonical JSON list of the unique experiments' canonical texts, in order. */
export class StudyHasher {
  private readonly hash = crypto.createHash('sha256').update('[');
  private count = 0;

  /** Adds the next experiment's canonical text (from `experimentCanonical` or `ExperimentHasher`). */
  add(canonical: string): void {
    if (this.count++ > 0) this.hash.update(',');
    this.hash.update(canonical, 'utf8');
  }

  /** The study hash, 64 hex digits; call once. */
  digest(): string {
    return this.hash.update(']').digest('hex');
  }
}

/** `study_hash` of a list of configs (as `expandStudy` computes it: `results_dir` left out). */
export function studyHash(configs: readonly ExperimentConfig[]): string {
  const h = new StudyHasher();
  for (const c of configs) h.add(experimentCanonical(c));
  return h.digest();
}

/**
 * The study hash of a lone experiment run outside a study: the canonical JSON of a one-item list
 * holding the config as JSON, `results_dir` included. (It differs from `studyHash([config])` in
 * that one field; kept so that existing single-run folders keep their names.)
 */
export function loneStudyHash(config: ExperimentConfig): string {
  return sha256(canonicalJson([JSON.parse(JSON.stringify(config))]));
}

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

  /** `experimentCanonical(config)`, with sections serialised once per object. */
  canonical(config: ExperimentConfig): string {
    const record = config as unknown as Record<string, unknown>;
    for (const key in record) {
      if (!FIELDS.has(key)) return experimentCanonical(config);
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

const stems = new Map<string, string>();

/** The model's file stem: `hf:org/repo/x.Q4.gguf` → `x.Q4`, `builtin:tiny` → `tiny`. */
export function modelStem(model: string): string {
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

/** A lone experiment's readable name: its `name`, else the model's stem and the engine. */
export function experimentSlug(config: ExperimentConfig): string {
  return config.name ? config.name : `${modelStem(config.model)}-${config.engine}`;
}

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

function part(key: string, value: unknown): string[] {
  if (key === 'engine') return [String(value)];
  if (key === 'model') return [modelStem(String(value))];
  if (isPlainObject(value)) {
    return Object.entries(flatten(value, key.split('.'))).flatMap(([k, v]) => part(k, v));
  }
  const abbr = abbreviate(key.slice(key.lastIndexOf('.') + 1));
  if (typeof value === 'boolean') return [value ? abbr : `no-${abbr}`];
  if (typeof value === 'number') return [`${abbr}${value}`];
  if (Array.isArray(value)) return [`${abbr}-${value.join('+')}`];
  return [`${abbr}-${String(value)}`];
}

/**
 * A short readable name for a study experiment's run folder: its `name` when set, else the
 * model's stem and the factors that distinguish it (`tiny-seq4-kct-q8_0-thr2`). Field names are
 * abbreviated (one word: its first three letters; several: their initials), so the name survives
 * the store's 40-character folder-name limit. Uniqueness is not needed: the folder also carries
 * the index and config hash.
 */
export function studySlug(config: ExperimentConfig, factors: Record<string, unknown>): string {
  if (config.name) return config.name;
  const parts = [modelStem(config.model)];
  for (const [key, value] of Object.entries(factors)) {
    if (key === 'model') parts[0] = modelStem(String(value));
    else parts.push(...part(key, value));
  }
  return parts.join('-');
}
