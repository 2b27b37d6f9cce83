import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cycleDirName,
  experimentIndexOf,
  isStudyDirOf,
  pairDir,
  pairPaths,
  parseCycleDirName,
  RUN_FILES,
  resultsRootOf,
  runDirName,
  runPaths,
  slugify,
  studyDirName,
  studyDirOf,
  studyNameFromDir,
  supersededName,
} from './layout.js';

describe('slugify', () => {
  it('makes filesystem-safe names', () => {
    expect(slugify('Llama 3.1 8B / Q4_K_M')).toBe('llama-3-1-8b-q4-k-m');
    expect(slugify('  Café Über--Test  ')).toBe('cafe-uber-test');
    expect(slugify('!!!')).toBe('unnamed');
    expect(slugify('a'.repeat(30) + ' ' + 'b'.repeat(30))).toBe('a'.repeat(30) + '-' + 'b'.repeat(9));
    expect(slugify('abc-def', 4)).toBe('abc');
  });

  it('is idempotent, bounded and safe', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 60 }), (s, n) => {
        const slug = slugify(s, n);
        expect(slug.length).toBeLessThanOrEqual(Math.max(n, 1));
        expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(slugify(slug, n)).toBe(slug);
      }),
    );
  });
});

describe('names and paths', () => {
  const hash = 'abcdef0123456789'.repeat(4);

  it('names study and run folders with short hashes', () => {
    expect(studyDirName('My Study', hash)).toBe('my-study-abcdef01');
    expect(runDirName(7, 'llamacpp b8', hash)).toBe('0007-llamacpp-b8-abcdef01');
    expect(runDirName(12345, 'x', hash)).toBe('12345-x-abcdef01');
  });

  it('lays out the files of one cycle', () => {
    const p = runPaths('/res', 'study-abcdef01', '0001-x-abcdef01', 2);
    const dir = join('/res', 'study-abcdef01', 'runs', '0001-x-abcdef01', 'cycle-2');
    expect(p).toEqual({
      dir,
      result: join(dir, 'result.json'),
      timeseries: join(dir, 'timeseries.parquet'),
      requests: join(dir, 'requests.parquet'),
      log: join(dir, 'run.log'),
    });
  });

  it('reads names back: cycle numbers, experiment index, study folder and results root of a path', () => {
    expect(cycleDirName(3)).toBe('cycle-3');
    expect(parseCycleDirName('cycle-3')).toBe(3);
    expect(parseCycleDirName('cycle-3.attempt-1')).toBeUndefined();
    const e = { index: 3, slug: 'tiny thr1', config_hash: hash };
    expect(pairDir(e, 2)).toBe(join('runs', '0003-tiny-thr1-abcdef01', 'cycle-2'));
    expect(experimentIndexOf(`s-12345678/${pairDir(e, 2)}`)).toBe(3);
    expect(studyDirOf(`a/s-12345678/${pairDir(e, 1)}`)).toBe('a/s-12345678');
    expect(studyDirOf(pairDir(e, 1))).toBe('.');
    expect(studyDirOf('lone/cycle-1')).toBeUndefined();
    expect(resultsRootOf(`/res/s-12345678/${pairDir(e, 1)}/result.json`)).toBe('/res');
    expect(pairPaths('/x').result).toBe(join('/x', RUN_FILES.result));
  });

  it('recognises the folders of a study by name, and names superseded attempts', () => {
    expect(isStudyDirOf(studyDirName('My Study', hash), 'My Study')).toBe(true);
    expect(isStudyDirOf('my-study-extra-abcdef01', 'My Study')).toBe(false);
    expect(studyNameFromDir('nested/tiny-llamacpp-49a0cf10')).toBe('tiny-llamacpp');
    expect(supersededName('cycle-2', 1)).toBe('cycle-2.attempt-1');
    expect(supersededName('cycle-2', 1, 3)).toBe('cycle-2.attempt-1-3');
  });
});
