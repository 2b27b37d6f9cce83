import { ConfigError, LlemError } from '../core/errors.js';
import type { CliIo } from './io.js';

/**
 * Exit codes (SPEC §9, plus `not_valid`: the run or study finished, but a configuration has no
 * valid cycle, so its figures must not be used).
 */
export const EXIT = { ok: 0, run: 1, config: 2, not_valid: 3, interrupted: 130 } as const;

/** Maps an error to its exit code: config/usage/data → 2, other llem errors → 1. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ConfigError) return EXIT.config;
  if (error instanceof LlemError) return error.code === 'ERR_ABORTED' ? EXIT.interrupted : EXIT.run;
  return EXIT.run;
}

/** Runs a command, rendering errors: no stack unless `--verbose` or the error is unexpected. */
export async function runCommand(
  io: CliIo,
  args: readonly string[],
  body: () => Promise<number>,
): Promise<number> {
  const verbose = args.includes('--verbose');
  try {
    return await body();
  } catch (error) {
    if (error instanceof ConfigError) {
      const n = error.issues.length;
      io.err(`llem: ${n === 1 ? 'invalid input' : `${n} problems in the input`}\n`);
      for (const issue of error.issues) {
        const where = issue.file
          ? `${issue.file}${issue.line === undefined ? '' : `:${issue.line}${issue.column === undefined ? '' : `:${issue.column}`}`}`
          : '';
        const field =
          issue.path.length > 0
            ? issue.path
                .map((p) => (typeof p === 'number' ? `[${p}]` : p))
                .join('.')
                .replace(/\.\[/g, '[')
            : '';
        io.err(
          `  ${[where, field].filter(Boolean).join(': ')}${where || field ? ': ' : ''}${issue.message}\n`,
        );
        if (issue.suggestion) io.err(`    fix: ${issue.suggestion}\n`);
      }
      if (verbose && error.stack) io.err(`${error.stack}\n`);
      return EXIT.config;
    }
    if (error instanceof LlemError) {
      io.err(`llem: ${error.message} (${error.code})\n`);
      if (verbose && error.stack) io.err(`${error.stack}\n`);
      return exitCodeFor(error);
    }
    const e = error instanceof Error ? error : new Error(String(error));
    io.err(`llem: unexpected error: ${e.message}\n${e.stack ?? ''}\n`);
    return EXIT.run;
  }
}

/** A usage error (exit 2) about the command line, with a suggestion. */
export function usageError(
  message: string,
  suggestion?: string,
  path: (string | number)[] = [],
): ConfigError {
  return new ConfigError(
    [{ code: 'usage', path, file: '<command line>', message, ...(suggestion ? { suggestion } : {}) }],
    'ERR_USAGE',
  );
}

/** Runs an argv parser, turning its errors into usage errors that point at `llem <command> --help`. */
export function parseOrUsage<T>(parse: () => T, command: string): T {
  try {
    return parse();
  } catch (e) {
    throw usageError((e as Error).message, `see llem ${command} --help`);
  }
}
