import { describe, expect, it } from 'vitest';
import { failRun, invalidate, syntheticStudy } from '../../test/helpers/synthetic-records.js';
import { cellFor, columnTypes, configColumn, configLeaves, FIXED_COLUMNS, flattenRecord } from './flatten.js';
import { studyNameFromDir } from './layout.js';

const place = {
  run_dir: 'grid-1234abcd/runs/0003-seq2-c0ffee00/cycle-2',
  study_dir: 'grid-1234abcd',
  study_name: 'grid',
};

function oneRecord() {
  const { records } = syntheticStudy({
    factors: { 'llamacpp.sequences': [2], 'llamacpp.threads': [1] },
    cycles: 1,
    seed: 1,
    jPerToken: () => 0.5,
  });
  const r = records[0]!;
  r.energy.scopes = [
    {
      scope: 'gpu',
      method: 'counter',
      energy_j: 100,
      adjusted_energy_j: 80,
      uncertainty_j: 5,
      uncertainty: {} as never,
      adjusted_uncertainty: null,
      baseline_power_w: 20,
      duration_s: 1,
      mean_power_w: 100,
      peak_power_w: 120,
      sources: ['nvml'],
    },
  ];
  r.metrics!.energy_scope = 'gpu';
  return r;
}

describe('flattenRecord', () => {
  it('gives identifiers, validity, headline metrics with units, latency percentiles and config columns', () => {
    const row = flattenRecord(oneRecord(), place);
    for (const c of FIXED_COLUMNS) expect(row, c).toHaveProperty(c);
    expect(row).toMatchObject({
      run_dir: place.run_dir,
      study_name: 'grid',
      study_dir: 'grid-1234abcd',
      experiment_index: 3,
      cycle: 1,
      status: 'ok',
      valid: true,
      failed_checks: '',
      energy_scope: 'gpu',
      energy_method: 'counter',
      baseline_power_w: 20,
      gpu_energy_j: 100,
      gpu_adjusted_energy_j: 80,
      llamacpp_sequences: 2,
      llamacpp_threads: 1,
      model: 'builtin:tiny',
      engine: 'llamacpp',
      throttled: false,
    });
    expect(row.j_per_output_token).toBeCloseTo(0.5, 0);
    expect(row.ttft_queued_p99_ms).toBeGreaterThan(row.ttft_queued_p50_ms as number);
    for (const v of Object.values(row))
      expect(['string', 'number', 'boolean'].includes(typeof v) || v === null).toBe(true);
  });

  it('a failed run has null metrics and is not valid; an invalid run names its failed checks', () => {
    const failed = flattenRecord(failRun(oneRecord()), place);
    expect(failed).toMatchObject({
      status: 'failed',
      valid: false,
      error_code: 'ERR_ENGINE_FAILED',
      error_phase: 'window',
    });
    expect(failed.j_per_output_token).toBeNull();
    expect(failed.output_tokens_per_s).toBeNull();
    const invalid = flattenRecord(invalidate(oneRecord()), place);
    expect(invalid).toMatchObject({ status: 'ok', valid: false, failed_checks: 'min_window' });
    // ok status without a validity verdict still is not "valid"
    const r = oneRecord();
    (r as { validity: unknown }).validity = undefined;
    expect(flattenRecord(r, place).valid).toBe(false);
  });

  it('names a study without a plan after its folder', () => {
    expect(flattenRecord(oneRecord(), { ...place, study_name: null }).study_name).toBe('grid');
    expect(
      flattenRecord(oneRecord(), { ...place, swept: ['llamacpp.sequences', 'status'] }).swept_factors,
    ).toBe('llamacpp_sequences,config_status');
    expect(studyNameFromDir('nested/tiny-llamacpp-49a0cf10')).toBe('tiny-llamacpp');
  });
});

describe('config columns', () => {
  it('joins dotted paths with _, keeps arrays as JSON text, skips name/results_dir and empty objects', () => {
    expect(
      configLeaves({
        name: 'x',
        results_dir: 'r',
        model: 'm',
        sampling: {},
        llamacpp: { threads: 2 },
        measurement: { energy: { devices: [0, 1] } },
      }),
    ).toEqual([
      ['model', 'm'],
      ['llamacpp.threads', 2],
      ['measurement.energy.devices', '[0,1]'],
    ]);
    expect(configColumn('llamacpp.sequences')).toBe('llamacpp_sequences');
    expect(configColumn('config.vllm.engine.block_size')).toBe('vllm_engine_block_size');
    // a config path never takes a fixed column's name
    expect(configColumn('status')).toBe('config_status');
  });
});

describe('columnTypes', () => {
  it('one SQL type per column: fixed columns first, ints BIGINT, mixed numbers DOUBLE, mixed kinds VARCHAR', () => {
    const types = columnTypes([
      { run_dir: 'a', b_int: 1, c_num: 1, d_mix: 1, e_bool: true, f_null: null },
      { run_dir: 'b', b_int: 2, c_num: 1.5, d_mix: 'x', e_bool: null, f_null: null },
    ]);
    expect(types).toEqual([
      ['run_dir', 'VARCHAR'],
      ['b_int', 'BIGINT'],
      ['c_num', 'DOUBLE'],
      ['d_mix', 'VARCHAR'],
      ['e_bool', 'BOOLEAN'],
      ['f_null', 'VARCHAR'],
    ]);
    expect(cellFor(1, 'VARCHAR')).toBe('1');
    expect(cellFor(true, 'VARCHAR')).toBe('true');
    expect(cellFor(undefined, 'DOUBLE')).toBeNull();
  });
});
