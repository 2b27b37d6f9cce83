import { isAbsolute } from 'node:path';
import { parseArgs } from 'node:util';
import { slurmTask as runTask } from '../../api/slurm-task.js';
import { EXIT, parseOrUsage, usageError } from '../errors.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: llem slurm-task <study-dir> <submission>

  Internal: what each task of a job array submitted by \`llem run --executor slurm\` runs. Measures
  the planned run listed for SLURM_ARRAY_TASK_ID in <study-dir>/slurm/submission-<submission>.json
  and writes its record into that run's folder. SIGINT stops it cleanly (interrupted); SIGTERM
  (scancel, time limit) and SIGUSR1 (time limit near) end it with a failed record saying why.`;

/** `llem slurm-task <dir> <n>`: one Slurm array task. Exit 0 ok, 1 failed, 130 interrupted. */
export async function slurmTask(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(
    () =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { help: { type: 'boolean', short: 'h' }, verbose: { type: 'boolean' } },
      }),
    'slurm-task',
  );
  if (values.help) {
    io.out(`${HELP}\n`);
    return EXIT.ok;
  }
  const [dir, n] = positionals;
  if (positionals.length !== 2 || !dir || !isAbsolute(dir) || !/^\d+$/.test(n ?? '')) {
    throw usageError(
      'expected an absolute study folder and a submission number',
      'llem slurm-task /abs/results/<study> 1',
    );
  }
  const stop = new AbortController();
  const terminate = new AbortController();
  const onInt = () => stop.abort(new Error('interrupted by SIGINT'));
  const onTerm = () => terminate.abort('SIGTERM');
  const onUsr1 = () => terminate.abort('SIGUSR1');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('SIGUSR1', onUsr1);
  try {
    const record = await runTask(dir, Number(n), {
      env: io.env,
      signal: stop.signal,
      terminate: terminate.signal,
    });
    const error = record.error ? ` ${record.error.code}: ${record.error.message}` : '';
    io.err(`llem slurm-task: run ${record.name} cycle ${record.cycle}: ${record.status}${error}\n`);
    return record.status === 'ok' ? EXIT.ok : record.status === 'interrupted' ? EXIT.interrupted : EXIT.run;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    process.off('SIGUSR1', onUsr1);
  }
}
