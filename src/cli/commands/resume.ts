import { parseArgs } from 'node:util';
import { resumeStudy } from '../../api/run-study.js';
import { EXIT, parseOrUsage, usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { LOCK_WAIT_HELP, lockWaitFromFlags, runStudySession } from '../study-session.js';

const HELP = `Usage: llem resume <study-dir> [options]

  Continues a study folder from its frozen plan: exactly the (experiment, cycle) runs without an
  ok record run (failed, interrupted and never-run ones), in the planned order.

  --no-gaps                 no pauses between runs (experiment_gap_s = cycle_gap_s = 0)
  --skip-failed             keep failed runs as they are; re-run only interrupted and missing ones
${LOCK_WAIT_HELP}
  --json                    the study summary as JSON on stdout; progress on stderr
  -q, --quiet               no progress
  --live | --plain          force the progress style
  --verbose                 stack traces on errors

  Exit codes: as llem run (0 ok; 1 failed runs; 2 usage or config error; 3 finished, but a
  configuration has no valid cycle; 130 interrupted).`;

/** `llem resume <dir>`: runs the missing pairs of a study folder. */
export async function resume(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(() => parse(argv), 'resume');
  if (values.help) {
    io.out(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw usageError('expected one study folder', 'llem resume results/<study>-<hash>');
  }
  const dir = positionals[0]!;
  const lockWaitS = lockWaitFromFlags(values);
  return runStudySession(io, values, (hooks) =>
    resumeStudy(dir, {
      ...hooks,
      cwd: io.cwd,
      env: io.env,
      noGaps: values['no-gaps'] === true,
      retryFailed: values['skip-failed'] !== true,
      ...(lockWaitS === undefined ? {} : { lockWaitS }),
    }),
  );
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'no-gaps': { type: 'boolean' },
      'skip-failed': { type: 'boolean' },
      'wait-lock': { type: 'string' },
      'no-wait': { type: 'boolean' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      live: { type: 'boolean' },
      plain: { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
