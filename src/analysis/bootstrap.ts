// Seeded percentile bootstrap of configuration means, shared by the level means, the factor
// contrasts and the comparisons so that each metric is resampled once (B × configurations).
//
// Resampling is stratified by configuration (the design is fixed; only cycles are random), and
// each configuration's residuals are rescaled by √(n/(n−1)): the plain bootstrap variance of a
// mean is (n−1)/n × s²/n, 33 % short at 3 cycles. The percentile levels are then expanded so the
// interval has Student-t width (Hesterberg 2015, "expanded percentile interval"), with the
// Welch–Satterthwaite degrees of freedom of the configurations behind it; without the expansion,
// 3-cycle designs under-cover (about 90 % for a nominal 95 %).
import { normalCdf } from '../core/distributions.js';
import type { Rng } from '../core/random.js';
import { studentTCritical } from '../core/stats.js';

/** Resampled means of every cell: `out[c][b]` is cell c's mean in resample b. */
export function resampleCellMeans(
  cells: readonly (readonly number[])[],
  resamples: number,
  rng: Rng,
): Float64Array[] {
  return cells.map((xs) => {
    const n = xs.length;
    const out = new Float64Array(resamples);
    let m = 0;
    for (const x of xs) m += x;
    m /= n;
    if (n < 2) return out.fill(m);
    const k = Math.sqrt(n / (n - 1));
    const table = n ** n <= TABLE_LIMIT ? meanTable(xs) : null;
    if (table !== null) {
      // One uniform index into the nⁿ equally likely resamples replaces n draws.
      const draw = indexDrawer(table.length, rng);
      for (let b = 0; b < resamples; b++) out[b] = m + k * (table[draw()]! - m);
      return out;
    }
    const draw = indexDrawer(n, rng);
    for (let b = 0; b < resamples; b++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += xs[draw()]!;
      out[b] = m + k * (s / n - m);
    }
    return out;
  });
}

/**
 * Welch–Satterthwaite degrees of freedom of Σ wᵢ·mean(cellᵢ): (Σ uᵢ)² / Σ uᵢ²/(nᵢ − 1) with
 * uᵢ = wᵢ² sᵢ² / nᵢ. 0 when a cell has one value (no spread known); the pooled Σ(nᵢ − 1) when no
 * cell varies at all.
 */
export function satterthwaiteDf(cells: readonly { values: readonly number[]; weight: number }[]): number {
  let sum = 0;
  let sumSq = 0;
  let pooled = 0;
  for (const { values, weight } of cells) {
    const n = values.length;
    if (n < 2) return 0;
    let m = 0;
    for (const x of values) m += x;
    m /= n;
    let ss = 0;
    for (const x of values) ss += (x - m) ** 2;
    const u = (weight * weight * (ss / (n - 1))) / n;
    sum += u;
    sumSq += (u * u) / (n - 1);
    pooled += n - 1;
  }
  return sumSq > 0 ? (sum * sum) / sumSq : pooled;
}

/** Largest nⁿ for which the means of all resamples are tabulated (n ≤ 5 cycles). */
const TABLE_LIMIT = 4096;

/** The mean of every ordered resample of xs (nⁿ of them, equally likely), indexed in base n. */
function meanTable(xs: readonly number[]): Float64Array {
  const n = xs.length;
  const table = new Float64Array(n ** n);
  for (let t = 0; t < table.length; t++) {
    let s = 0;
    let v = t;
    for (let j = 0; j < n; j++) {
      const i = v % n;
      s += xs[i]!;
      v = (v - i) / n;
    }
    table[t] = s / n;
  }
  return table;
}

/**
 * Uniform indices in [0, n), several per uniform draw: ⌊u·nᵏ⌋ with nᵏ ≤ 2³² is a uniform integer
 * (bias below 2⁻²¹) whose k base-n digits are independent uniform indices. Resampling dominates
 * the analysis's time, and cycles per configuration are few, so one draw serves many indices.
 */
function indexDrawer(n: number, rng: Rng): () => number {
  const perDraw = Math.max(1, Math.floor(32 / Math.log2(n)));
  const span = n ** perDraw;
  let v = 0;
  let left = 0;
  return () => {
    if (left === 0) {
      v = Math.floor(rng.next() * span);
      left = perDraw;
    }
    const i = v % n;
    v = (v - i) / n;
    left--;
    return i;
  };
}

/** Element-wise mean of several resample vectors (a level mean over its cells, per resample). */
export function averageResamples(vectors: readonly Float64Array[]): Float64Array {
  const b = vectors[0]?.length ?? 0;
  const out = new Float64Array(b);
  for (const v of vectors) for (let i = 0; i < b; i++) out[i]! += v[i]!;
  for (let i = 0; i < b; i++) out[i]! /= vectors.length;
  return out;
}

/** Element-wise difference a − b. */
export function subtractResamples(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}

/**
 * The expanded percentile interval of a bootstrap distribution at `confidence`, given the
 * degrees of freedom of the variance behind it; null when df < 1 (one cycle: no spread known).
 * With `reorder`, `samples` is used as scratch space (its order is lost) instead of copied.
 */
export function expandedPercentileInterval(
  samples: Float64Array,
  df: number,
  confidence: number,
  reorder = false,
): [number, number] | null {
  if (!(df >= 1) || samples.length < 2) return null;
  const tail = expandedTail(df, confidence);
  // Two order statistics are needed, not a sorted copy: selection is O(B) where sorting is O(B log B).
  const work = reorder ? samples : Float64Array.from(samples);
  return [quantile(work, tail), quantile(work, 1 - tail)];
}

const tailCache = new Map<string, number>();

/**
 * The lower percentile level α′/2 with z_{α′/2} = t_{α/2, df}. df is floored to 0.01 (a slightly
 * wider interval, never narrower) so that the costly t quantile is computed once per rounded df.
 */
function expandedTail(df: number, confidence: number): number {
  const dfKey = Math.floor(df * 100) / 100;
  const key = `${dfKey}:${confidence}`;
  let tail = tailCache.get(key);
  if (tail === undefined) {
    if (tailCache.size > 10_000) tailCache.clear();
    tail = normalCdf(-studentTCritical(dfKey, confidence));
    tailCache.set(key, tail);
  }
  return tail;
}

/** Linear interpolation between closest ranks (numpy's default); reorders `work`. */
function quantile(work: Float64Array, q: number): number {
  const h = (work.length - 1) * q;
  const lo = Math.floor(h);
  const a = select(work, lo, 0, work.length - 1);
  if (lo + 1 >= work.length || h === lo) return a;
  // After selecting rank lo, everything above it is to its right: the next rank is their minimum.
  let b = Number.POSITIVE_INFINITY;
  for (let i = lo + 1; i < work.length; i++) if (work[i]! < b) b = work[i]!;
  return a + (b - a) * (h - lo);
}

/** The k-th smallest value of work[left..right] (Hoare's quickselect, median-of-three pivot). */
function select(work: Float64Array, k: number, left: number, right: number): number {
  let l = left;
  let r = right;
  while (r > l) {
    const mid = (l + r) >> 1;
    const pivot = median3(work[l]!, work[mid]!, work[r]!);
    let i = l;
    let j = r;
    while (i <= j) {
      while (work[i]! < pivot) i++;
      while (work[j]! > pivot) j--;
      if (i <= j) {
        const t = work[i]!;
        work[i] = work[j]!;
        work[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return work[k]!;
  }
  return work[k]!;
}

function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
