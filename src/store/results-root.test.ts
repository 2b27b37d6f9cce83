import { describe, expect, it } from 'vitest';
import { resultsRoot } from './results-root.js';

describe('resultsRoot', () => {
  const base = { fromFile: false, fileDir: '/cfg', cwd: '/work' };
  it('defaults to ./results in the working directory, not beside the config file', () => {
    expect(resultsRoot(base)).toBe('/work/results');
    expect(resultsRoot({ ...base, fromFile: true })).toBe('/work/results');
  });
  it('an explicit folder is relative to the working directory', () => {
    expect(resultsRoot({ ...base, option: 'out', configValue: 'x', fromFile: true })).toBe('/work/out');
  });
  it('results_dir written in the file is relative to the file; from elsewhere, to the working directory', () => {
    expect(resultsRoot({ ...base, configValue: 'r', fromFile: true })).toBe('/cfg/r');
    expect(resultsRoot({ ...base, configValue: 'r' })).toBe('/work/r');
    expect(resultsRoot({ ...base, configValue: '/abs', fromFile: true })).toBe('/abs');
  });
});
