import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPath } from '../core/errors.js';
import { parseConfigText } from './document.js';
import { countSweepPoints, type SweepAxis, sweepPoints } from './sweep.js';
import { parseSweep, unusedEngineAxes } from './sweep-parse.js';

const none = () => undefined;
const axesOf = (sweep: unknown) => {
  const parsed = parseSweep(sweep, none);
  expect(parsed.issues).toEqual([]);
  return parsed.axes;
};
const points = (axes: SweepAxis[], engine: 'llamacpp' | 'vllm' = 'llamacpp') => [
  ...sweepPoints(axes, engine),
];

/** Parses a YAML study and its sweep, with positions. */
function fromYaml(text: string) {
  const doc = parseConfigText(text, 'study.yaml');
  return parseSweep((doc.data as Record<string, unknown>).sweep, (p, t) => doc.locate(p, t));
}

describe('parseSweep', () => {
  it('reads dotted and nested keys as the same kind of axis, in canonical order (engine first, then by key)', () => {
    const axes = axesOf({
      'llamacpp.threads': [1, 2],
      engine: ['llamacpp'],
      llamacpp: { sequences: [1, 4] },
    });
    expect(axes.map((a) => [a.key, a.engine, a.kind])).toEqual([
      ['engine', null, 'values'],
      ['llamacpp.sequences', 'llamacpp', 'values'],
      ['llamacpp.threads', 'llamacpp', 'values'],
    ]);
    expect(axes[1]!.source).toEqual(['sweep', 'llamacpp', 'sequences']);
  });

  it('reads a list of mappings under a section as a group, and scopes engine sections', () => {
    const [group] = axesOf({ llamacpp: [{}, { kv_cache_type: 'q8_0', flash_attention: true }] });
    expect(group).toMatchObject({ key: 'llamacpp', kind: 'group', engine: 'llamacpp' });
    const [nested] = axesOf({ 'vllm.engine.block_size': [16, 32] });
    expect(nested).toMatchObject({ engine: 'vllm', path: ['vllm', 'engine', 'block_size'] });
    const [universal] = axesOf({ 'measurement.warmup.n_warmup': [0, 5] });
    expect(universal!.engine).toBeNull();
  });

  it('accepts keys under pass-through maps (vllm.engine)', () => {
    expect(axesOf({ 'vllm.engine.some_future_arg': [1, 2] })).toHaveLength(1);
  });

  it('reports a typo in a sweep key with its line and a dotted did-you-mean, and keeps going', () => {
    const { axes, issues } = fromYaml(
      'model: x\nsweep:\n  llamacpp.batchsize: [1, 2]\n  llamacpp:\n    threadz: [1]\n  load.mode: [batch]\n',
    );
    expect(axes.map((a) => a.key)).toEqual(['load.mode']);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'unknown_key',
        path: ['sweep', 'llamacpp.batchsize'],
        file: 'study.yaml',
        line: 3,
        suggestion: 'did you mean "llamacpp.batch_size"?',
      }),
      expect.objectContaining({
        path: ['sweep', 'llamacpp', 'threadz'],
        line: 5,
        suggestion: 'did you mean "llamacpp.threads"?',
      }),
    ]);
  });

  it('reports a bad value at its position, not as a skipped point', () => {
    const { issues } = fromYaml('sweep:\n  llamacpp.kv_cache_type:\n    - f16\n    - q8\n');
    expect(issues).toEqual([
      expect.objectContaining({
        path: ['sweep', 'llamacpp.kv_cache_type', 1],
        line: 4,
        suggestion: expect.stringContaining('"q8_0"'),
      }),
    ]);
    expect(formatPath(issues[0]!.path)).toBe('sweep.llamacpp.kv_cache_type[1]');
  });

  it('reports unknown keys inside a group alternative at the alternative', () => {
    const { issues } = fromYaml('sweep:\n  llamacpp:\n    - {}\n    - {kv_cache_typ: q8_0}\n');
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'unknown_key',
        path: ['sweep', 'llamacpp', 1, 'kv_cache_typ'],
        line: 4,
      }),
    ]);
  });

  it('rejects non-lists, empty lists, mixed groups and fields set by two axes', () => {
    const codes = (sweep: unknown) => parseSweep(sweep, none).issues.map((i) => i.code);
    expect(codes({ 'llamacpp.threads': 4 })).toEqual(['sweep_not_a_list']);
    expect(codes({ 'llamacpp.threads': [] })).toEqual(['too_small']);
    expect(codes({ llamacpp: [{}, 'q8_0'] })).toEqual(['sweep_mixed_group']);
    expect(codes({ 'llamacpp.threads': [1], llamacpp: { threads: [2] } })).toEqual(['sweep_overlap']);
    expect(codes({ llamacpp: [{ threads: 1 }], 'llamacpp.threads': [2] })).toEqual(['sweep_overlap']);
    expect(codes({ llamacpp: [{}, { kv_cache_type: 'q8_0' }], 'llamacpp.threads': [2] })).toEqual([]);
    expect(codes(['llamacpp.threads'])).toEqual(['invalid_type']);
    expect(codes({ 'llamacpp.threads': [1, {}] })).toEqual(['invalid_type']);
  });

  it('finds engine-scoped axes for engines the study does not run', () => {
    const axes = axesOf({ 'llamacpp.threads': [1], 'vllm.engine.block_size': [16] });
    expect(unusedEngineAxes(axes, ['llamacpp'], none).map((i) => i.path)).toEqual([
      ['sweep', 'vllm.engine.block_size'],
    ]);
  });
});

describe('sweepPoints', () => {
  it('crosses axes, the last fastest, and records the factors', () => {
    const ps = points(axesOf({ 'llamacpp.threads': [1, 2], 'llamacpp.sequences': [1, 4] }));
    expect(ps.map((p) => p.overlay)).toEqual([
      { llamacpp: { sequences: 1, threads: 1 } },
      { llamacpp: { sequences: 1, threads: 2 } },
      { llamacpp: { sequences: 4, threads: 1 } },
      { llamacpp: { sequences: 4, threads: 2 } },
    ]);
    expect(ps[1]!.factors).toEqual({ 'llamacpp.sequences': 1, 'llamacpp.threads': 2 });
  });

  it('expands each engine with the universal axes and its own scoped axes', () => {
    const axes = axesOf({
      engine: ['llamacpp', 'vllm'],
      max_output_tokens: [16, 32],
      'llamacpp.threads': [1, 2, 3],
      'vllm.engine.block_size': [16],
    });
    const ps = points(axes);
    expect(ps).toHaveLength(2 * 3 + 2 * 1);
    expect(countSweepPoints(axes, 'llamacpp')).toBe(8);
    expect(ps.filter((p) => p.engine === 'vllm').map((p) => p.overlay)).toEqual([
      { engine: 'vllm', max_output_tokens: 16, vllm: { engine: { block_size: 16 } } },
      { engine: 'vllm', max_output_tokens: 32, vllm: { engine: { block_size: 16 } } },
    ]);
  });

  it('merges group alternatives at their path; {} changes nothing, not even an empty section', () => {
    const alt = { kv_cache_type: 'q8_0', flash_attention: true };
    const ps = points(axesOf({ llamacpp: [{}, alt], 'load.mode': ['batch'] }));
    expect(ps.map((p) => p.overlay)).toEqual([
      { load: { mode: 'batch' } },
      { llamacpp: alt, load: { mode: 'batch' } },
    ]);
    expect(ps[0]!.factors).toEqual({ llamacpp: {}, 'load.mode': 'batch' });
  });

  it('never writes into a shared alternative when a deeper axis adds to it', () => {
    const alt = { kv_cache_type: 'q8_0' };
    const ps = points(axesOf({ llamacpp: [alt], 'llamacpp.threads': [1, 2] }));
    expect(ps.map((p) => p.overlay)).toEqual([
      { llamacpp: { kv_cache_type: 'q8_0', threads: 1 } },
      { llamacpp: { kv_cache_type: 'q8_0', threads: 2 } },
    ]);
    expect(alt).toEqual({ kv_cache_type: 'q8_0' });
  });

  it('property: the point count is the product of axis lengths (groups count their alternatives)', () => {
    const axis = fc.integer({ min: 1, max: 4 });
    fc.assert(
      fc.property(axis, axis, axis, fc.integer({ min: 1, max: 3 }), (a, b, c, g) => {
        const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
        const sweep = {
          'llamacpp.threads': range(a),
          'llamacpp.sequences': range(b),
          'dataset.n_prompts': range(c),
          measurement: [{}, ...range(g - 1).map((n) => ({ warmup: { n_warmup: n } }))],
        };
        const axes = axesOf(sweep);
        const n = points(axes).length;
        expect(n).toBe(a * b * c * g);
        expect(countSweepPoints(axes, 'llamacpp')).toBe(n);
      }),
      { numRuns: 60 },
    );
  });

  it('property: the points do not depend on the order of the keys in the file', () => {
    const entries: [string, unknown[]][] = [
      ['llamacpp.threads', [1, 2]],
      ['llamacpp.sequences', [1, 4, 8]],
      ['max_output_tokens', [8, 16]],
      ['llamacpp', [{}, { flash_attention: true }]],
      ['engine', ['llamacpp']],
    ];
    const reference = points(axesOf(Object.fromEntries(entries))).map((p) => p.overlay);
    fc.assert(
      fc.property(fc.shuffledSubarray(entries, { minLength: entries.length }), (shuffled) => {
        expect(points(axesOf(Object.fromEntries(shuffled))).map((p) => p.overlay)).toEqual(reference);
      }),
      { numRuns: 40 },
    );
  });
});
