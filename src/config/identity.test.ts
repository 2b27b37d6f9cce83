import { describe, expect, it } from 'vitest';
import { configHash } from '../core/hash.js';
import {
  ExperimentHasher,
  experimentCanonical,
  experimentHash,
  experimentSlug,
  loneStudyHash,
  modelStem,
  StudyHasher,
  studyHash,
  studySlug,
} from './identity.js';
import type { ExperimentConfig } from './schema.js';

// Hashes name result folders and records on disk: these values were computed before the identity
// module existed (by the harness's and `study/expand.ts`'s own code) and must never change.
const a = {
  model: 'builtin:tiny',
  engine: 'llamacpp',
  max_output_tokens: 8,
  results_dir: 'out',
  dataset: { source: 'builtin', n_prompts: 4 },
  llamacpp: { threads: 1 },
} as unknown as ExperimentConfig;
const b = { ...a, llamacpp: { threads: 2 } } as unknown as ExperimentConfig;
const PINNED = {
  a: '876ef06e2787b05ac2431366e04209c9131008016d737df9c301b86629f6c7f0',
  b: 'b4477a60a6392353b60799702e21af67fb8cea0b51a0c5e26424c393b0069fbd',
  study: '32348bdcd3dfa3f60f56abbdc4d8be0adabf04555e09f6b877c265f786e081fd',
  lone: '74498a40ef5ab0ca62fac6ab5276ab80d474ed63749ec14f436b834342cd695d',
};

describe('identity: hashes', () => {
  it('keeps the config hash of existing results (results_dir left out)', () => {
    expect(experimentHash(a)).toBe(PINNED.a);
    expect(experimentHash(b)).toBe(PINNED.b);
    expect(experimentHash({ ...a, results_dir: 'elsewhere' })).toBe(PINNED.a);
    // The pure-JS hash in core agrees with the node:crypto one used here.
    const { results_dir: _r, ...rest } = a;
    expect(configHash(rest)).toBe(PINNED.a);
  });

  it('keeps the study hash: incremental, from a list, and through the memoising hasher', () => {
    expect(studyHash([a, b])).toBe(PINNED.study);
    const hasher = new ExperimentHasher();
    const list = new StudyHasher();
    for (const c of [a, b]) {
      expect(hasher.canonical(c)).toBe(experimentCanonical(c));
      list.add(experimentCanonical(c));
      expect(hasher.hash(c)).toBe(experimentHash(c));
      hasher.addToList();
    }
    expect(list.digest()).toBe(PINNED.study);
    expect(hasher.listHash()).toBe(PINNED.study);
  });

  it('keeps the study hash of a lone run (its config as JSON, results_dir included)', () => {
    expect(loneStudyHash(a)).toBe(PINNED.lone);
  });
});

describe('identity: names', () => {
  it('takes the model stem from any model reference', () => {
    expect(modelStem('builtin:tiny')).toBe('tiny');
    expect(modelStem('hf:org/repo/model.Q4_K_M.gguf')).toBe('model.Q4_K_M');
    expect(modelStem('/models/x/Llama-3.GGUF')).toBe('Llama-3');
  });

  it('names a lone run by name, else stem and engine; a study run by its factors', () => {
    expect(experimentSlug(a)).toBe('tiny-llamacpp');
    expect(experimentSlug({ ...a, name: 'mine' })).toBe('mine');
    expect(studySlug(a, { 'llamacpp.threads': 1, max_output_tokens: 8 })).toBe('tiny-thr1-mot8');
    expect(studySlug(a, { model: 'hf:o/r/big.gguf', engine: 'llamacpp' })).toBe('big-llamacpp');
  });
});
