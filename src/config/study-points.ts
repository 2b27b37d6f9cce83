import { type ConfigIssue, formatIssue } from '../core/errors.js';
import type { LlemWarning } from '../core/warning.js';
import type { FieldPath } from './fields.js';
import { deepMerge, isPlainObject, type Layer, locateInLayers } from './layers.js';
import { checkRules } from './rules/index.js';
import { ENGINE_SECTIONS, type EngineName, type ExperimentConfig } from './schema.js';
import { pointParser, SectionParser, sectionParser } from './section-parse.js';
import { type DocumentLocator, type SweepAxis, type SweepPoint, sweepPoints } from './sweep.js';
import { validateLayers } from './validate.js';

/**
 * Turning a study's generated points and explicit entries into validated experiments. Every point
 * is checked with the experiment schema and the rule tables, exactly like a single experiment:
 * schema problems are config errors (a value written in the file is wrong), rule errors make a
 * generated point invalid (skipped, with its reasons). Issues are located through the same layers
 * as a single experiment's, with the point's axes as the file layer for the fields they set.
 */

/** One valid experiment of a study, before deduplication. */
export interface StudyPoint {
  /** Whether it came from `sweep:` or `experiments:`. */
  source: 'sweep' | 'experiments';
  /** Sweep: axis key → value taken; explicit entry: its fields as dotted paths. */
  factors: Record<string, unknown>;
  /** The resolved experiment: defaults applied, dormant fields normalised. */
  config: ExperimentConfig;
  /** Rule warnings and dormant normalisations for this point. */
  warnings: LlemWarning[];
}

/** A generated point that was not kept, and why. */
export interface SkippedStudyPoint {
  /** Axis key → value taken. */
  factors: Record<string, unknown>;
  /** The rule errors, located at the axis (or shared field) that set the offending value. */
  reasons: ConfigIssue[];
}

/** `layers` with the engine sections of every engine but `engine` removed (shared sections follow the engine axis). */
export function scopeLayers(layers: readonly Layer[], engine: EngineName | null): Layer[] {
  if (engine === null) return [...layers];
  return layers.map((layer) => {
    if (!ENGINE_SECTIONS.some((s) => s !== engine && Object.hasOwn(layer.data, s))) return layer;
    const data = { ...layer.data };
    for (const s of ENGINE_SECTIONS) if (s !== engine) delete data[s];
    return { ...layer, data };
  });
}

/** The merge of `layers`' data, lowest first. */
export function mergeLayers(layers: readonly Layer[]): Record<string, unknown> {
  let merged: unknown = {};
  for (const layer of layers) merged = deepMerge(merged, layer.data);
  return merged as Record<string, unknown>;
}

/** A point's axes as a config layer: a field set by an axis is located at that axis (or the alternative's key). */
export function pointLayer(point: SweepPoint, locate: DocumentLocator): Layer {
  return {
    kind: 'file',
    data: point.overlay,
    locate: (path, target) => {
      let best: { axis: SweepAxis; choice: number; n: number } | undefined;
      point.axes.forEach((axis, j) => {
        let n = 0;
        while (n < axis.path.length && n < path.length && axis.path[n] === String(path[n])) n++;
        if (n > 0 && (best === undefined || n > best.n)) best = { axis, choice: point.choices[j]!, n };
      });
      if (best === undefined) return undefined;
      const { axis, choice } = best;
      if (axis.kind === 'group' && path.length > axis.path.length) {
        return locate([...axis.source, choice, ...path.slice(axis.path.length)], target);
      }
      const exact = axis.kind === 'values' && path.length === axis.path.length && target === 'value';
      // A range shorthand has no written value per choice: its key is the place to fix it.
      const written = exact ? locate([...axis.source, choice], 'value') : undefined;
      return written ?? locate(axis.source, 'key');
    },
  };
}

/** What `validateSweep` needs: the axes and the layers around the points. */
export interface SweepContext {
  axes: readonly SweepAxis[];
  /** The engine of points when the engine is not swept. */
  defaultEngine: EngineName;
  /** User config, environment, base file and shared fields, lowest first. */
  lower: readonly Layer[];
  /** CLI flags and `--set`, lowest first. */
  upper: readonly Layer[];
  locate: DocumentLocator;
}

/** The sweep's points validated: kept points, skipped points, and schema problems (config errors). */
export interface SweepValidation {
  points: StudyPoint[];
  skipped: SkippedStudyPoint[];
  /** Problems with values as written (not combinations): the study is invalid. */
  issues: ConfigIssue[];
  /** Points generated, before skipping and deduplication. */
  generated: number;
}

/** Full validations run for points that fail the schema (all fail alike: a shared field is wrong). */
const DETAILED_SCHEMA_FAILURES = 5;

/** Expands the sweep and validates every point. */
export function validateSweep(ctx: SweepContext): SweepValidation {
  const out: SweepValidation = { points: [], skipped: [], issues: [], generated: 0 };
  const upper = mergeLayers(ctx.upper);
  const hasUpper = Object.keys(upper).length > 0;
  const scopes = new Map<
    EngineName | null,
    {
      lower: Layer[];
      base: Record<string, unknown>;
      parse: (point: SweepPoint) => ExperimentConfig | undefined;
    }
  >();
  const parser = new SectionParser();
  let failures = 0;
  for (const point of sweepPoints(ctx.axes, ctx.defaultEngine)) {
    out.generated++;
    let scope = scopes.get(point.engine);
    if (scope === undefined) {
      const lower = scopeLayers(ctx.lower, point.engine);
      const base = mergeLayers(lower);
      scope = { lower, base, parse: pointConfig(base, hasUpper ? upper : undefined, parser) };
      scopes.set(point.engine, scope);
    }
    const layers = (s: typeof scope) => [...s.lower, pointLayer(point, ctx.locate), ...ctx.upper];
    const config = scope.parse(point);
    if (config === undefined) {
      if (failures++ < DETAILED_SCHEMA_FAILURES) out.issues.push(...validateLayers(layers(scope)).issues);
      continue;
    }
    const s = scope;
    const rules = checkRules(config, { locate: (p) => locateInLayers(layers(s), p, 'key') });
    if (rules.issues.length > 0) out.skipped.push({ factors: point.factors, reasons: rules.issues });
    else
      out.points.push({
        source: 'sweep',
        factors: point.factors,
        config: rules.config,
        warnings: rules.warnings,
      });
  }
  out.issues = uniqueIssues(out.issues);
  return out;
}

/** Parses a point's config: `base`, then its overlay, then `upper` (CLI layers) when there are any. */
function pointConfig(
  base: Record<string, unknown>,
  upper: Record<string, unknown> | undefined,
  parser: SectionParser,
): (point: SweepPoint) => ExperimentConfig | undefined {
  if (upper === undefined) {
    const parse = pointParser(base, parser);
    return (point) => parse(point.overlay);
  }
  const parse = sectionParser(base, parser);
  return (point) => parse(deepMerge(deepMerge(base, point.overlay), upper) as Record<string, unknown>);
}

/** Validates explicit `experiments:` entries: any problem, rule errors included, is a config error. */
export function validateEntries(
  entries: readonly Record<string, unknown>[],
  lower: readonly Layer[],
  upper: readonly Layer[],
  locate: DocumentLocator,
): { points: StudyPoint[]; issues: ConfigIssue[] } {
  const points: StudyPoint[] = [];
  const issues: ConfigIssue[] = [];
  entries.forEach((entry, i) => {
    const layer: Layer = { kind: 'file', data: entry, locate: (p, t) => locate(['experiments', i, ...p], t) };
    const result = validateLayers([...lower, layer, ...upper]);
    for (const issue of result.issues) {
      if (writtenIn(entry, issue.path)) issue.path = ['experiments', i, ...issue.path];
    }
    issues.push(...result.issues);
    if (result.config !== undefined) {
      points.push({
        source: 'experiments',
        factors: flatten(entry),
        config: result.config,
        warnings: result.warnings,
      });
    }
  });
  return { points, issues: uniqueIssues(issues) };
}

/** True when every segment of `path` is a key written in `data` (whatever the value, null included). */
function writtenIn(data: unknown, path: FieldPath): boolean {
  let cur = data;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number' && seg < cur.length) cur = cur[seg];
    else if (isPlainObject(cur) && Object.hasOwn(cur, seg)) cur = cur[String(seg)];
    else return false;
  }
  return path.length > 0;
}

/** A mapping's leaves as dotted paths (lists are leaves): `{a: {b: 1}}` → `{'a.b': 1}`. */
export function flatten(value: Record<string, unknown>, prefix: FieldPath = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const path = [...prefix, key];
    if (isPlainObject(v) && Object.keys(v).length > 0) Object.assign(out, flatten(v, path));
    else out[path.join('.')] = v;
  }
  return out;
}

/** Issues with duplicates (same rendering) removed, first kept. */
export function uniqueIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.code}|${formatIssue(i)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
