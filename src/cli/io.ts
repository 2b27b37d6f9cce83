/** Where the CLI writes; injectable so tests can capture output. */
export interface CliIo {
  out(text: string): void;
  /** Writes to stdout and resolves when it can take more (backpressure for large output); optional. */
  outDrained?(text: string): Promise<void>;
  err(text: string): void;
  /** True when stderr is an interactive terminal (live progress allowed). */
  isTty: boolean;
  /** Terminal width in columns. */
  columns: number;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The real process streams. */
export function processIo(): CliIo {
  // A reader that closes the pipe early (`llem schema | head`) is not an error of ours: stop
  // writing to stdout and let the command finish (a study keeps measuring and writing its files).
  let stdoutOpen = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutOpen = false;
  });
  return {
    out: (t) => {
      if (stdoutOpen) process.stdout.write(t);
    },
    outDrained: (t) =>
      new Promise<void>((resolve) => {
        if (!stdoutOpen || process.stdout.write(t)) return resolve();
        // A closed pipe ends the wait as well as a drain does.
        const done = () => {
          process.stdout.off('drain', done).off('error', done).off('close', done);
          resolve();
        };
        process.stdout.on('drain', done).on('error', done).on('close', done);
      }),
    err: (t) => process.stderr.write(t),
    isTty: Boolean(process.stderr.isTTY),
    columns: process.stderr.columns ?? 100,
    env: process.env,
    cwd: process.cwd(),
  };
}
