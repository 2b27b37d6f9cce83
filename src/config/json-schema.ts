import { z } from 'zod';
import { experimentSchema } from './schema.js';

/** The `$id` of the experiment config JSON Schema. */
export const CONFIG_SCHEMA_ID = 'urn:llenergymeasure:schema:experiment';

/**
 * JSON Schema (draft 2020-12) of an experiment config as written (the input side: defaults are
 * optional), for editors; every object rejects unknown keys except `vllm.engine`, whose extra keys
 * pass through to vLLM, free-form maps (`env`, `quant_config`, …) and top-level `x-…` keys.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(experimentSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  const properties = schema.properties as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: CONFIG_SCHEMA_ID,
    title: 'llem experiment config',
    ...schema,
    properties: {
      // A JSON file may name its schema for editors; the loader ignores this key.
      $schema: { type: 'string', description: 'JSON Schema reference for editors (ignored by llem)' },
      ...properties,
    },
    // Top-level `x-…` keys are ignored by llem: a place for YAML anchors.
    patternProperties: { '^x-': {} },
  };
}
