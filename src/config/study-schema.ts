import { z } from 'zod';

/**
 * The `execution:` block of a study (SPEC §2.2, §6): how many cycles, in which order, with which
 * gaps, timeouts and isolation, on which executor. Every field is optional in the file; the
 * loader layers CLI values > file > user config gaps > caller defaults > the built-in defaults
 * given in the descriptions, so the schema itself carries no defaults.
 */

/** The orders a study's (experiment, cycle) pairs can run in; see `src/study/plan.ts`. */
export const STUDY_ORDERS = ['sequential', 'interleaved', 'shuffled', 'reversed', 'latin_square'] as const;

/** Built-in execution defaults (SPEC §2.2); `n_cycles` is 1 for the library (the CLI passes 3). */
export const EXECUTION_DEFAULTS = {
  n_cycles: 1,
  order: 'shuffled',
  seed: null,
  experiment_gap_s: 60,
  cycle_gap_s: 300,
  cooldown: null,
  max_consecutive_failures: 10,
  experiment_timeout_s: 1800,
  timeout_h: null,
  isolation: 'process',
  executor: 'local',
  slurm: null,
} as const;

/**
 * Slurm's `--time` formats: minutes, minutes:seconds, hours:minutes:seconds, days-hours,
 * days-hours:minutes, days-hours:minutes:seconds, and UNLIMITED (as a JSON Schema pattern).
 */
export const SLURM_TIME_PATTERN =
  '^(\\d+|\\d+:\\d{1,2}|\\d+:\\d{1,2}:\\d{1,2}|\\d+-\\d{1,2}|\\d+-\\d{1,2}:\\d{1,2}|\\d+-\\d{1,2}:\\d{1,2}:\\d{1,2}|UNLIMITED|unlimited|INFINITE|infinite)$';
const SLURM_TIME = new RegExp(SLURM_TIME_PATTERN);

/** Slurm settings for `executor: slurm` (one job-array task per planned run). */
export const slurmSchema = z
  .strictObject({
    partition: z
      .string()
      .min(1)
      .optional()
      .describe('Partition (sbatch --partition); default: the cluster default'),
    account: z.string().min(1).optional().describe('Account charged (sbatch --account)'),
    time_limit: z
      .string()
      .refine((s) => SLURM_TIME.test(s), {
        message: 'expected a Slurm time: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS',
      })
      .optional()
      .describe('Wall-clock limit per task (sbatch --time), e.g. 02:00:00 or 1-00:00:00'),
    gres: z
      .string()
      .min(1)
      .optional()
      .describe("Generic resources (sbatch --gres), e.g. gpu:1; default: from the engine's parallelism"),
    extra_args: z
      .array(z.string().min(1))
      .optional()
      .describe('Further sbatch arguments, one per item, e.g. ["--qos=high", "--exclusive"]'),
    array_limit: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        'Tasks of the job array running at once (sbatch --array=0-N%k); 1 keeps the study order exactly [no limit]',
      ),
  })
  .describe('Slurm settings, used with executor: slurm');

/** The GPU temperature cool-down between runs. */
export const cooldownSchema = z
  .strictObject({
    within_c: z
      .number()
      .positive()
      .describe('Wait until the GPU is within this many °C of its baseline temperature (capped by the gap)'),
  })
  .describe('Temperature cool-down between runs, where a source reports temperature');

/** The `execution:` block as written (every field optional). */
export const executionSchema = z
  .strictObject({
    n_cycles: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Repetitions of the whole design [3 from the CLI, 1 from the library]'),
    order: z.enum(STUDY_ORDERS).optional().describe('Run order of (experiment, cycle) pairs [shuffled]'),
    seed: z
      .number()
      .int()
      .nullable()
      .optional()
      .describe(
        'Seed of the shuffled order [null: derived from the study hash, so a rerun repeats the order]',
      ),
    experiment_gap_s: z.number().min(0).optional().describe('Pause between experiments, seconds [60]'),
    cycle_gap_s: z.number().min(0).optional().describe('Pause between cycles, seconds [300]'),
    cooldown: cooldownSchema.nullable().optional(),
    max_consecutive_failures: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Circuit breaker: stop after this many failures in a row [10]'),
    experiment_timeout_s: z
      .number()
      .positive()
      .optional()
      .describe('A run still going after this many seconds is killed and recorded as failed [1800]'),
    timeout_h: z
      .number()
      .positive()
      .nullable()
      .optional()
      .describe('Wall-clock limit of the whole study, hours [null: none]'),
    isolation: z
      .enum(['process', 'shared'])
      .optional()
      .describe(
        'process: each run in a child process; shared: reuse a loaded model across matching runs [process]',
      ),
    executor: z.enum(['local', 'slurm']).optional().describe('Where runs execute [local]'),
    slurm: slurmSchema.optional(),
  })
  .describe('How the study runs: cycles, order, gaps, timeouts, isolation, executor');

/** The `execution:` block as written. */
export type ExecutionInput = z.input<typeof executionSchema>;

/** Slurm settings, resolved. */
export type SlurmSettings = z.output<typeof slurmSchema>;

/** The execution block with every default applied (the shape of `ExecutionConfig` in `study/types.ts`). */
export interface ResolvedExecution {
  n_cycles: number;
  order: (typeof STUDY_ORDERS)[number];
  seed: number | null;
  experiment_gap_s: number;
  cycle_gap_s: number;
  cooldown: { within_c: number } | null;
  max_consecutive_failures: number;
  experiment_timeout_s: number;
  timeout_h: number | null;
  isolation: 'process' | 'shared';
  executor: 'local' | 'slurm';
  slurm: SlurmSettings | null;
}

/** Fills every field left unset in a validated execution block from the built-in defaults. */
export function withExecutionDefaults(parsed: z.output<typeof executionSchema>): ResolvedExecution {
  const d = EXECUTION_DEFAULTS;
  return {
    n_cycles: parsed.n_cycles ?? d.n_cycles,
    order: parsed.order ?? d.order,
    seed: parsed.seed ?? d.seed,
    experiment_gap_s: parsed.experiment_gap_s ?? d.experiment_gap_s,
    cycle_gap_s: parsed.cycle_gap_s ?? d.cycle_gap_s,
    cooldown: parsed.cooldown ?? d.cooldown,
    max_consecutive_failures: parsed.max_consecutive_failures ?? d.max_consecutive_failures,
    experiment_timeout_s: parsed.experiment_timeout_s ?? d.experiment_timeout_s,
    timeout_h: parsed.timeout_h ?? d.timeout_h,
    isolation: parsed.isolation ?? d.isolation,
    executor: parsed.executor ?? d.executor,
    slurm: parsed.slurm ?? d.slurm,
  };
}
