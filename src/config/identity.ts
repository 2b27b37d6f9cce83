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

// One-shot hashing over bytes, for the hasher's reusable buffer.
const sha256Bytes =
  typeof crypto.hash === 'function'
    ? (bytes: Uint8Array) => crypto.hash('sha256', bytes, 'hex')
    : (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

/** A member of the experiment schema, in canonical (sorted) order, with its encoded texts memoised. */
interface Member {
  key: string;
  /** `"key":` followed by the canonical JSON of a section object, per object (sections are shared by reference). */
  sections: WeakMap<object, Buffer>;
  /** The same for scalar values. */
  scalars: Map<unknown, Buffer>;
}

const EXCLUDED = 'results_dir';
const FIELDS = new Set(Object.keys(experimentSchema.shape));
/** Scalars memoised per member before the memo is cleared (a unique `name` per entry must not grow it without bound). */
const SCALAR_MEMO = 4096;
const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const COMMA = 0x2c; // ,

/**
 * `experimentHash` for many configs that share sections by reference (as expanded points do),
 * and the study's list hash over the unique ones. The canonical JSON of a config is its sorted
 * top-level members, each the canonical JSON of a section, so each member is encoded to UTF-8
 * once per section object (or scalar) and the config's text is assembled as bytes in one
 * reusable buffer: no per-config string is built. A config's bytes stay in the buffer when
 * `addToList` takes them into the list, whose text (`[c1,c2,…]`) is hashed in large chunks.
 * The hashes are SHA-256 of exactly `canonicalJson` text (a property test holds them equal).
 */
export class ExperimentHasher {
  private readonly members: Member[] = Object.keys(experimentSchema.shape)
    .filter((k) => k !== EXCLUDED)
    .sort()
    .map((key) => ({ key, sections: new WeakMap(), scalars: new Map() }));
  private readonly list = crypto.createHash('sha256');
  private buffer = Buffer.allocUnsafe(1 << 20);
  /** Bytes of the list text in `buffer` not yet given to `list`. */
  private used = 0;
  /** The last hashed config's bytes: `buffer[start, end)`; a separator goes at `start - 1`. */
  private start = 0;
  private end = 0;
  private listed = 0;
  private readonly parts: Buffer[] = [];

  /** The SHA-256 (hex) of the canonical JSON of `config` without `results_dir` (= `experimentHash(config)`). */
  hash(config: ExperimentConfig): string {
    const parts = this.encode(config);
    let size = 2 + parts.length; // braces and separating commas, with one byte to spare
    for (const p of parts) size += p.length;
    // One byte before the config for the list separator.
    if (this.used + 1 + size > this.buffer.length) this.flush(size);
    let at = this.used + 1;
    this.start = at;
    this.buffer[at++] = OPEN;
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) this.buffer[at++] = COMMA;
      const p = parts[i]!;
      this.buffer.set(p, at);
      at += p.length;
    }
    this.buffer[at++] = CLOSE;
    this.end = at;
    return sha256Bytes(this.buffer.subarray(this.start, this.end));
  }

  /** The canonical JSON text of `config` without `results_dir` (what `hash` hashes). */
  canonical(config: ExperimentConfig): string {
    this.hash(config);
    return this.buffer.toString('utf8', this.start, this.end);
  }

  /** Appends the last hashed config to the list whose hash `listHash` returns. */
  addToList(): void {
    this.buffer[this.start - 1] = this.listed++ === 0 ? 0x5b /* [ */ : COMMA;
    this.used = this.end;
  }

  /** SHA-256 (hex) of `[c1,c2,…]`: the canonical JSON of the listed configs, in order. */
  listHash(): string {
    if (this.listed === 0) this.list.update('[');
    this.list.update(this.buffer.subarray(0, this.used));
    this.used = 0;
    return this.list.update(']').digest('hex');
  }

  /** Gives the listed bytes to the list hash and makes room for `size` more bytes. */
  private flush(size: number): void {
    this.list.update(this.buffer.subarray(0, this.used));
    this.used = 0;
    if (size + 1 > this.buffer.length) this.buffer = Buffer.allocUnsafe(2 * (size + 1));
  }

  /** The encoded members of `config` (`"key":json`), in canonical order. */
  private encode(config: ExperimentConfig): Buffer[] {
    const record = config as unknown as Record<string, unknown>;
    const parts = this.parts;
    parts.length = 0;
    for (const key in record) {
      if (!FIELDS.has(key)) {
        // Not a plain experiment config (an unknown key): encode the whole thing generically.
        const { results_dir: _ignored, ...rest } = config;
        const text = canonicalJson(rest);
        parts.push(Buffer.from(text.slice(1, -1), 'utf8'));
        return text === '{}' ? [] : parts;
      }
    }
    for (const member of this.members) {
      const value = record[member.key];
      if (value === undefined) continue;
      parts.push(this.member(member, value));
    }
    return parts;
  }

  private member(member: Member, value: unknown): Buffer {
    const isObject = typeof value === 'object' && value !== null;
    let bytes = isObject ? member.sections.get(value) : member.scalars.get(value);
    if (bytes === undefined) {
      bytes = Buffer.from(`${JSON.stringify(member.key)}:${canonicalJson(value)}`, 'utf8');
      if (isObject) member.sections.set(value, bytes);
      else {
        if (member.scalars.size >= SCALAR_MEMO) member.scalars.clear();
        member.scalars.set(value, bytes);
      }
    }
    return bytes;
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
  for (const key in factors) {
    const value = factors[key];
    if (key === 'model') parts[0] = modelStem(String(value));
    else addParts(parts, key, value);
  }
  return parts.join('-');
}
