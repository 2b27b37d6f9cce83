// Vega-Lite specs of a run's telemetry (pure): power, temperature and SM clock per device over
// the measurement window, from the downsampled points of its timeseries.parquet.
import { base, type ChartSpec, slugOf } from './charts.js';
import type { RunTimeseries } from './types.js';

/** A run's telemetry over its measurement window, one line per device. */
export function timeseriesChart(
  run: RunTimeseries,
  field: 'power_w' | 'temperature_c' | 'sm_clock_mhz',
): ChartSpec {
  const title = { power_w: 'power (W)', temperature_c: 'temperature (°C)', sm_clock_mhz: 'SM clock (MHz)' }[
    field
  ];
  const data = run.points
    .filter((p) => typeof p[field] === 'number')
    .map((p) => ({ t_s: p.t_s, device: p.device, value: p[field] }));
  const spec = {
    ...base(240, 130, data),
    // Points too: a short window may hold a single sample per device.
    mark: { type: 'line', strokeWidth: 1.5, point: { size: 12, filled: true } },
    encoding: {
      x: { field: 't_s', type: 'quantitative', title: 'time in window (s)' },
      y: {
        field: 'value',
        type: 'quantitative',
        title,
        scale: yScale(
          data.map((d) => d.value as number),
          field === 'power_w',
        ),
      },
      color: {
        field: 'device',
        type: 'nominal',
        title: 'device',
        scale: { scheme: 'tableau10' },
        legend: { orient: 'bottom' },
      },
    },
  };
  return {
    id: `chart-ts-${slugOf(run.label)}-c${run.cycle}-${field}`,
    title: `${run.label} cycle ${run.cycle}: ${title}`,
    caption: `${title.charAt(0).toUpperCase()}${title.slice(1)} per device during the measurement window (${run.samples} samples${run.points.length < run.samples ? `, drawn as ${run.points.length} averaged points` : ''}).`,
    spec,
  };
}

/** A y scale that stays readable when a series is flat (a constant clock would collapse the domain to a point). */
function yScale(values: readonly number[], zero: boolean): Record<string, unknown> {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (!(hi - lo < 1e-9 * Math.max(1, Math.abs(hi)))) return { zero };
  const pad = Math.max(1, Math.abs(hi) * 0.05);
  return { zero: false, domain: [zero ? Math.min(0, lo) : lo - pad, hi + pad] };
}

/** The telemetry fields a run has values for. */
export function timeseriesFields(run: RunTimeseries): ('power_w' | 'temperature_c' | 'sm_clock_mhz')[] {
  return (['power_w', 'temperature_c', 'sm_clock_mhz'] as const).filter((f) =>
    run.points.some((p) => typeof p[f] === 'number'),
  );
}
