import { describe, expect, it } from 'vitest';
import { COMMAND_LINE, coerceValue, flagsLayer, setLayer } from './overrides.js';

describe('coerceValue', () => {
  it('parses YAML scalars and flow collections', () => {
    expect(coerceValue(['dataset', 'n_prompts'], '20')).toBe(20);
    expect(coerceValue(['fixed_output_length'], 'true')).toBe(true);
    expect(coerceValue(['measurement', 'energy', 'sources'], '[nvml, rapl]')).toEqual(['nvml', 'rapl']);
    expect(coerceValue(['measurement', 'energy', 'devices'], '[0, 1]')).toEqual([0, 1]);
  });

  it('keeps the string when the field wants a string', () => {
    expect(coerceValue(['model'], '123')).toBe('123');
    expect(coerceValue(['name'], 'true')).toBe('true');
  });

  it('keeps unparsable text as a string', () => {
    expect(coerceValue(['model'], '[unclosed')).toBe('[unclosed');
  });
});

describe('setLayer', () => {
  it('builds a nested object; later arguments win', () => {
    const { layer, issues } = setLayer(['load.mode=rate', 'load.rate_rps=2.5', 'load.rate_rps=3']);
    expect(issues).toEqual([]);
    expect(layer.data).toEqual({ load: { mode: 'rate', rate_rps: 3 } });
    expect(layer.locate(['load', 'mode'], 'value')).toEqual({
      file: COMMAND_LINE,
      source: '--set load.mode=rate',
    });
  });

  it('reports arguments without key=value', () => {
    const { issues } = setLayer(['load.mode', '=3', 'a..b=1']);
    expect(issues).toHaveLength(3);
    expect(issues[0]).toMatchObject({ code: 'invalid_override', file: COMMAND_LINE });
  });
});

describe('flagsLayer', () => {
  it('coerces string flag values and names the flag', () => {
    const layer = flagsLayer(
      { 'dataset.n_prompts': '0', model: 'm.gguf', engine: undefined },
      { 'dataset.n_prompts': '-n' },
    );
    expect(layer.data).toEqual({ dataset: { n_prompts: 0 }, model: 'm.gguf' });
    expect(layer.locate(['dataset', 'n_prompts'], 'value')).toEqual({ file: COMMAND_LINE, source: '-n 0' });
  });
});
