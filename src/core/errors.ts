/** Stable machine-readable error codes. Callers branch on these, never on messages. */
export type ErrorCode =
  | 'ERR_CONFIG_INVALID'
  | 'ERR_DATASET_INVALID'
  | 'ERR_USAGE'
  | 'ERR_MODEL_INVALID'
  | 'ERR_ENGINE_UNAVAILABLE'
  | 'ERR_ENGINE_FAILED'
  | 'ERR_ENERGY_UNAVAILABLE'
  | 'ERR_WORKER_PROTOCOL'
  | 'ERR_RESUME_MISMATCH'
  | 'ERR_STORE_IO'
  | 'ERR_DEVICE_BUSY'
  | 'ERR_ABORTED'
  | 'ERR_EXECUTOR_UNAVAILABLE'
  | 'ERR_EXECUTOR_FAILED'
  | 'ERR_INTERNAL';

/** JSON-safe extra data attached to an error. */
export type ErrorDetails = Record<string, unknown>;

/** The root of every error llem throws on purpose. */
export class LlemError extends Error {
  /** Stable code, e.g. `ERR_CONFIG_INVALID`. */
  readonly code: ErrorCode;
  /** JSON-safe context (paths, values) for tools and logs. */
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: ErrorDetails } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LlemError';
    this.code = code;
    this.details = options.details ?? {};
  }

  /** A JSON-safe view of the error (for `--json` output and result records). */
  toJSON(): { code: ErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** One problem found in a config or data file; rendering is separate (see `formatIssue`). */
export interface ConfigIssue {
  /** Issue kind: `unknown_key`, `invalid_type`, `invalid_value`, `too_small`, `yaml_syntax`, `file_not_found`, … */
  code: string;
  /** Field path inside the document, e.g. `['measurement', 'warmup', 'n_warmup']`. */
  path: (string | number)[];
  /** What is wrong, in words. */
  message: string;
  /** File the value came from, when it came from a file. */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** 1-based column in `file`. */
  column?: number;
  /** What to do instead (a did-you-mean or a fix). */
  suggestion?: string;
}

/** A config, usage or data error: carries every issue found, not just the first. */
export class ConfigError extends LlemError {
  readonly issues: ConfigIssue[];

  constructor(
    issues: ConfigIssue[],
    code: 'ERR_CONFIG_INVALID' | 'ERR_DATASET_INVALID' | 'ERR_USAGE' = 'ERR_CONFIG_INVALID',
  ) {
    super(code, formatIssues(issues), { details: { issues } });
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Renders a field path as `a.b[2].c`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** Renders one issue as `file:line:col: path: message (suggestion)`. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.file
    ? `${issue.file}${issue.line === undefined ? '' : `:${issue.line}${issue.column === undefined ? '' : `:${issue.column}`}`}`
    : '';
  const path = issue.path.length > 0 ? formatPath(issue.path) : '';
  const head = [where, path].filter((s) => s !== '').join(': ');
  const tail = issue.suggestion ? ` — ${issue.suggestion}` : '';
  return `${head ? `${head}: ` : ''}${issue.message}${tail}`;
}

/** Renders a list of issues, one per line, with a count header when there are several. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  if (issues.length === 1) return formatIssue(issues[0]!);
  return [`${issues.length} problems:`, ...issues.map((i) => `  ${formatIssue(i)}`)].join('\n');
}

/** True when `e` is an LlemError with the given code. */
export function isLlemError(e: unknown, code?: ErrorCode): e is LlemError {
  return e instanceof LlemError && (code === undefined || e.code === code);
}
