import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { parseConfigText } from './document.js';
import { schemaAt } from './fields.js';
import { loadStudy, resolveStudy } from './load.js';
import { parseSweep } from './sweep-parse.js';
import { expandRange } from './sweep-range.js';

const quiet = { env: {}, userConfigPath: null };

function fromYaml(text: string) {
  const doc = parseConfigText(text, 'study.yaml');
  return parseSweep((doc.data as Record<string, unknown>).sweep, (p, t) => doc.locate(p, t));
}
const values = (sweep: Record<string, unknown>) => {
  const parsed = parseSweep(sweep, () => undefined);
  expect(parsed.issues).toEqual([]);
  return parsed.axes.map((a) => a.values);
};

describe('sweep range shorthands', () => {
  it('expands linear, log and powers-of-two ranges to explicit values in order', () => {
    expect(values({ 'llamacpp.batch_size': { start: 32, stop: 512, num: 4 } })).toEqual([
      [32, 192, 352, 512],
    ]);
    expect(values({ 'sampling.temperature': { start: 0, stop: 1, num: 11 } })).toEqual([
      [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    ]);
    expect(values({ 'load.rate_rps': { start: 1, stop: 1000, num: 4, scale: 'log' } })).toEqual([
      [1, 10, 100, 1000],
    ]);
    expect(values({ 'llamacpp.sequences': { pow2: [1, 64] } })).toEqual([[1, 2, 4, 8, 16, 32, 64]]);
    expect(values({ 'llamacpp.sequences': { pow2: [3, 40] } })).toEqual([[4, 8, 16, 32]]);
    expect(values({ 'llamacpp.sequences': { pow2: [64, 8] } })).toEqual([[64, 32, 16, 8]]);
    expect(values({ 'llamacpp.threads': { start: 4, stop: 4, num: 1 } })).toEqual([[4]]);
  });

  it('gives integer fields whole numbers, drops repeats after rounding, and says so', () => {
    const parsed = parseSweep({ 'llamacpp.threads': { start: 1, stop: 4, num: 7 } }, () => undefined);
    expect(parsed.issues).toEqual([]);
    expect(parsed.axes[0]!.values).toEqual([1, 2, 3, 4]);
    expect(parsed.warnings).toEqual([
      expect.objectContaining({
        code: 'SWEEP_RANGE_ROUNDED',
        message: expect.stringContaining('rounding leaves 4 distinct: 1, 2, 3, 4'),
      }),
    ]);
    const log = values({ 'llamacpp.context_size': { start: 256, stop: 4096, num: 5, scale: 'log' } });
    expect(log).toEqual([[256, 512, 1024, 2048, 4096]]);
  });

  it('property: a linear range has num values (before rounding), both ends exact, evenly spaced', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 2, max: 50 }),
        (start, stop, num) => {
          const schema = schemaAt(['load', 'burstiness'])!;
          const r = expandRange('x', { start, stop, num }, schema);
          if (r.issues.length > 0) return; // a value out of the field's range is checked elsewhere
          expect(r.values).toHaveLength(num);
          expect(r.values[0]).toBeCloseTo(start, 6);
          expect(r.values.at(-1)).toBeCloseTo(stop, 6);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reports bad shorthands with file, line, field and a fix', () => {
    const { issues } = fromYaml(
      [
        'model: x',
        'sweep:',
        '  llamacpp.threads: {start: 1, stop: 8, step: 2}',
        '  llamacpp.sequences: {start: 1, stop: 8}',
        '  llamacpp.batch_size: {start: 0, stop: 64, num: 3, scale: log}',
        '  llamacpp.kv_cache_type: {start: 1, stop: 2, num: 2}',
        '  llamacpp.ubatch_size: {pow2: [100, 120]}',
        '  llamacpp.context_size: {start: 1, stop: 8, num: 2.5}',
        '  load.rate_rps: {start: 1, stop: 8, num: 3, scale: cubic}',
        '',
      ].join('\n'),
    );
    const byCode = issues.map((i) => [i.code, i.path.join('.'), i.line]);
    expect(byCode).toEqual(
      expect.arrayContaining([
        ['sweep_range_key', 'sweep.llamacpp.threads.step', 3],
        ['sweep_range_incomplete', 'sweep.llamacpp.sequences', 4],
        ['sweep_range_value', 'sweep.llamacpp.batch_size.start', 5],
        ['sweep_range_not_numeric', 'sweep.llamacpp.kv_cache_type', 6],
        ['sweep_range_empty', 'sweep.llamacpp.ubatch_size.pow2', 7],
        ['sweep_range_value', 'sweep.llamacpp.context_size.num', 8],
        ['sweep_range_value', 'sweep.load.rate_rps.scale', 9],
      ]),
    );
    expect(issues).toHaveLength(7);
    for (const i of issues) {
      expect(i.file).toBe('study.yaml');
      expect(i.suggestion ?? '').not.toBe('');
    }
  });

  it('rejects a range that leaves the field (a value the field does not accept), at the axis', () => {
    const { issues } = fromYaml('model: x\nsweep:\n  llamacpp.threads: {start: 0, stop: 4, num: 5}\n');
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'sweep_range_value',
        line: 3,
        message: expect.stringContaining('the range gives 0'),
        suggestion: expect.stringContaining('≥ 1'),
      }),
    ]);
  });

  it('expands in a study: the points carry explicit values, the rounding note is a study warning', async () => {
    const study = await resolveStudy(
      {
        model: 'builtin:tiny',
        sweep: { 'llamacpp.sequences': { pow2: [1, 4] }, 'llamacpp.threads': { start: 1, stop: 2, num: 3 } },
      },
      quiet,
    );
    expect(study.points.map((p) => p.factors)).toEqual([
      { 'llamacpp.sequences': 1, 'llamacpp.threads': 1 },
      { 'llamacpp.sequences': 1, 'llamacpp.threads': 2 },
      { 'llamacpp.sequences': 2, 'llamacpp.threads': 1 },
      { 'llamacpp.sequences': 2, 'llamacpp.threads': 2 },
      { 'llamacpp.sequences': 4, 'llamacpp.threads': 1 },
      { 'llamacpp.sequences': 4, 'llamacpp.threads': 2 },
    ]);
    expect(study.warnings.map((w) => w.code)).toContain('SWEEP_RANGE_ROUNDED');
  });

  it('a study file with a bad shorthand fails as a ConfigError naming the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llem-range-'));
    await writeFile(
      join(dir, 'study.yaml'),
      'model: builtin:tiny\nsweep:\n  llamacpp.threads:\n    start: 1\n    stop: 4\n    numb: 3\n',
    );
    const error = await loadStudy('study.yaml', { ...quiet, cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      expect.objectContaining({
        code: 'sweep_range_key',
        line: 6,
        path: ['sweep', 'llamacpp.threads', 'numb'],
      }),
    ]);
  });
});
