/**
 * llenergymeasure: measure the energy, throughput, latency and compute cost of LLM inference.
 * This module is the public API; the `llem` CLI is a thin client of it.
 */

export {
  type Aggregate,
  type AggregateNote,
  aggregate,
  type ConfigurationSummary,
  configurationsWithoutValidCycle,
  type ExclusionSummary,
  excludingChecks,
  type ScopeAggregate,
} from './analysis/aggregate.js';
export { type AnalyseOptions, type Analysis, analyse } from './analysis/analyse.js';
export type { Comparison } from './analysis/compare.js';
export type { FactorEffect, LevelContrast, LevelMean } from './analysis/effects.js';
export type { ExperimentFactors } from './analysis/factors.js';
export type { Interaction } from './analysis/interactions.js';
export type {
  ConfigurationPoint,
  DesignSummary,
  MetricAnalysis,
  ParetoFront,
  ScopeAnalysis,
} from './analysis/scope.js';
export type { ExcludedRun } from './analysis/select.js';
export {
  type Diagnosis,
  diagnose,
  type EnergySourceDiagnosis,
  type EngineDiagnosis,
} from './api/doctor.js';
export {
  type ExperimentPlan,
  estimateRun,
  type ForecastOptions,
  type PlanStudyOptions,
  planExperiment,
  planStudy,
  type RunEstimate,
  type StudyPlan,
} from './api/plan.js';
export { prepareConfig, type RunExperimentOptions, runExperiment } from './api/run-experiment.js';
export {
  type RunStudyOptions,
  resumeStudy,
  runStudy,
  type StartStudyOptions,
  type StudyRunOptions,
  type StudySummary,
  startStudy,
} from './api/run-study.js';
export { type PairStatus, type StudyStatusReport, studyStatus } from './api/study-status.js';
export { configJsonSchema } from './config/json-schema.js';
export {
  type LoadConfigOptions,
  type LoadedConfig,
  type LoadedStudy,
  type LoadStudyOptions,
  loadConfig,
  loadStudy,
  resolveConfig,
  resolveStudy,
} from './config/load.js';
export { type ExperimentConfig, type ExperimentInput, experimentSchema } from './config/schema.js';
export { type StarterKind, starterConfig } from './config/starter.js';
export type { ExecutionInput } from './config/study-schema.js';
export type { Clock } from './core/clock.js';
export { systemClock } from './core/clock.js';
export { ConfigError, type ConfigIssue, type ErrorCode, formatIssues, LlemError } from './core/errors.js';
export type {
  EnergySourceRecord,
  FailedRecord,
  InterruptedRecord,
  LatencyRecord,
  MetricsRecord,
  OkRecord,
  ResultRecord,
  RunError,
  RunStatus,
  ScheduleRecord,
  ScopeEnergy,
  ValidityRecord,
} from './core/records.js';
export { recordJsonSchema, resultRecordSchema, validateRecord } from './core/records.js';
export type { LlemWarning } from './core/warning.js';
export type {
  EnergyDevice,
  EnergyMethod,
  EnergyReading,
  EnergyScope,
  EnergySource,
} from './energy/source.js';
export type {
  Engine,
  EngineCapabilities,
  EngineForecast,
  InferenceRequest,
  MemoryEstimate,
  ModelInfo,
  RequestRecord,
} from './engines/engine.js';
export type { DurationEstimate } from './harness/duration-estimate.js';
export type { EventSink, ExperimentEvent, Phase } from './harness/events.js';
export { type TinyModelOptions, type TinySize, type TinyWeightType, writeTinyModel } from './models/tiny.js';
export { type LoadReportOptions, loadReportInput } from './report/load.js';
export { renderReport } from './report/render.js';
export type {
  RenderedReport,
  RenderReportOptions,
  ReportExperiment,
  ReportInput,
  RunTimeseries,
  TimeseriesPoint,
} from './report/types.js';
export { type WriteReportOptions, type WrittenReport, writeReport } from './report/write.js';
export { parseWhere, type RunFilter, type WhereClause } from './store/filter.js';
export type { Cell, FlatRow } from './store/flatten.js';
export { RESULTS_FILES, RUN_FILES, STUDY_FILES } from './store/layout.js';
export {
  createStore,
  type ExportFormat,
  type IndexReport,
  ResultsStore,
  type StoreOptions,
} from './store/results-store.js';
export type { StudyCounts, StudyEvent, StudyEventSink, StudyStatus } from './study/events.js';
export { type ExpandStudyOptions, expandStudy } from './study/expand.js';
export type { ExperimentEstimate, StudyEstimate } from './study/forecast.js';
export { type PlanOptions, planRuns } from './study/plan.js';
export type {
  ExecutionConfig,
  ExpandedStudy,
  PlannedRun,
  StudyExperiment,
  StudyOrder,
} from './study/types.js';
export { llemVersion } from './version.js';
