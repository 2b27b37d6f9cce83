// The analysis is returned as JSON-safe data: a number that is not finite becomes null.

/** `x` when it is a finite number, else null (NaN and ±Infinity have no JSON form). */
export function finite(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}
