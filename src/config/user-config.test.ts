import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { defaultUserConfigPath, loadUserConfig, userLayer } from './user-config.js';

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'llem-user-'));
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('defaultUserConfigPath', () => {
  it('uses XDG_CONFIG_HOME, else ~/.config', () => {
    expect(defaultUserConfigPath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/llem/config.yaml');
    expect(defaultUserConfigPath({ HOME: '/home/u' })).toBe('/home/u/.config/llem/config.yaml');
    expect(defaultUserConfigPath({ XDG_CONFIG_HOME: 'relative', HOME: '/h' })).toBe(
      '/h/.config/llem/config.yaml',
    );
  });
});

describe('loadUserConfig', () => {
  it('is empty when the default file does not exist, or with null', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llem-xdg-'));
    expect(await loadUserConfig(undefined, { XDG_CONFIG_HOME: dir })).toEqual({ config: {} });
    expect(await loadUserConfig(null)).toEqual({ config: {} });
  });

  it('fails for a named file that does not exist', async () => {
    await expect(loadUserConfig('/nonexistent/llem.yaml')).rejects.toThrow(/cannot read the user config/);
  });

  it('reads every section without filling defaults', async () => {
    const file = await tempFile(
      'config.yaml',
      [
        'results_dir: /data/results',
        'energy: { sources: [nvml], cpu_tdp_w: 125 }',
        'carbon: { grid_intensity_g_per_kwh: 200 }',
        'progress: plain',
        'gaps: { experiment_gap_s: 5, cycle_gap_s: 10 }',
        'python: { vllm: /opt/vllm/bin/python }',
      ].join('\n'),
    );
    const loaded = await loadUserConfig(file);
    expect(loaded.file).toBe(file);
    expect(loaded.config).toEqual({
      results_dir: '/data/results',
      energy: { sources: ['nvml'], cpu_tdp_w: 125 },
      carbon: { grid_intensity_g_per_kwh: 200 },
      progress: 'plain',
      gaps: { experiment_gap_s: 5, cycle_gap_s: 10 },
      python: { vllm: '/opt/vllm/bin/python' },
    });
    const layer = userLayer(loaded);
    expect(layer.data).toEqual({
      results_dir: '/data/results',
      measurement: { energy: { sources: ['nvml'], cpu_tdp_w: 125 } },
      carbon: { grid_intensity_g_per_kwh: 200 },
    });
    expect(layer.locate(['measurement', 'energy', 'cpu_tdp_w'], 'key')).toMatchObject({ file, line: 2 });
  });

  it('reports every problem with the user config file and line', async () => {
    const file = await tempFile(
      'config.yaml',
      'progres: plain\nenergy:\n  sample_interval_ms: 1\npython:\n  vlm: /x\n',
    );
    const error = await loadUserConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.map((i) => [i.path.join('.'), i.line, i.file])).toEqual([
      ['progres', 1, file],
      ['energy.sample_interval_ms', 3, file],
      ['python.vlm', 5, file],
    ]);
    expect(issues[0]!.suggestion).toBe('did you mean "progress"?');
    expect(issues[2]!.suggestion).toBe('did you mean "vllm"?');
  });
});
