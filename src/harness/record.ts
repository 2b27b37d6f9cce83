import type { ExperimentConfig } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { LlemError } from '../core/errors.js';
import {
  failedRecord,
  interruptedRecord,
  okRecord,
  type RecordBody,
  type RecordIdentity,
  type ResultRecord,
  type RunError,
} from '../core/records.js';
import type { LlemWarning } from '../core/warning.js';
import type { EnergyProbe, EnergyReading } from '../energy/source.js';
import type { EngineCapabilities, EngineProbe, ModelInfo } from '../engines/engine.js';
import { llemVersion } from '../version.js';
import type { Baseline } from './baseline.js';
import { runChecks } from './checks.js';
import { scopeTotals, sourceRecord } from './energy-figures.js';
import type { EnvironmentSnapshot } from './environment.js';
import { buildMetrics } from './metrics.js';
import type { ThermalPlateau } from './thermal.js';
import { summariseValidity } from './validity.js';
import type { ThermalFloorOutcome, WarmupOutcome } from './warmup.js';
import type { WindowOutcome } from './window.js';

/** Facts gathered while an experiment runs; filled in phase by phase. */
export interface RunFacts {
  config: ExperimentConfig;
  configHash: string;
  studyHash: string;
  cycle: number;
  startedAt: string;
  environment: EnvironmentSnapshot;
  engineName: string;
  engineProbe: EngineProbe;
  capabilities: EngineCapabilities;
  engineSettings?: Record<string, unknown>;
  engineMemory?: { modelBytes?: number; contextBytes?: number };
  warnings: LlemWarning[];
  probes: EnergyProbe[];
  chosen: string[];
  dataset: Record<string, unknown> | null;
  model?: ModelInfo;
  baseline?: Baseline;
  loadReadings?: EnergyReading[];
  memoryBeforeLoad?: number;
  memoryAfterLoad?: number;
  warmup?: WarmupOutcome;
  thermalFloor?: ThermalFloorOutcome & { plateau?: ThermalPlateau | null };
  warmToWindowS?: number | null;
  timings: Record<string, number>;
  files: ResultRecord['files'];
}

/** Builds the complete result record from the facts and (when it ran) the window. */
export function assembleRecord(
  f: RunFacts,
  w: WindowOutcome | undefined,
  outcome: RunOutcome,
  clock: Clock,
): ResultRecord {
  const baselinePower = f.baseline?.power_w ?? null;
  const scopes = w ? scopeTotals(w.readings, f.baseline ?? null) : [];
  const loadScopes = scopeTotals(f.loadReadings ?? [], null);
  const interval = f.config.measurement.energy.sample_interval_ms;
  const metrics = w
    ? buildMetrics({
        records: w.records,
        windowS: w.durationS,
        scopes,
        loadScopes,
        model: f.model,
        carbon: f.config.carbon,
        memory: {
          rss_before_load_bytes: f.memoryBeforeLoad ?? 0,
          rss_after_load_bytes: f.memoryAfterLoad ?? 0,
          peak_rss_bytes: w.peakRssBytes,
          engine_model_bytes: f.engineMemory?.modelBytes ?? null,
          engine_context_bytes: f.engineMemory?.contextBytes ?? null,
        },
        readings: w.readings,
        sampleIntervalMs: interval,
        schedule: w.schedule ?? null,
        slo: f.config.slo,
      })
    : null;
  const checks = w
    ? runChecks({
        config: f.config,
        capabilities: f.capabilities,
        windowS: w.durationS,
        readings: w.readings,
        records: w.records,
        baselinePowerW: baselinePower,
        ...(f.baseline ? { baselineSourcePowerW: f.baseline.source_power_w } : {}),
        baselineCpuShare: f.baseline?.cpu_share ?? null,
        warmToWindowS: f.thermalFloor?.applied ? (f.warmToWindowS ?? undefined) : undefined,
        ...(f.thermalFloor && !f.thermalFloor.applied ? { thermalFloorSkipped: f.thermalFloor.reason } : {}),
        thermalPlateau: f.thermalFloor?.plateau ?? null,
        processCpuS: w.processCpuS,
        ...(w.pacingWaitS === undefined ? {} : { pacingWaitS: w.pacingWaitS }),
      })
    : [];
  const summary = summariseValidity(checks);
  const ok = w?.records.filter((r) => r.error === undefined) ?? [];
  const id: RecordIdentity = {
    llemVersion: llemVersion(),
    config: f.config,
    configHash: f.configHash,
    studyHash: f.studyHash,
    cycle: f.cycle,
    startedAt: f.startedAt,
    endedAt: new Date(clock.wallMs()).toISOString(),
    files: f.files,
  };
  const body: RecordBody = {
    engine: {
      name: f.engineName,
      version: f.engineProbe.version ?? null,
      device: f.engineProbe.device ?? null,
      capabilities: f.capabilities,
      settings: f.engineSettings ?? {},
    },
    model: f.model ? { ...f.model } : {},
    dataset: f.dataset ?? {},
    environment: { ...f.environment },
    timings: {
      baseline_s: f.timings.baseline_s ?? null,
      load_s: f.timings.load_s ?? null,
      warmup_s: f.timings.warmup_s ?? null,
      thermal_floor_s: f.timings.thermal_floor_s ?? null,
      window_s: f.timings.window_s ?? null,
    },
    tokens: {
      input: ok.reduce((a, r) => a + r.inputTokens, 0),
      output: ok.reduce((a, r) => a + r.outputTokens, 0),
      requests_ok: ok.length,
      requests_failed: (w?.records.length ?? 0) - ok.length,
    },
    energy: {
      sources: w ? w.readings.map(sourceRecord) : [],
      scopes,
      probes: f.probes.map((p) => ({ source: p.source, available: p.available, reason: p.reason })),
      chosen: f.chosen,
      load: (f.loadReadings ?? []).map(sourceRecord),
      load_scopes: loadScopes,
    },
    baseline: f.baseline ? { ...f.baseline } : null,
    warmup: f.warmup ? { ...f.warmup } : null,
    thermal_floor: f.thermalFloor ? { ...f.thermalFloor } : null,
    validity: { valid: summary.valid, errors: summary.errors, warnings: summary.warnings, checks },
    warnings: [...f.warnings, ...thermalWarning(f.thermalFloor)],
  };
  if (outcome.status === 'ok') {
    if (metrics === null) throw new LlemError('ERR_INTERNAL', 'an ok record needs the window it measured');
    return okRecord(id, body, metrics);
  }
  if (outcome.status === 'failed') return failedRecord(id, outcome.error, body, metrics);
  return interruptedRecord(id, outcome.error, body, metrics);
}

/** How the run ended: `ok`, or `failed`/`interrupted` with the error (none for an interrupted window). */
export type RunOutcome =
  | { status: 'ok' }
  | { status: 'failed'; error: RunError }
  | { status: 'interrupted'; error: RunError | null };

function thermalWarning(t: ThermalFloorOutcome | undefined): LlemWarning[] {
  if (t === undefined || t.applied || t.configured_s <= 0) return [];
  return [{ code: 'THERMAL_FLOOR_SKIPPED', message: `thermal floor of ${t.configured_s} s ${t.reason}` }];
}
