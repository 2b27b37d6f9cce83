import { deepMerge, isPlainObject, type Origin } from './layers.js';
import type { EngineName } from './schema.js';

/**
 * The sweep grammar (SPEC §2.2), pure: parsing `sweep:` into validated axes, and expanding axes
 * into points.
 *
 * - `key: [v1, v2]` is an axis; axes form a Cartesian product. Keys are field paths, dotted
 *   (`llamacpp.batch_size`) or nested (`llamacpp: {batch_size: [..]}`): the two spellings are
 *   the same axis.
 * - A key whose first segment is an engine name (`llamacpp.threads`, `vllm.engine.block_size`)
 *   scopes the axis to that engine. `engine: [a, b]` expands each engine with the universal axes
 *   and its own scoped axes, so the point count is the sum over engines of the products.
 * - A group of alternatives is a key naming a section whose value is a list of mappings
 *   (`llamacpp: [{}, {kv_cache_type: q8_0, flash_attention: true}]`): each mapping is one
 *   alternative, deep-merged at that path; `{}` means "no change". The fields inside one
 *   alternative are taken together (unioned), not crossed; the group as a whole is one axis.
 *   A list mixing mappings and plain values is an error, as is a field set by two axes.
 * - Axes are expanded in a canonical order, independent of how the file orders its keys: the
 *   engine axis first, then the others sorted by key; the first varies slowest. Values keep the
 *   order written.
 * - Every value is checked against its field's schema here: a value no experiment could accept
 *   (a typo in an enum, a negative size) is an error, not a skipped point. Points are skipped
 *   later only when a cross-field rule rejects the combination.
 */

/** Locates a path in the study document (a key, or a scalar value); undefined for in-memory input. */
export type DocumentLocator = (
  path: readonly (string | number)[],
  target: 'key' | 'value',
) => Origin | undefined;

/** One sweep axis: a field path and the values (or alternatives) it takes. */
export interface SweepAxis {
  /** The dotted field path, as used in factors: `llamacpp.batch_size`. */
  key: string;
  /** The field path as segments. */
  path: readonly string[];
  /** The engine the axis is scoped to (its first segment names an engine), else null. */
  engine: EngineName | null;
  /** `values` sets the field to each value; `group` deep-merges each alternative mapping at `path`. */
  kind: 'values' | 'group';
  /** The values or alternatives, in the order written. */
  values: readonly unknown[];
  /** Where the axis's key is written in the study document, e.g. `['sweep', 'llamacpp.batch_size']`. */
  source: readonly (string | number)[];
}

/** `value` nested under `path`: `nest(['a', 'b'], 1)` is `{a: {b: 1}}`. */
export function nest(path: readonly string[], value: unknown): Record<string, unknown> {
  let out: unknown = value;
  for (let i = path.length - 1; i >= 0; i--) out = { [path[i]!]: out };
  return out as Record<string, unknown>;
}

/** The engines a sweep's points run on: the `engine` axis's values, else `defaultEngine` alone. */
export function sweepEngines(axes: readonly SweepAxis[], defaultEngine: EngineName): EngineName[] {
  const axis = axes.find((a) => a.key === 'engine');
  return axis === undefined ? [defaultEngine] : [...new Set(axis.values as EngineName[])];
}

/** One generated point: the fields its axes set, and which value of each axis it took. */
export interface SweepPoint {
  /** The engine this point runs on when the engine is swept; null when it is not. */
  engine: EngineName | null;
  /** The fields the axes set, nested (alternatives `{}` add nothing). */
  overlay: Record<string, unknown>;
  /** Axis key → the value (or alternative mapping) taken, engine first. */
  factors: Record<string, unknown>;
  /** The axes applied to this point, in canonical order. */
  axes: readonly SweepAxis[];
  /** The index of the value taken on each of `axes`. */
  choices: readonly number[];
}

/** The axes that apply to points on `engine`: universal axes and the ones scoped to it. */
function appliedAxes(axes: readonly SweepAxis[], engine: EngineName): SweepAxis[] {
  return axes.filter((a) => a.key !== 'engine' && (a.engine === null || a.engine === engine));
}

/** Groups of axes to take the product of: one per engine of the `engine` axis, or one in all. */
function productsOf(axes: readonly SweepAxis[], defaultEngine: EngineName) {
  const engineAxis = axes.find((a) => a.key === 'engine');
  if (engineAxis === undefined) return [{ engine: null, axes: appliedAxes(axes, defaultEngine), choice: -1 }];
  return engineAxis.values.map((e, i) => ({
    engine: e as EngineName,
    axes: [engineAxis, ...appliedAxes(axes, e as EngineName)],
    choice: i,
  }));
}

/** The number of points a sweep generates (before rules and deduplication): Σ over engines of Π axis lengths. */
export function countSweepPoints(axes: readonly SweepAxis[], defaultEngine: EngineName): number {
  if (axes.length === 0) return 0;
  return productsOf(axes, defaultEngine).reduce(
    (sum, p) => sum + p.axes.reduce((n, a) => (a.key === 'engine' ? n : n * a.values.length), 1),
    0,
  );
}

/** Generates every point of the sweep in canonical order (the last axis varies fastest). */
export function* sweepPoints(axes: readonly SweepAxis[], defaultEngine: EngineName): Generator<SweepPoint> {
  if (axes.length === 0) return;
  for (const product of productsOf(axes, defaultEngine)) {
    const applied = product.axes;
    const choices = applied.map((a) => (a.key === 'engine' ? product.choice : 0));
    for (;;) {
      yield pointAt(product.engine, applied, choices);
      let j = applied.length - 1;
      while (j >= 0 && (applied[j]!.key === 'engine' || choices[j] === applied[j]!.values.length - 1)) {
        if (applied[j]!.key !== 'engine') choices[j] = 0;
        j--;
      }
      if (j < 0) break;
      choices[j]!++;
    }
  }
}

function pointAt(
  engine: EngineName | null,
  axes: readonly SweepAxis[],
  choices: readonly number[],
): SweepPoint {
  const overlay: Record<string, unknown> = {};
  const factors: Record<string, unknown> = {};
  const owned = new Set<object>([overlay]);
  for (let j = 0; j < axes.length; j++) {
    const axis = axes[j]!;
    const value = axis.values[choices[j]!];
    factors[axis.key] = value;
    // `{}` is "no change": it must not even create an empty section.
    if (axis.kind === 'group' && isPlainObject(value) && Object.keys(value).length === 0) continue;
    // Mappings created for this point are written in place; anything else (an alternative, shared
    // by every point that takes it) is copied before a deeper axis writes into it.
    let target = overlay;
    const last = axis.path.length - 1;
    for (let i = 0; i < last; i++) {
      const seg = axis.path[i]!;
      const next = target[seg];
      if (!isPlainObject(next) || !owned.has(next)) {
        const copy = isPlainObject(next) ? { ...next } : {};
        owned.add(copy);
        target[seg] = copy;
      }
      target = target[seg] as Record<string, unknown>;
    }
    const leaf = axis.path[last]!;
    target[leaf] = axis.kind === 'group' ? deepMerge(target[leaf], value) : value;
  }
  return { engine, overlay, factors, axes, choices: [...choices] };
}
