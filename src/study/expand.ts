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

// One-shot hashing (Node ≥ 20.12) is several times faster than a Hash object per config.
const sha256 =
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
    return sha256(this.buffer.subarray(this.start, this.end));
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
