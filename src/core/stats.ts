// Descriptive statistics and Student-t intervals for measurements repeated across cycles.
// Pure: no I/O, no dependencies. Empty inputs give NaN (persisted as JSON null) rather than a throw.

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  // Neumaier-compensated sum: energy totals mix large and small terms.
  let sum = 0;
  let comp = 0;
  for (const x of xs) {
    const t = sum + x;
    comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  // An infinite term makes the compensation NaN; the plain sum is then the right answer.
  return (Number.isFinite(sum) ? sum + comp : sum) / xs.length;
}

/** Median (the 50th percentile, linear interpolation); NaN for an empty list. */
export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Sample standard deviation (n − 1 denominator); 0 for one value, NaN for none. */
export function std(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  if (xs.length === 1) return Number.isFinite(xs[0]) ? 0 : Number.NaN;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

/** Coefficient of variation, std / |mean| (non-negative); NaN when the mean is 0 or the list empty. */
export function cv(xs: readonly number[]): number {
  const m = mean(xs);
  if (m === 0 || Number.isNaN(m)) return Number.NaN;
  return std(xs) / Math.abs(m);
}

/**
 * Percentile `p` (0–100) by linear interpolation between closest ranks — numpy's default
 * (`method='linear'`, R type 7); NaN for an empty list or one containing NaN.
 */
export function percentile(xs: readonly number[], p: number): number {
  return percentiles(xs, [p])[0]!;
}

/** Several percentiles (0–100) of one list, sorting it once; same method as `percentile`. */
export function percentiles(xs: readonly number[], ps: readonly number[]): number[] {
  for (const p of ps) {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile p must be within [0, 100], got ${p}`);
  }
  const sorted = Float64Array.from(xs).sort();
  if (sorted.length === 0 || sorted.some(Number.isNaN)) return ps.map(() => Number.NaN);
  return ps.map((p) => interpolate(sorted, p));
}

function interpolate(sorted: Float64Array, p: number): number {
  const h = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const frac = h - lo;
  if (frac === 0 || lo + 1 >= sorted.length) return a;
  const b = sorted[lo + 1]!;
  const d = b - a;
  const v = Number.isFinite(d) ? a + d * frac : a * (1 - frac) + b * frac;
  // Clamping keeps the result inside [a, b] despite rounding, so it is monotone in p.
  return Math.min(b, Math.max(a, v));
}

/** The summary persisted for a metric aggregated across cycles (snake_case: written to JSON). */
export interface Summary {
  /** Number of values. */
  n: number;
  mean: number;
  median: number;
  /** Sample standard deviation (n − 1); 0 for n = 1. */
  std: number;
  /** std / |mean|. */
  cv: number;
  /** Lower bound of the two-sided 95 % Student-t confidence interval of the mean; NaN for n < 2. */
  ci95_low: number;
  /** Upper bound of the two-sided 95 % Student-t confidence interval of the mean; NaN for n < 2. */
  ci95_high: number;
  min: number;
  max: number;
}

/**
 * Summarises values: n, mean, median, sample std, CV, 95 % Student-t CI of the mean, min and
 * max. With one value the CI bounds are NaN (no spread can be estimated from one cycle).
 */
export function summarise(xs: readonly number[]): Summary {
  const n = xs.length;
  const m = mean(xs);
  const s = std(xs);
  const half = n >= 2 ? (studentTCritical(n - 1, 0.95) * s) / Math.sqrt(n) : Number.NaN;
  return {
    n,
    mean: m,
    median: median(xs),
    std: s,
    cv: cv(xs),
    ci95_low: m - half,
    ci95_high: m + half,
    min: percentile(xs, 0),
    max: percentile(xs, 100),
  };
}

/**
 * Two-sided Student-t critical value: t such that P(|T| ≤ t) = `confidence` for T with `df`
 * degrees of freedom (non-integer df allowed, e.g. Welch); NaN when df ≤ 0.
 */
export function studentTCritical(df: number, confidence = 0.95): number {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be within (0, 1), got ${confidence}`);
  }
  if (!(df > 0)) return Number.NaN;
  const alpha = 1 - confidence;
  if (df > 1e7) {
    // Cornish–Fisher expansion around the normal quantile; error O(df⁻³) is far below 1e-15 here.
    const z = normalQuantile(1 - alpha / 2);
    return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
  }
  // P(|T| > t) = I_x(df/2, 1/2) with x = df / (df + t²); solve for x, then invert.
  const x = inverseIncompleteBeta(alpha, df / 2, 0.5);
  return Math.sqrt((df * (1 - x)) / x);
}

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0]!;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the incomplete beta (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  const maxIter = 10_000 + Math.ceil(10 * Math.sqrt(Math.max(a, b)));
  for (let m = 1; m <= maxIter; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b) for a, b > 0 (0 at x ≤ 0, 1 at x ≥ 1). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** x in (0, 1) with I_x(a, b) = p, by bisection to full double precision (I is increasing in x). */
function inverseIncompleteBeta(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 2000; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (incompleteBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Standard normal quantile (Wichura 1988, AS241 PPND16; ~1e-16 relative accuracy). */
function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS241_A, r)) / horner(AS241_B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val = horner(AS241_C, r) / horner(AS241_D, r);
  } else {
    r -= 5;
    val = horner(AS241_E, r) / horner(AS241_F, r);
  }
  return q < 0 ? -val : val;
}

/** Polynomial value, coefficients from the highest degree down. */
function horner(coefficients: readonly number[], x: number): number {
  let acc = 0;
  for (const c of coefficients) acc = acc * x + c;
  return acc;
}

// AS241 coefficients (highest degree first), rounded to double precision.
const AS241_A = [
  2509.0809287301227, 33430.57558358813, 67265.7709270087, 45921.95393154987, 13731.69376550946,
  1971.5909503065513, 133.14166789178438, 3.3871328727963665,
];
const AS241_B = [
  5226.495278852546, 28729.085735721943, 39307.89580009271, 21213.794301586597, 5394.196021424751,
  687.1870074920579, 42.31333070160091, 1,
];
const AS241_C = [
  0.0007745450142783414, 0.022723844989269184, 0.2417807251774506, 1.2704582524523684, 3.6478483247632045,
  5.769497221460691, 4.630337846156546, 1.4234371107496835,
];
const AS241_D = [
  1.0507500716444169e-9, 0.0005475938084995345, 0.015198666563616457, 0.14810397642748008, 0.6897673349851,
  1.6763848301838038, 2.053191626637759, 1,
];
const AS241_E = [
  2.0103343992922881e-7, 0.000027115555687434876, 0.0012426609473880784, 0.026532189526576124,
  0.29656057182850487, 1.7848265399172913, 5.463784911164114, 6.657904643501103,
];
const AS241_F = [
  2.0442631033899397e-15, 1.421511758316446e-7, 0.000018463183175100548, 0.0007868691311456133,
  0.014875361290850615, 0.1369298809227358, 0.599832206555888, 1,
];
