import { describe, expect, it } from 'vitest';
import { envLayer } from './env.js';

describe('envLayer', () => {
  it('reads valid carbon variables', () => {
    const { layer, warnings } = envLayer({ LLEM_CARBON_INTENSITY: '350', LLEM_DATACENTER_PUE: ' 1.2 ' });
    expect(warnings).toEqual([]);
    expect(layer.data).toEqual({ carbon: { grid_intensity_g_per_kwh: 350, pue: 1.2 } });
    expect(layer.locate(['carbon', 'pue'], 'value')).toMatchObject({ source: 'LLEM_DATACENTER_PUE' });
  });

  it('ignores invalid values with an ENV_INVALID warning', () => {
    const { layer, warnings } = envLayer({ LLEM_CARBON_INTENSITY: 'lots', LLEM_DATACENTER_PUE: '0.5' });
    expect(layer.data).toEqual({});
    expect(warnings.map((w) => w.code)).toEqual(['ENV_INVALID', 'ENV_INVALID']);
    expect(warnings[1]!.message).toMatch(/LLEM_DATACENTER_PUE="0.5".*from 1 to 5/);
  });

  it('treats empty values as unset', () => {
    expect(envLayer({ LLEM_CARBON_INTENSITY: '' })).toMatchObject({ layer: { data: {} }, warnings: [] });
  });
});
