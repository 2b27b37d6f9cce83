import type { ExperimentConfig } from '../config/schema.js';
import type { LatencyRecord, MetricsRecord, ScheduleRecord, ScopeEnergy } from '../core/records.js';
import type { EnergyReading } from '../energy/source.js';
import type { ModelInfo, RequestRecord } from '../engines/engine.js';
import { headlineScope } from './energy-figures.js';
import { estimateFlops } from './flops.js';
import { goodputMetrics, type Slo } from './goodput.js';
import { type LatencyStats, latencyMetrics } from './latency.js';
import { throughputMetrics } from './throughput.js';

/** Process memory figures gathered around load and window, bytes. */
export interface MemoryFigures {
  rss_before_load_bytes: number;
  rss_after_load_bytes: number;
  peak_rss_bytes: number;
  engine_model_bytes: number | null;
  engine_context_bytes: number | null;
}

/** Inputs to the metrics of one run. */
export interface MetricsInput {
  records: readonly RequestRecord[];
  windowS: number;
  scopes: readonly ScopeEnergy[];
  /** Load-phase energy per scope; the headline scope's is `load_energy_j`. */
  loadScopes: readonly ScopeEnergy[];
  model: ModelInfo | undefined;
  carbon: ExperimentConfig['carbon'];
  memory: MemoryFigures;
  readings: readonly EnergyReading[];
  sampleIntervalMs: number;
  /** How the window's requests were issued (null when unknown). */
  schedule: ScheduleRecord | null;
  /** Service-level objectives; goodput figures are computed when set. */
  slo?: Slo | undefined;
}

function latencyRecord(s: LatencyStats | undefined): LatencyRecord | null {
  if (s === undefined || s.n === 0) return null;
  return {
    n: s.n,
    mean_ms: s.mean_ms,
    p50_ms: s.p50_ms,
    p90_ms: s.p90_ms,
    p95_ms: s.p95_ms,
    p99_ms: s.p99_ms,
    min_ms: s.min_ms,
    max_ms: s.max_ms,
  };
}

/** Throttling and temperature from telemetry: any non-zero reason counts as throttled time. */
export function thermalFigures(
  readings: readonly EnergyReading[],
  intervalMs: number,
): MetricsRecord['thermal'] {
  let throttledSamples = 0;
  let maxTemp: number | null = null;
  for (const r of readings) {
    for (const s of r.samples) {
      if (s.throttleReasons !== undefined && s.throttleReasons !== 0) throttledSamples++;
      if (s.temperatureC !== undefined) maxTemp = Math.max(maxTemp ?? -Infinity, s.temperatureC);
    }
  }
  return {
    throttled: throttledSamples > 0,
    throttle_duration_s: (throttledSamples * intervalMs) / 1000,
    max_temperature_c: maxTemp,
  };
}

/**
 * Peak GPU memory in the window, bytes: per GPU the highest `memoryUsedBytes` the source polled
 * (NVML, amdgpu), summed over GPUs; null when no GPU reported memory (a CPU-only run).
 */
export function peakGpuMemoryBytes(readings: readonly EnergyReading[]): number | null {
  const peak = new Map<string, number>();
  for (const r of readings.filter((x) => x.scope === 'gpu')) {
    for (const s of r.samples) {
      if (s.memoryUsedBytes === undefined) continue;
      const key = `${r.source}:${s.device}`;
      peak.set(key, Math.max(peak.get(key) ?? 0, s.memoryUsedBytes));
    }
  }
  return peak.size === 0 ? null : [...peak.values()].reduce((a, b) => a + b, 0);
}

/** Computes every SPEC §5 metric this run's engine and sources can support. */
export function buildMetrics(m: MetricsInput): MetricsRecord {
  const ok = m.records.filter((r) => r.error === undefined);
  const tp = throughputMetrics(m.records, m.windowS);
  const lat = latencyMetrics(m.records);
  const head = headlineScope(m.scopes);
  const energy = head?.energy_j ?? null;
  const adjusted = head?.adjusted_energy_j ?? null;
  const adjustedUnc = head?.adjusted_uncertainty?.combined_j ?? null;
  const perToken = (j: number | null) => (j === null || tp.output_tokens === 0 ? null : j / tp.output_tokens);
  // Token counts are exact, so a per-token figure's uncertainty is the energy's ÷ the count.
  const load = head === undefined ? undefined : m.loadScopes.find((s) => s.scope === head.scope);
  const kwh = energy === null ? null : energy / 3.6e6;
  const intensity = m.carbon.grid_intensity_g_per_kwh;
  return {
    energy_scope: head?.scope ?? null,
    energy_j: energy,
    adjusted_energy_j: adjusted,
    energy_uncertainty_j: head?.uncertainty_j ?? null,
    adjusted_energy_uncertainty_j: adjustedUnc,
    j_per_output_token: perToken(energy),
    j_per_output_token_uncertainty: perToken(head?.uncertainty_j ?? null),
    adjusted_j_per_output_token: perToken(adjusted),
    adjusted_j_per_output_token_uncertainty: perToken(adjustedUnc),
    j_per_request: energy === null || tp.requests_ok === 0 ? null : energy / tp.requests_ok,
    wh_per_1000_requests:
      energy === null || tp.requests_ok === 0 ? null : (energy / 3600 / tp.requests_ok) * 1000,
    mean_power_w: head?.mean_power_w ?? null,
    peak_power_w: head?.peak_power_w ?? null,
    load_energy_j: load?.energy_j ?? null,
    output_tokens_per_s: tp.output_tokens_per_s,
    total_tokens_per_s: tp.total_tokens_per_s,
    requests_per_s: tp.requests_per_s,
    ttft_queued: latencyRecord(lat.ttftQueued),
    ttft_service: latencyRecord(lat.ttftService),
    itl: latencyRecord(lat.itl),
    tpot: latencyRecord(lat.tpot),
    e2e_queued: latencyRecord(lat.e2eQueued),
    e2e_service: latencyRecord(lat.e2eService),
    schedule: m.schedule,
    goodput: m.slo === undefined ? null : goodputMetrics(m.records, m.slo, m.windowS, energy, adjusted),
    carbon_g: kwh === null || intensity === null ? null : kwh * m.carbon.pue * intensity,
    flops: m.model ? { ...estimateFlops(m.model, ok) } : null,
    memory: {
      model_bytes:
        m.memory.engine_model_bytes ?? m.memory.rss_after_load_bytes - m.memory.rss_before_load_bytes,
      context_bytes: m.memory.engine_context_bytes,
      rss_before_load_bytes: m.memory.rss_before_load_bytes,
      rss_after_load_bytes: m.memory.rss_after_load_bytes,
      peak_rss_bytes: m.memory.peak_rss_bytes,
      inference_delta_bytes: Math.max(0, m.memory.peak_rss_bytes - m.memory.rss_after_load_bytes),
      peak_gpu_memory_bytes: peakGpuMemoryBytes(m.readings),
    },
    thermal: thermalFigures(m.readings, m.sampleIntervalMs),
  };
}
