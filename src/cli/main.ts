import { type CliIo, processIo } from './io.js';

/** Top-level usage text. */
export const USAGE = `llem — measure the energy, throughput and latency of LLM inference

Usage:
  llem run [file] [options]     measure an experiment or run a study (see llem run --help)
  llem resume <study-dir>       continue an interrupted study (exactly the missing runs)
  llem status <study-dir>       per-run status of a study folder, with failure reasons
  llem report <study-dir>       write report.html and report.md: which choices matter most
  llem results <command>        list, show, export (csv/parquet/json) or query the results store
  llem doctor [--json]          what can be measured here, and why not (alias: llem config)
  llem init [experiment|study]  write a commented starter file (see llem init --help)
  llem schema                   print the config JSON Schema
  llem models tiny [options]    write the deterministic tiny GGUF model
  llem --version                print the version

Exit codes: 0 ok; 1 run/engine error (or failed runs in a study); 2 usage or config error;
  3 finished, but results are not valid (a configuration has no valid cycle: every cycle
  failed an error-severity validity check such as window_length); 130 interrupted.`;

/** Runs the CLI with `argv` (without node and script); resolves with the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v' || command === 'version') {
    const { llemVersion } = await import('../version.js');
    io.out(`${llemVersion()}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  const { runCommand } = await import('./errors.js');
  switch (command) {
    case 'run':
      return runCommand(io, rest, async () => (await import('./commands/run.js')).run(rest, io));
    case 'resume':
      return runCommand(io, rest, async () => (await import('./commands/resume.js')).resume(rest, io));
    case 'status':
      return runCommand(io, rest, async () => (await import('./commands/status.js')).status(rest, io));
    case 'report':
      return runCommand(io, rest, async () => (await import('./commands/report.js')).report(rest, io));
    case 'results':
      return runCommand(io, rest, async () => (await import('./commands/results.js')).results(rest, io));
    case 'doctor':
    case 'config':
      return runCommand(io, rest, async () => (await import('./commands/doctor.js')).doctor(rest, io));
    case 'schema':
      return runCommand(io, rest, async () => (await import('./commands/schema.js')).schema(rest, io));
    case 'slurm-task':
      return runCommand(io, rest, async () => (await import('./commands/slurm-task.js')).slurmTask(rest, io));
    case 'init':
      return runCommand(io, rest, async () => (await import('./commands/init.js')).init(rest, io));
    case 'models':
      return runCommand(io, rest, async () => (await import('./commands/models.js')).models(rest, io));
    default:
      io.err(`llem: unknown command '${command}'\n\n${USAGE}\n`);
      return 2;
  }
}
