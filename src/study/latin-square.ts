/**
 * Balanced Latin squares (Williams designs) for ordering n experiments over cycles.
 *
 * A Williams square is an n × n Latin square (each experiment once per row and once per column,
 * i.e. once in each position over n rows) whose rows are also balanced for first-order carryover:
 * each ordered pair (a, b), a ≠ b, appears as neighbours "a then b" equally often. Its first row is
 * 0, 1, n−1, 2, n−2, 3, …; row r adds r to every entry (mod n).
 *
 * For even n one square suffices: over n rows every ordered pair is adjacent exactly once. For odd n
 * the square alone is not carryover-balanced (it repeats some neighbour pairs and misses others; for
 * n = 3, 5, 7 no balanced n × n square exists at all), so the design is the square followed by its
 * mirror image (every row reversed): over 2n rows each experiment takes each position twice and each
 * ordered pair is adjacent exactly twice. A study therefore needs
 * `cyclesForBalance(n)` cycles (n for even n, 2n for odd n) for full balance; fewer cycles use the
 * first rows (position-balanced when a multiple of n for even n), more cycles wrap around.
 */

/** The first row of the Williams square of order n: 0, 1, n−1, 2, n−2, … */
function firstRow(n: number): number[] {
  const row: number[] = [];
  for (let j = 0; j < n; j++) row.push(j % 2 === 1 ? (j + 1) / 2 : (n - j / 2) % n);
  return row;
}

/**
 * The rows of the balanced design for n items (0-based): n rows for even n, 2n rows (the square and
 * its mirror) for odd n. Row r is the order of cycle r + 1.
 */
export function williamsDesign(n: number): number[][] {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`williamsDesign needs a non-negative integer, got ${n}`);
  if (n <= 1) return n === 0 ? [] : [[0]];
  const first = firstRow(n);
  const square = Array.from({ length: n }, (_, r) => first.map((v) => (v + r) % n));
  return n % 2 === 0 ? square : [...square, ...square.map((row) => [...row].reverse())];
}

/** Cycles needed for full position and carryover balance: n for even n, 2n for odd n (1 for n ≤ 1). */
export function cyclesForBalance(n: number): number {
  if (n <= 1) return 1;
  return n % 2 === 0 ? n : 2 * n;
}
