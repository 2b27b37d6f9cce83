import type { LlemWarning } from '../core/warning.js';
import { schemaAt, typeLabel } from './fields.js';
import { type Layer, setPath } from './layers.js';

/** Environment variables that fill config fields the file and flags leave unset. */

/** Environment variable → the config field it fills. */
export const ENV_FIELDS: Readonly<Record<string, readonly string[]>> = {
  LLEM_CARBON_INTENSITY: ['carbon', 'grid_intensity_g_per_kwh'],
  LLEM_DATACENTER_PUE: ['carbon', 'pue'],
};

/** The pseudo file name used when an environment variable is named as a value's origin. */
export const ENVIRONMENT = '<environment>';

/**
 * Reads the environment into a layer; an unparsable or out-of-range value is left out with an
 * `ENV_INVALID` warning, never an error (the environment is not something the user is editing).
 */
export function envLayer(env: Readonly<Record<string, string | undefined>>): {
  layer: Layer;
  warnings: LlemWarning[];
} {
  const data: Record<string, unknown> = {};
  const warnings: LlemWarning[] = [];
  const names = new Map<string, string>();
  for (const [name, path] of Object.entries(ENV_FIELDS)) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    const field = schemaAt(path)!;
    const value = Number(raw);
    if (!Number.isFinite(value) || !field.safeParse(value).success) {
      warnings.push({
        code: 'ENV_INVALID',
        message: `${name}=${JSON.stringify(raw)} is not a valid ${path.join('.')} (expected ${typeLabel(field)}); ignored`,
      });
      continue;
    }
    setPath(data, [...path], value);
    names.set(path.join('.'), name);
  }
  const locate: Layer['locate'] = (path) => {
    const name = names.get(path.join('.'));
    return name === undefined ? { file: ENVIRONMENT } : { file: ENVIRONMENT, source: name };
  };
  return { layer: { kind: 'env', data, locate }, warnings };
}
