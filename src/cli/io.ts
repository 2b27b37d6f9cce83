/** Where the CLI writes; injectable so tests can capture output. */
export interface CliIo {
  out(text: string): void;
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
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTty: Boolean(process.stderr.isTTY),
    columns: process.stderr.columns ?? 100,
    env: process.env,
    cwd: process.cwd(),
  };
}
