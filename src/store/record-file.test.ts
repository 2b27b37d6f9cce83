import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { failRun, syntheticStudy } from '../../test/helpers/synthetic-records.js';
import { readRecordFile, validatingRecords, writeRecordFile } from './record-file.js';

const ok = syntheticStudy({ factors: { 'llamacpp.threads': [1] }, cycles: 1, seed: 1, jPerToken: () => 0.1 })
  .records[0]!;

describe('writeRecordFile', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is switched on for the test suite (vitest.config.ts), so every record the tests write is checked', () => {
    expect(validatingRecords()).toBe(true);
    expect(validatingRecords({})).toBe(false);
  });

  it('writes a record that matches the schema, and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llem-record-'));
    await writeRecordFile(join(dir, 'result.json'), failRun(ok));
    expect((await readRecordFile(join(dir, 'result.json')))?.status).toBe('failed');
  });

  it('refuses a record that does not match, writing nothing; without the switch it writes it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llem-record-'));
    const bad = { ...ok, metrics: null } as unknown as typeof ok;
    await expect(writeRecordFile(join(dir, 'result.json'), bad)).rejects.toThrow(/metrics/);
    expect(await readdir(dir)).toEqual([]);
    vi.stubEnv('LLEM_VALIDATE_RECORDS', '0');
    await writeRecordFile(join(dir, 'result.json'), bad);
    expect(await readdir(dir)).toEqual(['result.json']);
  });

  it('reads a missing or unparsable file as no record', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llem-record-'));
    expect(await readRecordFile(join(dir, 'none.json'))).toBeUndefined();
  });
});
