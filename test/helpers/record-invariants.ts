// Invariants every result.json must hold, checked on every record the e2e tests read: a mean
// never exceeds the peak it averages, a scope's energy, duration and mean power come from one
// interval, and each uncertainty is the quadrature sum of its named terms. Every record read
// here is also validated against the shipped record schema (schema/record.schema.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { ROOT } from './cli.js';

interface Terms {
  readout_j: number;
  accuracy_j: number;
  combined_j: number;
  comparative_j: number;
}

interface Figure {
  mean_power_w: number;
  peak_power_w: number;
  energy_j: number;
  uncertainty_j: number;
  uncertainty?: Terms;
  duration_s?: number;
}

/** Relative slack for floating-point sums. */
const EPS = 1e-9;

function termProblems(where: string, f: Figure): string[] {
  const u = f.uncertainty;
  if (u === undefined) return [`${where}: no uncertainty terms`];
  const out: string[] = [];
  if (Math.abs(u.combined_j - Math.hypot(u.readout_j, u.accuracy_j)) > EPS * Math.max(1, u.combined_j))
    out.push(`${where}: combined ${u.combined_j} J ≠ √(readout² + accuracy²)`);
  if (Math.abs(f.uncertainty_j - u.combined_j) > EPS * Math.max(1, u.combined_j))
    out.push(`${where}: uncertainty_j ${f.uncertainty_j} ≠ combined_j ${u.combined_j}`);
  if (u.comparative_j > u.combined_j * (1 + EPS)) out.push(`${where}: comparative above combined`);
  return out;
}

function powerProblems(where: string, f: Figure): string[] {
  return f.mean_power_w > f.peak_power_w * (1 + EPS) + EPS
    ? [`${where}: mean power ${f.mean_power_w} W above peak ${f.peak_power_w} W`]
    : [];
}

/** Every violated invariant of one parsed `result.json`, in words (empty when it holds them all). */
export function recordInvariantProblems(record: unknown): string[] {
  type Source = Figure & { source: string; devices: (Figure & { device: string })[] };
  type Scope = Figure & {
    scope: string;
    adjusted_energy_j?: number | null;
    adjusted_uncertainty?: Terms | null;
  };
  const r = record as {
    energy?: { sources?: Source[]; load?: Source[]; scopes?: Scope[]; load_scopes?: Scope[] };
    metrics?: { mean_power_w: number | null; peak_power_w: number | null } | null;
  };
  const energy = r.energy;
  if (energy === undefined) return ['no energy section'];
  const out: string[] = [];
  for (const [kind, list] of [
    ['window', energy.sources],
    ['load', energy.load],
  ] as const) {
    for (const s of list ?? []) {
      out.push(...powerProblems(`${kind} ${s.source}`, s), ...termProblems(`${kind} ${s.source}`, s));
      for (const d of s.devices) {
        out.push(
          ...powerProblems(`${kind} ${s.source} ${d.device}`, d),
          ...termProblems(`${kind} ${s.source} ${d.device}`, d),
        );
      }
    }
  }
  for (const [kind, list] of [
    ['scope', energy.scopes],
    ['load scope', energy.load_scopes],
  ] as const) {
    for (const s of list ?? []) {
      const where = `${kind} ${s.scope}`;
      out.push(...powerProblems(where, s), ...termProblems(where, s));
      const d = s.duration_s ?? 0;
      // One interval: mean power × duration is the energy (a single source), never more.
      if (d > 0 && s.mean_power_w * d > s.energy_j * (1 + 1e-6) + 1e-9)
        out.push(`${where}: mean ${s.mean_power_w} W × ${d} s exceeds ${s.energy_j} J`);
    }
  }
  for (const s of energy.scopes ?? []) {
    if ((s.adjusted_energy_j ?? null) !== null && (s.adjusted_uncertainty ?? null) === null)
      out.push(`scope ${s.scope}: adjusted energy without its uncertainty`);
  }
  const m = r.metrics;
  if (m && m.mean_power_w !== null && m.peak_power_w !== null)
    out.push(...powerProblems('metrics', { ...m, energy_j: 0, uncertainty_j: 0 } as Figure));
  return out;
}

/** Asserts a parsed `result.json` holds every record invariant (see `recordInvariantProblems`). */
export function expectRecordInvariants(record: unknown, path = 'result.json'): void {
  expect(recordInvariantProblems(record), `${path} breaks record invariants`).toEqual([]);
}

let shipped: ValidateFunction | undefined;

/** Asserts a parsed `result.json` validates against the shipped `schema/record.schema.json`. */
export function expectShippedSchema(record: unknown, path = 'result.json'): void {
  shipped ??= new Ajv2020({ strict: false, allErrors: true }).compile(
    JSON.parse(readFileSync(join(ROOT, 'schema/record.schema.json'), 'utf8')) as object,
  );
  const ok = shipped(record);
  expect(shipped.errors ?? [], `${path} does not match schema/record.schema.json`).toEqual([]);
  expect(ok).toBe(true);
}

/**
 * Reads and parses a `result.json`, asserting the record invariants and the shipped record
 * schema on the way (every e2e test reads records through this).
 */
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON, read field by field like JSON.parse's result
export function readRecord(path: string): any {
  const record: unknown = JSON.parse(readFileSync(path, 'utf8'));
  expectRecordInvariants(record, path);
  expectShippedSchema(record, path);
  return record;
}
