// Pareto frontier of two objectives: the configurations no other one beats on both at once
// (e.g. fewer joules per token and more tokens per second). O(n log n). Pure.

/** Which direction of an objective is better. */
export type Better = 'lower' | 'higher';

/**
 * Indices of the non-dominated points. A point is dominated when another is at least as good on
 * both objectives and strictly better on one; identical points do not dominate each other.
 * Points with a non-finite coordinate are never on the frontier.
 */
export function paretoFrontier(
  points: readonly { x: number; y: number }[],
  xBetter: Better,
  yBetter: Better,
): number[] {
  // Turn both objectives into "lower is better", then sweep in order of x keeping the best y so far.
  const sx = xBetter === 'lower' ? 1 : -1;
  const sy = yBetter === 'lower' ? 1 : -1;
  const idx = points
    .map((p, i) => ({ i, x: sx * p.x, y: sy * p.y }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => a.x - b.x || a.y - b.y);
  const out: number[] = [];
  let bestY = Number.POSITIVE_INFINITY;
  for (let k = 0; k < idx.length; ) {
    // One group of equal x: only its lowest y can survive, and only if no smaller x reached it.
    const groupY = idx[k]!.y;
    let end = k;
    while (end < idx.length && idx[end]!.x === idx[k]!.x) end++;
    if (groupY < bestY) {
      for (let j = k; j < end && idx[j]!.y === groupY; j++) out.push(idx[j]!.i);
      bestY = groupY;
    }
    k = end;
  }
  return out.sort((a, b) => a - b);
}
