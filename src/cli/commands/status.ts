import { parseArgs } from 'node:util';
import { studyStatus } from '../../api/study-status.js';
import { EXIT, parseOrUsage, usageError } from '../errors.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: llem status <study-dir> [--json]

  Shows each planned (experiment, cycle) run of a study folder: ok, failed, interrupted,
  running or pending, with attempts and the reason of each failure; an ok run with a failed
  error-severity validity check shows as "ok, NOT VALID" with the check.`;

/** `llem status <dir>`: per-pair status from the manifest and the records. */
export async function status(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(() => parse(argv), 'status');
  if (values.help) {
    io.out(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw usageError('expected one study folder', 'llem status results/<study>-<hash>');
  }
  const report = await studyStatus(positionals[0]!, io.cwd, { env: io.env });
  if (values.json) {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.ok;
  }
  const c = report.counts;
  const lines = [
    `study ${report.name} (${report.study_hash.slice(0, 8)}) — ${report.status.replace(/_/g, ' ')}${report.pid ? ` (process ${report.pid})` : ''}`,
    ...(report.reason ? [`  ${report.reason}`] : []),
    `  ${c.planned} planned: ${c.ok} ok, ${c.failed} failed, ${c.interrupted} interrupted, ${c.pending} pending`,
    ...(report.slurm
      ? [
          `  Slurm: job array${report.slurm.jobs.length === 1 ? '' : 's'} ${report.slurm.jobs.join(', ') || '(none submitted)'}, ${report.slurm.active} task(s) queued or running; ${
            report.slurm.unavailable
              ? `queue not readable: ${report.slurm.unavailable}`
              : report.slurm.accounting
                ? 'queue and accounting (sacct) read'
                : "queue read with squeue/scontrol (no accounting: ended tasks are listed for the controller's MinJobAge only)"
          }`,
        ]
      : []),
    '',
  ];
  const rows = report.pairs.map((p) => [
    String(p.position + 1),
    `#${p.experiment}`,
    p.slug,
    String(p.cycle),
    p.valid === false ? 'ok, NOT VALID' : p.status,
    String(p.attempts),
    ...(report.slurm
      ? [p.slurm ? `${p.slurm.task} ${p.slurm.state}${p.slurm.node ? ` ${p.slurm.node}` : ''}` : '—']
      : []),
  ]);
  const head = [
    'run',
    'exp',
    'configuration',
    'cycle',
    'status',
    'attempts',
    ...(report.slurm ? ['slurm task'] : []),
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows])
    lines.push(
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  const invalid = report.pairs.filter((p) => p.valid === false);
  if (invalid.length > 0) {
    lines.push('', 'not valid (left out of the means):');
    for (const p of invalid)
      lines.push(
        `  run ${p.position + 1} #${p.experiment} ${p.slug} cycle ${p.cycle}: ${p.invalid.join('; ')}`,
      );
  }
  const failures = report.pairs.filter((p) => p.error !== null);
  if (failures.length > 0) {
    lines.push('', 'failures:');
    for (const p of failures) {
      const e = p.error!;
      lines.push(
        `  run ${p.position + 1} #${p.experiment} ${p.slug} cycle ${p.cycle}: ${p.status} ${e.code}${e.reason ? ` (${e.reason})` : ''} in ${e.phase}: ${e.message.split('\n')[0]}`,
      );
      lines.push(`    ${p.dir}/run.log`);
    }
  }
  io.out(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      verbose: { type: 'boolean' },
    },
  });
}
