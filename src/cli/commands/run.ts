import { join, resolve } from 'node:path';
import { isStudyFile } from '../../api/config.js';
import { excludingChecks } from '../../api/report.js';
import { prepareConfig, runLoadedExperiment } from '../../api/run-experiment.js';
import { EXIT, usageError } from '../errors.js';
import {
  configFlagNames,
  configFlagValues,
  flagHelp,
  givenFlags,
  parseRunArgs,
  RUN_FLAGS,
} from '../flags.js';
import type { CliIo } from '../io.js';
import { createProgress, progressMode } from '../progress.js';
import { renderSummary } from '../summary.js';
import { dryRun } from './dry-run.js';

const HELP = [
  'Usage: llem run [file] [options]',
  '',
  '  file                      experiment config or study (YAML or JSON); optional when --model is given',
  ...flagHelp(RUN_FLAGS, 'main'),
  '',
  '  Studies (a file with sweep: or experiments:):',
  ...flagHelp(RUN_FLAGS, 'study'),
  '',
  ...flagHelp(RUN_FLAGS, 'output'),
  '',
  `  Exit codes: 0 ok; 1 run/engine error, failed runs; 2 usage or config error; 3 finished, but
  results are not valid (the run, or a configuration of the study, has no valid cycle: an
  error-severity validity check such as window_length failed; such cycles are left out of the
  means); 130 interrupted.`,
].join('\n');

/** Collects config-field flags as dotted path → value (numbers parsed, bad ones left for the schema to name). */
export function flagValues(values: Record<string, unknown>, cwd: string): Record<string, unknown> {
  const flags = configFlagValues(RUN_FLAGS, values);
  // A dataset file named on the command line is relative to the working directory, not the config.
  const ds = flags['dataset.source'];
  if (typeof ds === 'string' && ds.endsWith('.jsonl')) flags['dataset.source'] = resolve(cwd, ds);
  return flags;
}

/** `llem run`: measures one experiment and prints a summary (or JSON), or runs a study. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseRunArgs(argv);
  if (values.help) {
    io.out(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) {
    throw usageError(`expected one config file, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const file = positionals[0];
  const flags = flagValues(values, io.cwd);
  if (file === undefined && flags.model === undefined) {
    throw usageError(
      'no config file and no --model',
      'llem run examples/quickstart.yaml, or llem run --model builtin:tiny',
      ['model'],
    );
  }
  const configOptions = {
    flags,
    flagNames: configFlagNames(RUN_FLAGS),
    overrides: [...(values.set ?? [])],
    env: io.env,
    cwd: io.cwd,
  };
  const resultsDir = values.output === undefined ? undefined : resolve(io.cwd, values.output);
  if (file !== undefined && (await isStudyFile(resolve(io.cwd, file)))) {
    const { runStudyCommand } = await import('./study-run.js');
    return runStudyCommand(resolve(io.cwd, file), values, configOptions, resultsDir, io);
  }
  const studyOnly = givenFlags(RUN_FLAGS, values, 'study');
  if (studyOnly.length > 0) {
    throw usageError(
      `${studyOnly.map((f) => `--${f}`).join(', ')} apply to studies only`,
      'a study file has sweep: or experiments: at the top level',
    );
  }
  const { loaded, inputText } = await prepareConfig(
    file === undefined ? undefined : resolve(io.cwd, file),
    configOptions,
  );
  if (values['dry-run']) return dryRun(loaded, io, { json: values.json === true, resultsDir });

  const progress = createProgress(io, progressMode(io, values));
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      io.err(`\nllem: ${sig} received — stopping the running experiment cleanly (again to kill)\n`);
      controller.abort(new Error(`interrupted by ${sig}`));
    } else {
      io.err(`llem: ${sig} again — exiting now\n`);
      process.exit(EXIT.interrupted);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const record = await runLoadedExperiment(loaded, inputText, {
      ...(resultsDir === undefined ? {} : { resultsDir }),
      config: configOptions,
      onEvent: progress.onEvent,
      signal: controller.signal,
    });
    progress.close();
    const where = join(record.files.dir, record.files.result);
    if (values.json) io.out(`${JSON.stringify({ result_path: where, ...record }, null, 2)}\n`);
    else if (!values.quiet) io.err(renderSummary(record, where));
    if (record.status === 'interrupted') return EXIT.interrupted;
    if (record.status !== 'ok') return EXIT.run;
    // Finished, but a failed error-severity check makes the figures unusable: say so in the status.
    return excludingChecks(record).length > 0 ? EXIT.not_valid : EXIT.ok;
  } finally {
    progress.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
