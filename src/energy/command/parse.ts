/** One reading a meter command printed. */
export interface MeterLine {
  /** Device label (`node` when the line has none). */
  device: string;
  powerW: number;
}

/** The label used when a line carries a number only. */
export const DEFAULT_METER_DEVICE = 'node';

/**
 * Parses one line of meter output: a number of watts, optionally with one device label before or
 * after it (`412.5`, `412.5 psu1`, `psu1 412.5`). Returns a reason string for anything else
 * (empty lines are skipped with undefined): a negative or non-finite number is garbage too.
 */
export function parseMeterLine(line: string): MeterLine | string | undefined {
  const tokens = line
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
  if (tokens.length === 0) return undefined;
  const isNumber = (t: string) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t);
  const numbers = tokens.filter(isNumber);
  if (tokens.length > 2 || numbers.length !== 1) {
    return `expected "<watts>" or "<watts> <device>", got "${line.trim().slice(0, 60)}"`;
  }
  const powerW = Number(numbers[0]);
  if (!Number.isFinite(powerW) || powerW < 0) return `${numbers[0]} W is not a plausible power`;
  const label = tokens.find((t) => !isNumber(t));
  return { device: label ?? DEFAULT_METER_DEVICE, powerW };
}

/** Splits a stream of chunks into complete lines, keeping the unfinished tail. */
export class LineSplitter {
  private rest = '';

  /** Adds a chunk; returns the complete lines in it. */
  push(chunk: string): string[] {
    const parts = (this.rest + chunk).split(/\r?\n/);
    this.rest = parts.pop() ?? '';
    // A runaway line without newlines is not a meter reading; cap what is kept.
    if (this.rest.length > 4096) this.rest = this.rest.slice(-4096);
    return parts;
  }
}
