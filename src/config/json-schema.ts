import { z } from 'zod';
import { acceptsAnyKey, fieldPaths, objectShape, schemaAt } from './fields.js';
import { experimentSchema } from './schema.js';
import { executionSchema, SLURM_TIME_PATTERN } from './study-schema.js';
import { MAX_RANGE_VALUES, numericField } from './sweep-range.js';

/** The `$id` of the config JSON Schema (experiments and studies). */
export const CONFIG_SCHEMA_ID = 'urn:llenergymeasure:schema:experiment';

type Json = Record<string, unknown>;

function inputSchema(schema: z.ZodType): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
  }) as Json;
  return rest;
}

/** The JSON Schema node of the field at `path`, found by walking `properties`. */
function nodeAt(root: Json, path: readonly string[]): Json | undefined {
  let node: Json | undefined = root;
  for (const segment of path) node = (node?.properties as Record<string, Json> | undefined)?.[segment];
  return node;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A JSON pointer to the root schema's node for the field at `path`. */
function pointer(path: readonly string[]): string {
  return `#/properties/${path.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/properties/')}`;
}

/** The range shorthands of a numeric sweep axis (`sweep-range.ts`). */
const SWEEP_RANGE_JSON: Json = {
  description:
    'A range that expands to explicit values: linear or log spaced (both ends included), or powers of two',
  oneOf: [
    {
      type: 'object',
      properties: {
        start: { type: 'number', description: 'First value' },
        stop: { type: 'number', description: 'Last value (included)' },
        num: { type: 'integer', minimum: 1, maximum: MAX_RANGE_VALUES, description: 'How many values' },
        scale: { enum: ['linear', 'log'], description: 'Spacing: linear (default) or log' },
      },
      required: ['start', 'stop', 'num'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: {
        pow2: {
          type: 'array',
          items: { type: 'number', exclusiveMinimum: 0 },
          minItems: 2,
          maxItems: 2,
          description: 'Every power of two from the first bound to the second, e.g. [1, 64]',
        },
      },
      required: ['pow2'],
      additionalProperties: false,
    },
  ],
};

/**
 * `sweep:`: every field path, dotted, takes a list of values (`llamacpp.threads: [1, 2]`); a
 * section's path also takes a list of alternative mappings (a group), or a mapping of the same
 * keys nested (`llamacpp: {threads: [1, 2]}`); paths under pass-through maps are open. Items
 * refer to the experiment's own field schemas, so nothing is repeated.
 */
function sweepJsonSchema(experiment: Json): Json {
  const properties: Record<string, Json> = {};
  const patternProperties: Record<string, Json> = {};
  for (const path of fieldPaths(experimentSchema)) {
    const node = nodeAt(experiment, path);
    if (node === undefined) continue;
    const key = path.join('.');
    const field = schemaAt(path)!;
    const about = typeof node.description === 'string' ? ` ${node.description}` : '';
    const list = { type: 'array', minItems: 1, items: { $ref: pointer(path) } };
    if (numericField(field) !== undefined) {
      properties[key] = {
        description: `Axis: the values to sweep, or a range ({start, stop, num}, scale: log, {pow2: [a, b]}).${about}`,
        anyOf: [list, { $ref: '#/$defs/sweep_range' }],
      };
    } else if (objectShape(field) === undefined) {
      properties[key] = { ...list, description: `Axis: the values to sweep.${about}` };
    } else {
      properties[key] = {
        description: `A group of alternatives (a list of mappings, {} = no change) or the same keys nested.${about}`,
        anyOf: [list, { type: 'object' }],
      };
    }
    if (acceptsAnyKey(field)) patternProperties[`^${escapeRegExp(key)}\\.`] = { type: 'array', minItems: 1 };
  }
  return {
    type: 'object',
    description:
      'Axes of a Cartesian product: field path (dotted) → list of values; a first segment naming an engine scopes the axis to that engine',
    properties,
    patternProperties,
    additionalProperties: false,
  };
}

/**
 * JSON Schema (draft 2020-12) of a config as written (the input side: defaults are optional), for
 * editors: one experiment (`model` required), or a study (`sweep:` and/or `experiments:`, with
 * `base:` and `execution:`; every experiment field is a shared field there). Every object rejects
 * unknown keys except `vllm.engine`, whose extra keys pass through to vLLM, free-form maps (`env`,
 * `quant_config`, …) and top-level `x-…` keys.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(experimentSchema, { io: 'input', target: 'draft-2020-12' }) as Json;
  const experiment = inputSchema(experimentSchema);
  const fields = experiment.properties as Record<string, Json>;
  const execution = inputSchema(executionSchema);
  const slurm = nodeAt(execution, ['slurm', 'time_limit']);
  if (slurm !== undefined) slurm.pattern = SLURM_TIME_PATTERN;
  return {
    $schema: schema.$schema,
    $id: CONFIG_SCHEMA_ID,
    title: 'llem experiment or study config',
    description:
      'One llem experiment (model required), or a study: sweep: and/or experiments:, whose other keys are shared experiment fields',
    type: 'object',
    properties: {
      // A JSON file may name its schema for editors; the loader ignores this key.
      $schema: { type: 'string', description: 'JSON Schema reference for editors (ignored by llem)' },
      ...fields,
      name: { ...fields.name, description: 'Experiment name; in a study file, the name of the study' },
      sweep: sweepJsonSchema(experiment),
      experiments: {
        type: 'array',
        minItems: 1,
        description:
          'Explicit experiments, each deep-merged over the shared fields (run after the sweep points)',
        items: {
          type: 'object',
          description: 'Experiment fields that differ from the shared ones',
          properties: Object.fromEntries(Object.keys(fields).map((k) => [k, { $ref: pointer([k]) }])),
          additionalProperties: false,
        },
      },
      base: {
        type: 'string',
        minLength: 1,
        description: "An experiment file (relative to this one) deep-merged under the study's fields",
      },
      execution,
    },
    // Top-level `x-…` keys are ignored by llem: a place for YAML anchors.
    patternProperties: { '^x-': {} },
    additionalProperties: false,
    $defs: { sweep_range: SWEEP_RANGE_JSON },
    anyOf: [
      { required: ['model'], not: { anyOf: [{ required: ['base'] }, { required: ['execution'] }] } },
      { required: ['sweep'] },
      { required: ['experiments'] },
    ],
  };
}
