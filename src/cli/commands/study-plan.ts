import { type PlanStudyOptions, planStudy, type StudyPlan } from '../../api/plan.js';
import { formatIssue } from '../../core/errors.js';
import type { ExpandedStudy, LlemWarning, PlannedRun } from '../../index.js';
import { EXIT } from '../errors.js';
import { formatDuration as duration, formatBytes } from '../format.js';
import type { CliIo } from '../io.js';
import { writeJsonStream } from '../json-stream.js';

/** `llem run <study> --dry-run`: the plan (runs, skipped points and why, equivalence groups), memory and duration forecasts. */

/** Rows shown per section in text output (`--json` has everything). */
const SHOWN = { experiments: 60, skipped: 40, equivalents: 40, cycles: 12, perCycle: 40 } as const;

type PlannedExperiment = StudyPlan['experiments'][number];

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{a: {b: 1}}` → `[['a.b', 1]]`: a group alternative's keys as dotted paths. */
function dotted(v: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(v).flatMap(([k, x]): [string, unknown][] =>
    isMapping(x) && Object.keys(x).length > 0 ? dotted(x, `${prefix}${k}.`) : [[`${prefix}${k}`, x]],
  );
}

/** A factor's value: strings bare, a group alternative as `{key: value, …}` with dotted keys. */
function shown(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isMapping(v)) {
    return `{${dotted(v)
      .map(([k, x]) => `${k}: ${shown(x)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(v);
}

/** Factor keys shortened to their last segment where that is unambiguous in the study. */
function factorNamer(plan: StudyPlan): (key: string) => string {
  const keys = new Set<string>();
  for (const e of plan.experiments) for (const k of Object.keys(e.factors)) keys.add(k);
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
function warningLines(plan: StudyPlan): string[] {
  const counts = new Map<string, { w: LlemWarning; n: number }>();
  const forecast = plan.experiments.flatMap((e) =>
    e.duration_estimate.warnings.map((w) => ({ ...w, message: `experiment ${e.index}: ${w.message}` })),
  );
  for (const w of [...plan.warnings, ...plan.experiments.flatMap((e) => e.warnings), ...forecast]) {
    const key = `${w.code}\u0000${w.message}`;
    const entry = counts.get(key);
    if (entry) entry.n++;
    else counts.set(key, { w, n: 1 });
  }
  return [...counts.values()].map(({ w, n }) => `warning ${w.code}: ${w.message}${n > 1 ? ` (×${n})` : ''}`);
}

function experimentLine(e: PlannedExperiment, name: (k: string) => string): string {
  const d = e.duration_estimate;
  const mem = e.memory_estimate ? `  mem ${formatBytes(e.memory_estimate.total_bytes)}` : '';
  const floor = d.thermal_floor_max_s > 0 ? ` + floor ≤ ${duration(d.thermal_floor_max_s)}` : '';
  const time = `  ~${duration(d.total_s - d.thermal_floor_max_s)}/run${floor}`;
  return `  ${String(e.index).padStart(4)}  ${e.config_hash.slice(0, 8)}  ${e.slug}  ${factorsText(e.factors, name)}${mem}${time}`;
}

function orderLines(plan: StudyPlan): string[] {
  const cycles = new Map<number, number[]>();
  for (const r of plan.runs) {
    const list = cycles.get(r.cycle) ?? [];
    list.push(r.experiment);
    cycles.set(r.cycle, list);
  }
  const lines = [...cycles.entries()].slice(0, SHOWN.cycles).map(([c, list]) => {
    const head = list.slice(0, SHOWN.perCycle).join(' ');
    return `    cycle ${c}: ${head}${list.length > SHOWN.perCycle ? ` … (${list.length} runs)` : ''}`;
  });
  lines.push(...more(cycles.size, SHOWN.cycles, 'cycles'));
  const balance = plan.balance_cycles;
  if (balance !== null && cycles.size % balance !== 0) {
    lines.push(
      `    note: latin_square balances position and carryover over multiples of ${balance} cycles for ${plan.experiments.length} experiments; ${cycles.size} cycle(s) are only partly balanced`,
    );
  }
  return lines;
}

function seedText(plan: StudyPlan): string {
  if (plan.execution.order !== 'shuffled') return '';
  const from = plan.execution.seed === null ? ' derived from the study hash' : '';
  return ` (seed ${plan.study.seed}${from})`;
}

function textPlan(plan: StudyPlan): string[] {
  const name = factorNamer(plan);
  const { study, experiments, skipped, runs } = plan;
  const cycles = new Set(runs.map((r) => r.cycle)).size;
  const equivalents = experiments.filter((e) => e.equivalents.length > 0);
  const generated =
    experiments.length + skipped.length + equivalents.reduce((n, e) => n + e.equivalents.length, 0);
  const lines = [
    `Study ${study.name}${study.file ? ` (${study.file})` : ''}  study_hash ${study.study_hash.slice(0, 8)}`,
    `Plan: ${experiments.length} experiment(s) × ${cycles} cycle(s) = ${runs.length} runs, order ${plan.execution.order}${seedText(plan)}; ${generated} point(s) generated, ${skipped.length} skipped, ${generated - skipped.length - experiments.length} equivalent`,
    'Experiments (index, config_hash, name, factors):',
    ...experiments.slice(0, SHOWN.experiments).map((e) => experimentLine(e, name)),
    ...more(experiments.length, SHOWN.experiments, 'experiments'),
  ];
  if (equivalents.length > 0) {
    lines.push('Equivalent configurations (normalise to the same config; each group runs once):');
    for (const e of equivalents.slice(0, SHOWN.equivalents)) {
      const others = e.equivalents.map((f) => factorsText(f, name)).join('; ');
      lines.push(`  ${String(e.index).padStart(4)}  ${factorsText(e.factors, name)}  ≡  ${others}`);
    }
    lines.push(...more(equivalents.length, SHOWN.equivalents, 'groups'));
  }
  lines.push(skipped.length === 0 ? 'Skipped points: none' : `Skipped points (${skipped.length}):`);
  for (const s of skipped.slice(0, SHOWN.skipped)) {
    lines.push(`    ${factorsText(s.factors, name)}`);
    for (const r of s.reasons) lines.push(`      ${formatIssue(r)}`);
  }
  lines.push(...more(skipped.length, SHOWN.skipped, 'skipped points'));
  lines.push('Run order (experiment indexes per cycle):', ...orderLines(plan));
  const est = plan.duration_estimate;
  const x = plan.execution;
  lines.push(
    `Estimated duration: ${duration(est.total_s)} = runs ${duration(est.runs_s)} + gaps ${duration(est.gaps_s)} (${est.experiment_gaps} × ${x.experiment_gap_s} s between experiments, ${est.cycle_gaps} × ${x.cycle_gap_s} s between cycles)`,
  );
  if (est.thermal_floor_s > 0) {
    lines.push(
      `  ${duration(est.total_s - est.thermal_floor_s)} where no energy source reports a temperature: the thermal floors (${duration(est.thermal_floor_s)} in all) are then skipped`,
    );
  }
  for (const a of est.assumptions.slice(0, 8)) lines.push(`  assumes ${a}`);
  for (const n of plan.notes) lines.push(`note: ${n}`);
  lines.push(...warningLines(plan));
  return lines;
}

/** Prints a study plan (text, or JSON on stdout with `json`); returns the exit code. */
export async function renderStudyPlan(plan: StudyPlan, io: CliIo, o: { json: boolean }): Promise<number> {
  // Streamed in chunks, each waiting for stdout to drain: the text of a 100,000-point plan is
  // hundreds of MB, and a pipe's queue would otherwise hold all of it.
  if (o.json) await writeJsonStream(plan, (text) => (io.outDrained ?? io.out)(text));
  else io.out(`${textPlan(plan).join('\n')}\n`);
  return EXIT.ok;
}

/** `--dry-run` for a study: forecasts memory and duration, then prints the plan. */
export async function studyDryRun(
  study: ExpandedStudy,
  runs: readonly PlannedRun[],
  io: CliIo,
  o: { json: boolean },
): Promise<number> {
  const options: PlanStudyOptions = { runs, env: io.env, cwd: io.cwd };
  return renderStudyPlan(await planStudy(study, options), io, o);
}
