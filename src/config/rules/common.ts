import { MAX_PLANNED_ARRIVALS } from '../../core/arrivals.js';
import { PRESET_SECTION } from '../engine-sections.js';
import { ENGINE_SECTIONS, type ExperimentConfig } from '../schema.js';
import { edited, type Rule } from './rule.js';

/** Rules that hold for every engine: engine sections, dataset, load pattern, warmup, energy. */

const sectionRules: Rule[] = ENGINE_SECTIONS.map((section) => ({
  id: 'engine_section_mismatch',
  severity: 'error',
  path: [section],
  when: (c: ExperimentConfig) => c[section] !== undefined && c.engine !== section && !presetReads(c, section),
  message: (c: ExperimentConfig) =>
    `section ${section} is only valid with engine: ${section} (engine is ${c.engine})`,
  fix: `remove it or set engine: ${section}`,
}));

/** True when `engine: openai` launches a preset that maps `section` to server flags. */
function presetReads(c: ExperimentConfig, section: string): boolean {
  const preset = c.engine === 'openai' ? c.openai?.launch?.preset : undefined;
  return preset !== undefined && PRESET_SECTION[preset] === section;
}

const synthetic = (c: ExperimentConfig) => c.dataset.source === 'synthetic';

/** Rules for every engine. */
export const commonRules: readonly Rule[] = [
  ...sectionRules,
  ...(['input_tokens', 'output_tokens'] as const).flatMap((field): Rule[] => [
    {
      id: 'synthetic_tokens_required',
      severity: 'error',
      path: ['dataset', field],
      when: (c) => synthetic(c) && c.dataset[field] === undefined,
      message: 'required with dataset.source: synthetic',
      fix: `add dataset.${field} (exact length in tokens)`,
    },
    {
      id: 'synthetic_tokens_only',
      severity: 'error',
      path: ['dataset', field],
      when: (c) => !synthetic(c) && c.dataset[field] !== undefined,
      message: (c) => `only used with dataset.source: synthetic (source is ${c.dataset.source})`,
      fix: `remove dataset.${field} or set dataset.source: synthetic`,
    },
  ]),
  {
    id: 'synthetic_input_truncated',
    severity: 'error',
    path: ['dataset', 'input_tokens'],
    when: (c) => synthetic(c) && (c.dataset.input_tokens ?? 0) > c.max_input_tokens,
    message: (c) =>
      `${c.dataset.input_tokens} exceeds max_input_tokens (${c.max_input_tokens}); prompts would be truncated`,
    fix: 'raise max_input_tokens or lower dataset.input_tokens',
  },
  {
    id: 'concurrency_required',
    severity: 'error',
    path: ['load', 'concurrency'],
    when: (c) => c.load.mode === 'concurrency' && c.load.concurrency === undefined,
    message: 'required with load.mode: concurrency (requests in flight)',
    fix: 'add load.concurrency, e.g. 8',
  },
  {
    id: 'rate_required',
    severity: 'error',
    path: ['load', 'rate_rps'],
    when: (c) => c.load.mode === 'rate' && c.load.rate_rps === undefined,
    message: 'required with load.mode: rate (mean arrivals per second)',
    fix: 'add load.rate_rps, e.g. 2',
  },
  {
    id: 'rate_schedule_too_long',
    severity: 'error',
    path: ['load', 'rate_rps'],
    when: (c) =>
      c.load.mode === 'rate' &&
      (c.load.rate_rps ?? 0) * (c.load.fill_min_window ? c.measurement.energy.min_window_s : 0) >
        MAX_PLANNED_ARRIVALS,
    message: (c) =>
      `${c.load.rate_rps} requests/s for min_window_s ${c.measurement.energy.min_window_s} s plans more than ${MAX_PLANNED_ARRIVALS} requests`,
    fix: 'lower load.rate_rps or measurement.energy.min_window_s',
  },
  {
    id: 'dormant_concurrency',
    severity: 'dormant',
    path: ['load', 'concurrency'],
    when: (c) => c.load.mode !== 'concurrency' && c.load.concurrency !== undefined,
    message: (c) => `ignored with load.mode: ${c.load.mode}; removed`,
    fix: 'remove it or set load.mode: concurrency',
    normalise: (c) => edited(c, (x) => delete x.load.concurrency),
  },
  {
    id: 'dormant_rate_rps',
    severity: 'dormant',
    path: ['load', 'rate_rps'],
    when: (c) => c.load.mode !== 'rate' && c.load.rate_rps !== undefined,
    message: (c) => `ignored with load.mode: ${c.load.mode}; removed`,
    fix: 'remove it or set load.mode: rate',
    normalise: (c) => edited(c, (x) => delete x.load.rate_rps),
  },
  {
    id: 'dormant_burstiness',
    severity: 'dormant',
    path: ['load', 'burstiness'],
    when: (c) => c.load.burstiness !== 1 && (c.load.mode !== 'rate' || c.load.arrival !== 'gamma'),
    message: 'only shapes gamma arrivals in rate mode; reset to 1',
    fix: 'remove it or set load.mode: rate with load.arrival: gamma',
    normalise: (c) =>
      edited(c, (x) => {
        x.load.burstiness = 1;
      }),
  },
  {
    id: 'short_thermal_floor',
    severity: 'warn',
    path: ['measurement', 'warmup', 'thermal_floor_s'],
    when: (c) => c.measurement.warmup.thermal_floor_s < 30,
    message: (c) =>
      `${c.measurement.warmup.thermal_floor_s} s is below 30 s; the GPU may not reach a steady temperature (recorded as a validity warning)`,
    fix: 'use at least 30 s (60 s is the default) for publishable figures',
  },
  {
    id: 'convergence_bounds',
    severity: 'error',
    path: ['measurement', 'warmup', 'convergence', 'min_prompts'],
    when: (c) => c.measurement.warmup.convergence.min_prompts > c.measurement.warmup.convergence.max_prompts,
    message: (c) =>
      `${c.measurement.warmup.convergence.min_prompts} exceeds max_prompts (${c.measurement.warmup.convergence.max_prompts})`,
    fix: 'make min_prompts ≤ max_prompts',
  },
  {
    id: 'convergence_window',
    severity: 'error',
    path: ['measurement', 'warmup', 'convergence', 'window'],
    when: (c) => c.measurement.warmup.convergence.window > c.measurement.warmup.convergence.max_prompts,
    message: (c) =>
      `${c.measurement.warmup.convergence.window} exceeds max_prompts (${c.measurement.warmup.convergence.max_prompts}); the CV could never be computed`,
    fix: 'make window ≤ max_prompts',
  },
  {
    id: 'dormant_convergence',
    severity: 'dormant',
    path: ['measurement', 'warmup', 'convergence', 'enabled'],
    when: (c) => !c.measurement.warmup.enabled && c.measurement.warmup.convergence.enabled,
    message: 'ignored when measurement.warmup.enabled is false; turned off',
    fix: 'remove convergence.enabled or set measurement.warmup.enabled: true',
    normalise: (c) =>
      edited(c, (x) => {
        x.measurement.warmup.convergence.enabled = false;
      }),
  },
  {
    id: 'energy_command_required',
    severity: 'error',
    path: ['measurement', 'energy', 'command'],
    when: (c) =>
      Array.isArray(c.measurement.energy.sources) &&
      c.measurement.energy.sources.includes('command') &&
      c.measurement.energy.command === undefined,
    message: 'required when measurement.energy.sources lists command',
    fix: 'add measurement.energy.command: the argv of a program that prints watts',
  },
  {
    id: 'dormant_energy_command',
    severity: 'dormant',
    path: ['measurement', 'energy', 'command'],
    when: (c) =>
      Array.isArray(c.measurement.energy.sources) &&
      !c.measurement.energy.sources.includes('command') &&
      c.measurement.energy.command !== undefined,
    message: 'ignored because measurement.energy.sources does not list command; removed',
    fix: 'add command to sources, use sources: auto, or remove it',
    normalise: (c) => edited(c, (x) => delete x.measurement.energy.command),
  },
];
