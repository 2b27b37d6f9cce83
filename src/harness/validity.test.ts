import { describe, expect, it } from 'vitest';
import type { EnergyReading, TelemetrySample } from '../energy/source.js';
import type { RequestRecord } from '../engines/engine.js';
import {
  checkCounterAgreement,
  checkEstimateOnly,
  checkFailedRequests,
  checkGeneratorCpu,
  checkOtherProcesses,
  checkPersistenceMode,
  checkPowerRange,
  checkTelemetryCoverage,
  checkThermalDrift,
  checkThermalFloor,
  checkThrottling,
  checkWindowLength,
  summariseValidity,
  type ValidityCheck,
} from './validity.js';

const sample = (tMs: number, extra: Partial<TelemetrySample> = {}, device = 'gpu0'): TelemetrySample => ({
  tMs,
  device,
  ...extra,
});

function reading(
  source: string,
  method: EnergyReading['method'],
  scope: EnergyReading['scope'],
): EnergyReading {
  return {
    source,
    scope,
    method,
    energyJ: 100,
    uncertaintyJ: 1,
    uncertaintyBasis: 'test',
    accuracy: { fraction: 0.05, basis: 'test class' },
    durationS: 10,
    devices: [],
    samples: [],
    expectedSamples: 0,
    notes: [],
  };
}

const req = (id: number, error?: string): RequestRecord => ({
  id,
  inputTokens: 1,
  outputTokens: 1,
  scheduledMs: 0,
  startMs: 0,
  endMs: 1,
  ...(error === undefined ? {} : { error }),
});

describe('checkWindowLength', () => {
  it('fails (error) below min_window_s', () => {
    expect(checkWindowLength(5, 10)).toMatchObject({
      id: 'window_length',
      passed: false,
      severity: 'error',
      value: 5,
    });
  });
  it('passes with an info note below 60 s, and plainly above', () => {
    const short = checkWindowLength(20, 10);
    expect(short).toMatchObject({ passed: true, severity: 'info' });
    expect(short.detail).toMatch(/publication quality ≥ 60 s/);
    expect(checkWindowLength(90, 10).detail).not.toMatch(/publication/);
    expect(checkWindowLength(Number.NaN, 10).passed).toBe(false);
  });
});

describe('checkTelemetryCoverage', () => {
  it('passes at ≥ 75 % and warns below', () => {
    expect(checkTelemetryCoverage(75, 100)).toMatchObject({
      id: 'telemetry_coverage',
      passed: true,
      value: 0.75,
    });
    expect(checkTelemetryCoverage([sample(0), sample(100)], 10)).toMatchObject({
      passed: false,
      severity: 'warning',
    });
  });
  it('does not apply when no samples were expected', () => {
    expect(checkTelemetryCoverage(0, 0)).toBeUndefined();
  });
});

describe('checkPowerRange', () => {
  it('passes within [idle, limit] with 5 % tolerance', () => {
    expect(checkPowerRange(200, 60, 300)).toMatchObject({ id: 'power_range', passed: true });
    expect(checkPowerRange(58, 60, 300)?.passed).toBe(true);
    expect(checkPowerRange(310, 60, 300)?.passed).toBe(true);
  });
  it('warns below idle, above the limit, or for a non-number', () => {
    expect(checkPowerRange(40, 60, 300)).toMatchObject({ passed: false, severity: 'warning', threshold: 60 });
    expect(checkPowerRange(400, undefined, 300)).toMatchObject({ passed: false, threshold: 300 });
    expect(checkPowerRange(Number.NaN, 60)?.passed).toBe(false);
  });
  it('does not apply without bounds', () => {
    expect(checkPowerRange(100)).toBeUndefined();
  });
  it('states only the bounds it knows, never a placeholder', () => {
    expect(checkPowerRange(20, 12.6)?.detail).toBe(
      'mean power 20.0 W at least idle 12.6 W (no power limit known)',
    );
    expect(checkPowerRange(200, undefined, 300)?.detail).toBe(
      'mean power 200.0 W at most the limit 300.0 W (idle power not measured)',
    );
    expect(checkPowerRange(200, 60, 300)?.detail).toBe('mean power 200.0 W within [60.0, 300.0] W');
  });
});

describe('checkCounterAgreement', () => {
  it('passes within 5 % and warns beyond', () => {
    expect(checkCounterAgreement(1000, 1010)).toMatchObject({ id: 'counter_agreement', passed: true });
    expect(checkCounterAgreement(1000, 1100)).toMatchObject({ passed: false, severity: 'warning' });
    expect(checkCounterAgreement(1000, 1100)?.value).toBeCloseTo(0.1, 12);
    expect(checkCounterAgreement(0, 5)?.passed).toBe(false);
  });
  it('does not apply without both figures', () => {
    expect(checkCounterAgreement(1000)).toBeUndefined();
    expect(checkCounterAgreement(undefined, 1000)).toBeUndefined();
  });
});

describe('checkThrottling', () => {
  it('passes when every mask is zero', () => {
    const c = checkThrottling([sample(0, { throttleReasons: 0 }), sample(100, { throttleReasons: 0 })]);
    expect(c).toMatchObject({ id: 'throttling', passed: true, durationS: 0 });
  });
  it('warns and measures the longest per-device throttled time', () => {
    const samples = [
      sample(0, { throttleReasons: 0 }),
      sample(1000, { throttleReasons: 0x20 }),
      sample(2000, { throttleReasons: 0x40 }),
      sample(3000, { throttleReasons: 0 }),
      sample(0, { throttleReasons: 0x4 }, 'gpu1'),
      sample(500, { throttleReasons: 0 }, 'gpu1'),
    ];
    const c = checkThrottling(samples);
    expect(c).toMatchObject({ passed: false, severity: 'warning', durationS: 2, value: 2 });
    expect(c?.detail).toMatch(/gpu0/);
  });
  it('ignores masked bits (e.g. GPU idle) and does not apply without masks', () => {
    expect(
      checkThrottling([sample(0, { throttleReasons: 0x1 }), sample(100, { throttleReasons: 0x1 })], 0x1)
        ?.passed,
    ).toBe(true);
    expect(checkThrottling([sample(0, { powerW: 10 })])).toBeUndefined();
  });
});

describe('checkThermalDrift', () => {
  it('passes within 10 °C and warns beyond', () => {
    expect(
      checkThermalDrift([sample(0, { temperatureC: 50 }), sample(1, { temperatureC: 58 })]),
    ).toMatchObject({
      id: 'thermal_drift',
      passed: true,
      value: 8,
    });
    const c = checkThermalDrift([
      sample(0, { temperatureC: 50 }),
      sample(1, { temperatureC: 55 }),
      sample(0, { temperatureC: 40 }, 'gpu1'),
      sample(1, { temperatureC: 62 }, 'gpu1'),
    ]);
    expect(c).toMatchObject({ passed: false, severity: 'warning', value: 22 });
    expect(c?.detail).toMatch(/gpu1/);
  });
  it('does not apply without temperatures', () => {
    expect(checkThermalDrift([sample(0)])).toBeUndefined();
  });
});

describe('checkThermalFloor', () => {
  it('passes when the configured floor was waited', () => {
    expect(checkThermalFloor(60, 60.2)).toMatchObject({ id: 'thermal_floor', passed: true });
  });
  it('warns for a floor under 30 s or a wait cut short', () => {
    expect(checkThermalFloor(10, 10)).toMatchObject({ passed: false, severity: 'warning', value: 10 });
    expect(checkThermalFloor(60, 20)).toMatchObject({ passed: false, severity: 'warning', value: 20 });
  });
  it('records a skip (no temperature source) as info', () => {
    expect(checkThermalFloor(60)).toMatchObject({ passed: true, severity: 'info' });
  });
  it('warns for a floor under 30 s even when the floor was skipped, and says why it was skipped', () => {
    for (const floor of [0, 10]) {
      const c = checkThermalFloor(floor, undefined, 'skipped: no energy source reports a temperature');
      expect(c).toMatchObject({ id: 'thermal_floor', passed: false, severity: 'warning', value: floor });
      expect(c.detail).toMatch(/under 30 s.*skipped: no energy source reports a temperature/);
    }
  });
});

describe('checkEstimateOnly', () => {
  it('passes when a reading is measured', () => {
    const c = checkEstimateOnly([
      reading('nvml', 'counter', 'gpu'),
      reading('estimate', 'estimate', 'estimate'),
    ]);
    expect(c).toMatchObject({ id: 'estimate_only', passed: true });
    expect(c.detail).toMatch(/nvml/);
  });
  it('warns when every reading is an estimate or there is none', () => {
    expect(checkEstimateOnly([reading('estimate', 'estimate', 'estimate')])).toMatchObject({
      passed: false,
      severity: 'warning',
    });
    expect(checkEstimateOnly([]).passed).toBe(false);
  });
});

describe('checkFailedRequests', () => {
  it('passes with no failures', () => {
    expect(checkFailedRequests([req(0), req(1)])).toMatchObject({
      id: 'failed_requests',
      passed: true,
      value: 0,
    });
  });
  it('warns for some failures and fails (error) for all or none run', () => {
    const some = checkFailedRequests([req(0), req(1, 'timeout')]);
    expect(some).toMatchObject({ passed: false, severity: 'warning', value: 1 });
    expect(some.detail).toMatch(/timeout/);
    expect(checkFailedRequests([req(0, 'x')])).toMatchObject({ passed: false, severity: 'error' });
    expect(checkFailedRequests([])).toMatchObject({ passed: false, severity: 'error' });
  });
});

describe('checkGeneratorCpu, checkOtherProcesses, checkPersistenceMode', () => {
  it('pass and fail on their thresholds, and do not apply when unknown', () => {
    expect(checkGeneratorCpu(0.2)).toMatchObject({ id: 'generator_cpu', passed: true });
    expect(checkGeneratorCpu(0.8)).toMatchObject({ passed: false, severity: 'warning' });
    expect(checkGeneratorCpu()).toBeUndefined();
    // A paced client's event-loop wait is named but not counted against the threshold.
    const paced = checkGeneratorCpu(0.8, 0.45)!;
    expect(paced).toMatchObject({ passed: true, threshold: 0.5 });
    expect(paced.value).toBeCloseTo(0.35, 10);
    expect(paced.detail).toMatch(
      /80.0 % of a core \(35.0 % working, 45.0 % waiting on the event loop for send times\)/,
    );
    expect(checkGeneratorCpu(0.8, 0.1)).toMatchObject({ passed: false });
    // A wait figure above the CPU figure (wall time covers socket work) never makes it negative.
    expect(checkGeneratorCpu(0.3, 0.9)!.value).toBe(0);
    expect(checkOtherProcesses([])).toMatchObject({ id: 'other_processes', passed: true });
    expect(checkOtherProcesses(['1234 python'])).toMatchObject({ passed: false, severity: 'warning' });
    expect(checkOtherProcesses()).toBeUndefined();
    expect(checkPersistenceMode(true)).toMatchObject({ id: 'persistence_mode', passed: true });
    expect(checkPersistenceMode(false)).toMatchObject({ passed: false, severity: 'info' });
    expect(checkPersistenceMode()).toBeUndefined();
  });
});

describe('summariseValidity', () => {
  it('counts failed checks by severity; only failed errors invalidate', () => {
    const checks: ValidityCheck[] = [
      { id: 'a', passed: true, severity: 'error', detail: '' },
      { id: 'b', passed: false, severity: 'warning', detail: '' },
      { id: 'c', passed: false, severity: 'info', detail: '' },
    ];
    expect(summariseValidity(checks)).toEqual({ valid: true, errors: 0, warnings: 1 });
    checks.push({ id: 'd', passed: false, severity: 'error', detail: '' });
    expect(summariseValidity(checks)).toEqual({ valid: false, errors: 1, warnings: 1 });
    expect(summariseValidity([])).toEqual({ valid: true, errors: 0, warnings: 0 });
  });
});
