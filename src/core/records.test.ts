import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { failRun, syntheticStudy } from '../../test/helpers/synthetic-records.js';
import {
  emptyBody,
  failedRecord,
  interruptedRecord,
  okRecord,
  type RecordIdentity,
  recordJsonSchema,
  resultRecordSchema,
  toFailed,
  validateRecord,
} from './records.js';

const HASH = 'ab'.repeat(32);
const id: RecordIdentity = {
  llemVersion: '0.1.0',
  config: { model: 'builtin:tiny', engine: 'llamacpp' } as { model: string },
  configHash: HASH,
  studyHash: 'cd'.repeat(32),
  cycle: 2,
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: '2026-01-01T00:00:01.000Z',
  files: { dir: '/r', result: 'result.json', timeseries: null, requests: null, log: 'run.log' },
};
const error = { code: 'ERR_ENGINE_FAILED', message: 'boom', phase: 'load' };
const study = syntheticStudy({
  factors: { 'llamacpp.threads': [1, 2] },
  cycles: 1,
  seed: 1,
  jPerToken: () => 0.1,
});
const ok = study.records[0]!;
const metrics = ok.status === 'ok' ? ok.metrics : null;

describe('record constructors', () => {
  it('fill identity the same way for every state', () => {
    const body = emptyBody({ name: 'llamacpp' });
    for (const r of [
      failedRecord(id, error, body),
      interruptedRecord(id, null, body, null),
      okRecord(id, { ...body, validity: { ...body.validity, valid: true } }, metrics!),
    ]) {
      expect(r).toMatchObject({
        schema_version: 1,
        experiment_id: HASH.slice(0, 16),
        name: 'builtin:tiny',
        config_hash: HASH,
        cycle: 2,
        config: { model: 'builtin:tiny', engine: 'llamacpp' },
      });
      expect(validateRecord(JSON.parse(JSON.stringify(r)))).toEqual(r);
    }
  });

  it('a failed or interrupted record is never valid; an ok one keeps its verdict', () => {
    const body = {
      ...emptyBody({ name: 'x' }),
      validity: { valid: true, errors: 0, warnings: 0, checks: [] },
    };
    expect(failedRecord(id, error, body).validity.valid).toBe(false);
    expect(interruptedRecord(id, error, body, null).validity.valid).toBe(false);
    expect(okRecord(id, body, metrics!).validity.valid).toBe(true);
    const timedOut = toFailed(ok, { ...error, reason: 'timeout', log_tail: [] });
    expect(timedOut).toMatchObject({ status: 'failed', validity: { valid: false }, metrics: ok.metrics });
    expect(validateRecord(timedOut).status).toBe('failed');
  });
});

describe('record schema', () => {
  it('accepts the synthetic records the analysis tests use, ok and failed', () => {
    for (const r of [...study.records, failRun(ok)])
      expect(resultRecordSchema.safeParse(r).success).toBe(true);
  });

  it('tells the states apart: ok has no error and has metrics; failed has an error', () => {
    expect(() => validateRecord({ ...ok, error })).toThrow(/error/);
    expect(() => validateRecord({ ...ok, metrics: null })).toThrow(/metrics/);
    expect(() => validateRecord({ ...ok, status: 'failed', error: null })).toThrow(/error/);
    expect(() => validateRecord({ ...ok, status: 'done' })).toThrow(/status/);
  });

  it('names every problem by its path', () => {
    const bad = { ...ok, cycle: 0, tokens: { ...ok.tokens, output: 'many' }, config_hash: 'x' };
    try {
      validateRecord(bad);
      expect.unreachable();
    } catch (e) {
      const issues = (e as { details: { issues: string[] } }).details.issues;
      expect(issues.map((i) => i.split(':')[0])).toEqual(
        expect.arrayContaining(['cycle', 'tokens.output', 'config_hash']),
      );
      expect((e as { code: string }).code).toBe('ERR_INTERNAL');
    }
  });

  it('refuses keys the schema does not name, as the shipped JSON Schema does (zod alone would drop them)', () => {
    const check = { id: 'x', passed: true, severity: 'info', detail: 'd', durationS: 1 };
    const bad = { ...ok, extra: 1, validity: { ...ok.validity, checks: [check] } };
    expect(() => validateRecord(bad)).toThrow(/validity\.checks\.0\.durationS: not in the record schema/);
    expect(() => validateRecord(bad)).toThrow(/extra: not in the record schema/);
  });

  it('publishes a draft 2020-12 JSON Schema that agrees with zod, shipped as schema/record.schema.json', () => {
    const schema = recordJsonSchema();
    const shipped = JSON.parse(
      readFileSync(new URL('../../schema/record.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(shipped, 'schema/record.schema.json is stale: run npm run docs:config').toEqual(schema);
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    for (const r of [ok, failRun(ok), failedRecord(id, error, emptyBody({ name: 'x' }))])
      expect(validate(JSON.parse(JSON.stringify(r))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...ok, status: 'failed' })).toBe(false);
  });
});
