// The record-invariant helper must be able to fail: it is what makes "mean ≤ peak in every record
// of the test suite" hold.
import { describe, expect, it } from 'vitest';
import { recordInvariantProblems } from './helpers/record-invariants.js';

const terms = (readout: number, accuracy: number) => ({
  readout_j: readout,
  accuracy_j: accuracy,
  combined_j: Math.hypot(readout, accuracy),
  comparative_j: readout,
});

function record(scope: Record<string, unknown>) {
  return {
    energy: {
      sources: [],
      load: [],
      load_scopes: [],
      scopes: [
        {
          scope: 'gpu',
          energy_j: 100,
          duration_s: 1,
          mean_power_w: 100,
          peak_power_w: 120,
          uncertainty_j: Math.hypot(3, 4),
          uncertainty: terms(3, 4),
          adjusted_energy_j: 50,
          adjusted_uncertainty: terms(5, 2.5),
          ...scope,
        },
      ],
    },
    metrics: null,
  };
}

describe('record invariants', () => {
  it('a consistent record has no problems', () => {
    expect(recordInvariantProblems(record({}))).toEqual([]);
  });

  it('catches mean above peak, a mean from another interval, a wrong combined term and a bare adjusted figure', () => {
    expect(recordInvariantProblems(record({ peak_power_w: 90 }))[0]).toMatch(
      /mean power 100 W above peak 90 W/,
    );
    expect(recordInvariantProblems(record({ duration_s: 2 }))[0]).toMatch(/exceeds 100 J/);
    expect(recordInvariantProblems(record({ uncertainty_j: 4 }))[0]).toMatch(
      /uncertainty_j 4 ≠ combined_j 5/,
    );
    expect(recordInvariantProblems(record({ adjusted_uncertainty: null }))[0]).toMatch(
      /adjusted energy without its uncertainty/,
    );
  });
});
