import { join } from 'node:path';
import { configurationsWithoutValidCycle, renderAggregateTable, studyTopFactors } from '../api/report.js';
import { STUDY_FILES } from '../api/results.js';
import { isLlemError } from '../core/errors.js';
import type { StudyEventSink, StudySummary } from '../index.js';
import { EXIT, usageError } from './errors.js';
import type { CliIo } from './io.js';
import { progressMode } from './progress.js';
import { createStudyProgress } from './study-progress.js';

/** Output flags shared by `llem run <study>` and `llem resume`. */
export interface StudyOutputFlags {
  json?: boolean;
  quiet?: boolean;
  live?: boolean;
  plain?: boolean;
}

/** Help lines of the lock-wait flags (`llem run <study>`, `llem resume`). */
export const LOCK_WAIT_HELP = `  --wait-lock S             wait at most S seconds for a device lock another study holds [no limit]
  --no-wait                 fail at once (exit 1, ERR_DEVICE_BUSY) when another study holds a device lock`;

/** `--wait-lock S` / `--no-wait` → the library's `lockWaitS` (undefined: wait as long as it takes). */
export function lockWaitFromFlags(v: {
  'wait-lock'?: string | undefined;
  'no-wait'?: boolean | undefined;
}): number | undefined {
  if (v['no-wait'] && v['wait-lock'] !== undefined)
    throw usageError('--wait-lock and --no-wait contradict each other', 'give one of them');
  if (v['no-wait']) return 0;
  if (v['wait-lock'] === undefined) return undefined;
  const s = Number(v['wait-lock']);
  if (v['wait-lock'].trim() === '' || !Number.isFinite(s) || s < 0)
    throw usageError(`--wait-lock takes seconds ≥ 0, got '${v['wait-lock']}'`, 'e.g. --wait-lock 600');
  return s;
}

/** What a study body receives from the session. */
export interface StudySessionHooks {
  onEvent: StudyEventSink;
  signal: AbortSignal;
  killSignal: AbortSignal;
}

/**
 * Runs a study with progress and signal handling: the first SIGINT/SIGTERM stops the running
 * experiment cleanly, the second kills its process group, a third exits at once. Prints the
 * end-of-study table (or the summary as JSON) and maps the outcome to an exit code.
 */
export async function runStudySession(
  io: CliIo,
  flags: StudyOutputFlags,
  body: (hooks: StudySessionHooks) => Promise<StudySummary>,
): Promise<number> {
  const progress = createStudyProgress(io, progressMode(io, flags));
  const stop = new AbortController();
  const kill = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      io.err(`\nllem: ${sig} received — stopping the running experiment cleanly (again to kill it)\n`);
      stop.abort(new Error(`interrupted by ${sig}`));
    } else if (signals === 2) {
      io.err(`llem: ${sig} again — killing the running experiment\n`);
      kill.abort(new Error(`killed by a second ${sig}`));
    } else {
      process.exit(EXIT.interrupted);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const summary = await body({ onEvent: progress.onEvent, signal: stop.signal, killSignal: kill.signal });
    progress.close();
    if (flags.json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
    else if (!flags.quiet) io.err(renderStudyEnd(summary, await factorLines(summary), tableWidth(io)));
    const code = studyExitCode(summary);
    // In shared isolation a killed experiment may still hold the event loop: leave now.
    if (kill.signal.aborted) process.exit(code);
    return code;
  } catch (error) {
    progress.close();
    // A changed design is an input problem (exit 2), fixed by restoring the file or dropping --resume.
    if (isLlemError(error, 'ERR_RESUME_MISMATCH')) {
      io.err(`llem: ${error.message} (${error.code})\n`);
      return EXIT.config;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * 0 when every pair is `ok` and every configuration has a valid cycle; 3 when every pair is `ok`
 * but a configuration has none (its figures are not valid); 130 when interrupted; 1 for failures,
 * a tripped breaker or the study timeout.
 */
export function studyExitCode(s: StudySummary): number {
  if (s.status === 'completed')
    return configurationsWithoutValidCycle(s).length > 0 ? EXIT.not_valid : EXIT.ok;
  if (s.status === 'interrupted') return EXIT.interrupted;
  return EXIT.run;
}

/** The top factors of a study's records, one line each (empty below 2 configurations); a failed analysis says why. */
async function factorLines(s: StudySummary): Promise<string[]> {
  if (s.configurations.length < 2) return [];
  try {
    const top = await studyTopFactors(s.dir);
    return top === undefined
      ? []
      : [
          `what matters most for ${top.metric} (${top.scope ?? 'no energy'} scope):`,
          ...top.lines.map((l) => `  ${l}`),
        ];
  } catch (e) {
    return [`what matters most: not analysed (${(e as Error).message})`];
  }
}

/**
 * Width the end-of-study table must fit: the terminal's on a TTY, else `$COLUMNS` when set, else
 * none (a log or a pipe keeps the one-row-per-configuration table that scripts read).
 */
export function tableWidth(io: CliIo): number | undefined {
  if (io.isTty) return io.columns;
  const env = Number(io.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : undefined;
}

/** The end-of-study text: status and counts, the aggregate table, the top factors, failures, and where the files are. */
export function renderStudyEnd(
  s: StudySummary,
  factors: readonly string[] = [],
  width: number | undefined = undefined,
): string {
  const c = s.counts;
  const lines = [
    '',
    `study ${s.study_name} ${s.status.replace(/_/g, ' ')}: ${c.ok}/${c.planned} ok, ${c.failed} failed, ${c.interrupted} interrupted, ${c.pending} pending${s.reason ? ` (${s.reason})` : ''}`,
    `  this invocation: ${s.invocation.runs_executed} runs in ${s.invocation.wall_s.toFixed(1)} s (${s.invocation.waits_s.toFixed(1)} s of gaps)`,
    '',
    renderAggregateTable(s, width === undefined ? {} : { width }),
  ];
  if (factors.length > 0) lines.push('', ...factors);
  const none = configurationsWithoutValidCycle(s);
  if (s.status === 'completed' && none.length > 0)
    lines.push(
      '',
      `NOT VALID: ${none.length} of ${s.configurations.length} configurations have no valid cycle (${none.map((c) => `#${c.experiment}`).join(', ')}); exit code ${EXIT.not_valid}`,
    );
  if (s.failures.length > 0) {
    lines.push('', 'not ok:');
    for (const f of s.failures)
      lines.push(
        `  #${f.experiment} cycle ${f.cycle}: ${f.status} ${f.code} (${f.phase}): ${f.message.split('\n')[0]}`,
      );
  }
  lines.push('', `results  ${s.dir}`, `summary  ${join(s.dir, STUDY_FILES.summary)}`);
  if (s.status !== 'completed') lines.push(`resume   llem resume ${s.dir}`);
  else if (s.configurations.length > 1) lines.push(`report   llem report ${s.dir}`);
  return `${lines.join('\n')}\n`;
}
