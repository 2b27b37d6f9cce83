import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experimentSchema } from '../config/schema.js';
import { ConfigError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';
import { createEnergySources, createEngine } from '../registry.js';
import type { Phase } from './events.js';
import { measureExperiment } from './measure.js';

const dir = mkdtempSync(join(tmpdir(), 'llem-measure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (model = 'builtin:tiny') =>
  experimentSchema.parse({
    model,
    dataset: { n_prompts: 2 },
    max_output_tokens: 4,
    measurement: {
      warmup: { n_warmup: 1, thermal_floor_s: 0 },
      baseline: { enabled: true, strategy: 'fresh', duration_s: 5 },
      energy: { sources: ['estimate'], min_window_s: 0 },
    },
    llamacpp: { threads: 1 },
  });

/** The real engine, except that `unload` fails after releasing the model. */
function failingUnload(engine: Engine): Engine {
  return new Proxy(engine, {
    get(target, key) {
      if (key === 'unload')
        return async () => {
          await target.unload();
          throw new Error('device busy');
        };
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('measureExperiment (real tiny model, estimate source)', () => {
  it('takes the baseline after the load and logs an unload failure to run.log', async () => {
    const c = config();
    const phases: Phase[] = [];
    const record = await measureExperiment(
      c,
      {
        engine: failingUnload(await createEngine('llamacpp')),
        energySources: await createEnergySources(c.measurement.energy),
      },
      {
        resultsDir: join(dir, 'out'),
        cacheDir: join(dir, 'cache'),
        baseDir: dir,
        onEvent: (e) => {
          if (e.type === 'phase') phases.push(e.phase);
        },
      },
    );
    expect(record.status, JSON.stringify(record.error)).toBe('ok');
    expect(phases.indexOf('load')).toBeLessThan(phases.indexOf('baseline'));
    expect(phases.indexOf('baseline')).toBeLessThan(phases.indexOf('warmup'));
    const log = readFileSync(join(record.files.dir, record.files.log), 'utf8');
    expect(log).toMatch(/warning: unloading the model failed: device busy/);
  }, 120_000);

  it('a missing model is a ConfigError located in the config, before any folder is made', async () => {
    const c = config('nowhere/model.gguf');
    const phases: Phase[] = [];
    const error = await measureExperiment(
      c,
      {
        engine: await createEngine('llamacpp'),
        energySources: await createEnergySources(c.measurement.energy),
      },
      {
        resultsDir: join(dir, 'none'),
        cacheDir: join(dir, 'cache'),
        baseDir: dir,
        locate: (path) => (path[0] === 'model' ? { file: 'exp.yaml', line: 3, column: 8 } : undefined),
        onEvent: (e) => {
          if (e.type === 'phase') phases.push(e.phase);
        },
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      expect.objectContaining({ file: 'exp.yaml', line: 3, path: ['model'], code: 'file_not_found' }),
    ]);
    expect(phases).toEqual(['preflight']);
    expect(() => readFileSync(join(dir, 'none'))).toThrow();
  }, 60_000);
});
