import { isPlainObject } from '../../config/layers.js';
import { flatten } from '../../config/study-points.js';
import { formatIssue } from '../../core/errors.js';
import type { LlemWarning } from '../../core/warning.js';
import { cyclesForBalance } from '../../study/latin-square.js';
import { studySeed } from '../../study/plan.js';
import type { ExpandedStudy, PlannedRun, StudyExperiment } from '../../study/types.js';
import { EXIT } from '../errors.js';
import { formatDuration as duration, formatBytes } from '../format.js';
import type { CliIo } from '../io.js';
import { writeJsonStream } from '../json-stream.js';
import { type ExperimentEstimate, estimateStudy, type StudyEstimate } from './study-estimate.js';

/** `llem run <study> --dry-run`: the plan (runs, skipped points and why, equivalence groups), memory and duration forecasts. */

/** Rows shown per section in text output (`--json` has everything). */
const SHOWN = { experiments: 60, skipped: 40, equivalents: 40, cycles: 12, perCycle: 40 } as const;

/** A factor's value: strings bare, a group alternative as `{key: value, …}` with dotted keys. */
function shown(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isPlainObject(v)) {
    return `{${Object.entries(flatten(v))
      .map(([k, x]) => `${k}: ${shown(x)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(v);
}

/** Factor keys shortened to their last segment where that is unambiguous in the study. */
function factorNamer(study: ExpandedStudy): (key: string) => string {
  const keys = new Set<string>();
  for (const e of study.experiments) for (const k of Object.keys(e.factors)) keys.add(k);
  const last = (k: string) => k.slice(k.lastIndexOf('.') + 1);
  const count = new Map<string, number>();
  for (const k of keys) count.set(last(k), (count.get(last(k)) ?? 0) + 1);
  return (k) => (count.get(last(k)) === 1 ? last(k) : k);
}

function factorsText(factors: Record<string, unknown>, name: (k: string) => string): string {
  const parts = Object.entries(factors).map(([k, v]) => `${name(k)}=${shown(v)}`);
  return parts.length === 0 ? '(shared fields only)' : parts.join(' ');
}

function more(n: number, limit: number, what: string): string[] {
  return n > limit ? [`    … ${n - limit} more ${what} (--json lists all)`] : [];
}

/** Identical warnings (config, and the forecast's `SHORT_WINDOW`) counted once: `(×12)`. */
function warningLines(study: ExpandedStudy, est?: StudyEstimate): string[] {
  const counts = new Map<string, { w: LlemWarning; n: number }>();
  const forecast = (est?.experiments ?? []).flatMap((e) =>
    e.duration.warnings.map((w) => ({ ...w, message: `experiment ${e.index}: ${w.message}` })),
  );
  for (const w of [...study.warnings, ...study.experiments.flatMap((e) => e.warnings), ...forecast]) {
    const key = `${w.code}\u0000${w.message}`;
    const entry = counts.get(key);
    if (entry) entry.n++;
    else counts.set(key, { w, n: 1 });
  }
  return [...counts.values()].map(({ w, n }) => `warning ${w.code}: ${w.message}${n > 1 ? ` (×${n})` : ''}`);
}

function experimentLine(
  e: StudyExperiment,
  estimates: ReadonlyMap<number, ExperimentEstimate>,
  name: (k: string) => string,
): string {
  const x = estimates.get(e.index);
  const mem = x?.memory ? `  mem ${formatBytes(x.memory.total_bytes)}` : '';
  const floor =
    x && x.duration.thermal_floor_max_s > 0 ? ` + floor ≤ ${duration(x.duration.thermal_floor_max_s)}` : '';
  const time = x ? `  ~${duration(x.duration.total_s - x.duration.thermal_floor_max_s)}/run${floor}` : '';
  return `  ${String(e.index).padStart(4)}  ${e.config_hash.slice(0, 8)}  ${e.slug}  ${factorsText(e.factors, name)}${mem}${time}`;
}

function orderLines(study: ExpandedStudy, runs: readonly PlannedRun[]): string[] {
  const cycles = new Map<number, number[]>();
  for (const r of runs) {
    const list = cycles.get(r.cycle) ?? [];
    list.push(r.experiment);
    cycles.set(r.cycle, list);
  }
  const lines = [...cycles.entries()].slice(0, SHOWN.cycles).map(([c, list]) => {
    const head = list.slice(0, SHOWN.perCycle).join(' ');
    return `    cycle ${c}: ${head}${list.length > SHOWN.perCycle ? ` … (${list.length} runs)` : ''}`;
  });
  lines.push(...more(cycles.size, SHOWN.cycles, 'cycles'));
  const n = study.experiments.length;
  const balance = cyclesForBalance(n);
  if (study.execution.order === 'latin_square' && cycles.size % balance !== 0) {
    lines.push(
      `    note: latin_square balances position and carryover over multiples of ${balance} cycles for ${n} experiments; ${cycles.size} cycle(s) are only partly balanced`,
    );
  }
  return lines;
}

function seedText(study: ExpandedStudy): string {
  if (study.execution.order !== 'shuffled') return '';
  const from = study.execution.seed === null ? ' derived from the study hash' : '';
  return ` (seed ${studySeed(study)}${from})`;
}

function textPlan(
  study: ExpandedStudy,
  runs: readonly PlannedRun[],
  est: StudyEstimate | undefined,
): string[] {
  const name = factorNamer(study);
  const estimates = new Map(est?.experiments.map((e) => [e.index, e]));
  const cycles = new Set(runs.map((r) => r.cycle)).size;
  const equivalents = study.experiments.filter((e) => e.equivalents.length > 0);
  const generated =
    study.experiments.length +
    study.skipped.length +
    equivalents.reduce((n, e) => n + e.equivalents.length, 0);
  const lines = [
    `Study ${study.name}${study.file ? ` (${study.file})` : ''}  study_hash ${study.study_hash.slice(0, 8)}`,
    `Plan: ${study.experiments.length} experiment(s) × ${cycles} cycle(s) = ${runs.length} runs, order ${study.execution.order}${seedText(study)}; ${generated} point(s) generated, ${study.skipped.length} skipped, ${generated - study.skipped.length - study.experiments.length} equivalent`,
    'Experiments (index, config_hash, name, factors):',
    ...study.experiments.slice(0, SHOWN.experiments).map((e) => experimentLine(e, estimates, name)),
    ...more(study.experiments.length, SHOWN.experiments, 'experiments'),
  ];
  if (equivalents.length > 0) {
    lines.push('Equivalent configurations (normalise to the same config; each group runs once):');
    for (const e of equivalents.slice(0, SHOWN.equivalents)) {
      const others = e.equivalents.map((f) => factorsText(f, name)).join('; ');
      lines.push(`  ${String(e.index).padStart(4)}  ${factorsText(e.factors, name)}  ≡  ${others}`);
    }
    lines.push(...more(equivalents.length, SHOWN.equivalents, 'groups'));
  }
  lines.push(
    study.skipped.length === 0 ? 'Skipped points: none' : `Skipped points (${study.skipped.length}):`,
  );
  for (const s of study.skipped.slice(0, SHOWN.skipped)) {
    lines.push(`    ${factorsText(s.factors, name)}`);
    for (const r of s.reasons) lines.push(`      ${formatIssue(r)}`);
  }
  lines.push(...more(study.skipped.length, SHOWN.skipped, 'skipped points'));
  lines.push('Run order (experiment indexes per cycle):', ...orderLines(study, runs));
  if (est) {
    const x = study.execution;
    lines.push(
      `Estimated duration: ${duration(est.total_s)} = runs ${duration(est.runs_s)} + gaps ${duration(est.gaps_s)} (${est.experiment_gaps} × ${x.experiment_gap_s} s between experiments, ${est.cycle_gaps} × ${x.cycle_gap_s} s between cycles)`,
    );
    if (est.thermal_floor_s > 0) {
      lines.push(
        `  ${duration(est.total_s - est.thermal_floor_s)} where no energy source reports a temperature: the thermal floors (${duration(est.thermal_floor_s)} in all) are then skipped`,
      );
    }
    for (const a of est.assumptions.slice(0, 8)) lines.push(`  assumes ${a}`);
    const notes = [...new Set(est.experiments.flatMap((e) => (e.note ? [e.note] : [])))];
    for (const n of notes) lines.push(`note: ${n}`);
  }
  lines.push(...warningLines(study, est));
  return lines;
}

function jsonPlan(
  study: ExpandedStudy,
  runs: readonly PlannedRun[],
  est: StudyEstimate | undefined,
): unknown {
  const byIndex = new Map(est?.experiments.map((e) => [e.index, e]));
  return {
    study: {
      name: study.name,
      file: study.file ?? null,
      study_hash: study.study_hash,
      seed: studySeed(study),
    },
    execution: study.execution,
    // A generator, not a mapped copy: the JSON is streamed one experiment at a time.
    experiments: (function* () {
      for (const e of study.experiments) {
        const forecast = byIndex.get(e.index);
        yield {
          ...e,
          memory_estimate: forecast?.memory ?? null,
          duration_estimate: forecast?.duration ?? null,
        };
      }
    })(),
    skipped: study.skipped,
    runs,
    duration_estimate: est
      ? {
          total_s: est.total_s,
          runs_s: est.runs_s,
          gaps_s: est.gaps_s,
          experiment_gaps: est.experiment_gaps,
          cycle_gaps: est.cycle_gaps,
          thermal_floor_s: est.thermal_floor_s,
          assumptions: est.assumptions,
        }
      : null,
    warnings: study.warnings,
  };
}

/** Prints the plan of an expanded study (text, or JSON on stdout with `json`); returns the exit code. */
export async function renderStudyPlan(
  study: ExpandedStudy,
  runs: readonly PlannedRun[],
  io: CliIo,
  o: { json: boolean; estimate?: StudyEstimate },
): Promise<number> {
  // Streamed in chunks, each waiting for stdout to drain: the text of a 100,000-point plan is
  // hundreds of MB, and a pipe's queue would otherwise hold all of it.
  if (o.json)
    await writeJsonStream(jsonPlan(study, runs, o.estimate), (text) => (io.outDrained ?? io.out)(text));
  else io.out(`${textPlan(study, runs, o.estimate).join('\n')}\n`);
  return EXIT.ok;
}

/** `--dry-run` for a study: forecasts memory and duration, then prints the plan. */
export async function studyDryRun(
  study: ExpandedStudy,
  runs: readonly PlannedRun[],
  io: CliIo,
  o: { json: boolean },
): Promise<number> {
  const estimate = await estimateStudy(study, runs, io);
  return renderStudyPlan(study, runs, io, { json: o.json, estimate });
}
