import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import { starterConfig } from './starter.js';
import { loadStudy } from './study-load.js';

describe('starterConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llem-starter-'));
  it('the experiment validates as written, with no warnings', async () => {
    writeFileSync(join(dir, 'experiment.yaml'), starterConfig('experiment'));
    const loaded = await loadConfig(join(dir, 'experiment.yaml'), { env: {}, userConfigPath: null });
    expect(loaded.config.model).toBe('builtin:small@q4_0');
    expect(loaded.warnings).toEqual([]);
  });
  it('the study validates as written: 4 points, 3 cycles', async () => {
    writeFileSync(join(dir, 'study.yaml'), starterConfig('study'));
    const study = await loadStudy(join(dir, 'study.yaml'), { env: {}, userConfigPath: null });
    expect(study.points).toHaveLength(4);
    expect(study.skipped).toEqual([]);
    expect(study.execution.n_cycles).toBe(3);
  });
});
