/**
 * llenergymeasure: measure the energy, throughput, latency and compute cost of LLM inference.
 * This module is the public API; the `llem` CLI is a thin client of it.
 */
export { prepareConfig, type RunExperimentOptions, runExperiment } from './api/run-experiment.js';
export { configJsonSchema } from './config/json-schema.js';
export { type LoadConfigOptions, type LoadedConfig, loadConfig, resolveConfig } from './config/load.js';
export { type ExperimentConfig, type ExperimentInput, experimentSchema } from './config/schema.js';
export type { Clock } from './core/clock.js';
export { systemClock } from './core/clock.js';
export { ConfigError, type ConfigIssue, type ErrorCode, formatIssues, LlemError } from './core/errors.js';
export type { MetricsRecord, ResultRecord, RunStatus, ScopeEnergy, ValidityRecord } from './core/records.js';
export type { LlemWarning } from './core/warning.js';
export type { EnergyMethod, EnergyReading, EnergyScope, EnergySource } from './energy/source.js';
export type { Engine, EngineCapabilities, InferenceRequest, RequestRecord } from './engines/engine.js';
export type { EventSink, ExperimentEvent, Phase } from './harness/events.js';
export { type TinyModelOptions, type TinySize, type TinyWeightType, writeTinyModel } from './models/tiny.js';
export { llemVersion } from './version.js';
