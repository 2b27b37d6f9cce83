import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from '../helpers/cli.js';

describe('llem schema', () => {
  let validate: ReturnType<Ajv2020['compile']>;

  beforeAll(async () => {
    const r = await runCli(['schema']);
    expect(r.code, r.stderr).toBe(0);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    validate = ajv.compile(JSON.parse(r.stdout));
  });

  const examples = readdirSync(join(ROOT, 'examples')).filter((f) => /\.(ya?ml|json)$/.test(f));

  it('there are examples to validate', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('validates examples/%s', (file) => {
    const doc = parse(readFileSync(join(ROOT, 'examples', file), 'utf8'), { merge: true });
    const ok = validate(doc);
    expect(validate.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a config with an unknown key, at the top and nested', () => {
    expect(validate({ model: 'builtin:tiny', mesurement: {} })).toBe(false);
    expect(validate({ model: 'builtin:tiny', measurement: { warmup: { n_warmpu: 3 } } })).toBe(false);
    expect(validate({ engine: 'llamacpp' })).toBe(false);
  });
});
