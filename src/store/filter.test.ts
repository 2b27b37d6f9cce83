import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { filterToSql, parseWhere } from './filter.js';
import type { ColumnType } from './flatten.js';

const columns = new Map<string, ColumnType>([
  ['run_dir', 'VARCHAR'],
  ['model', 'VARCHAR'],
  ['engine', 'VARCHAR'],
  ['status', 'VARCHAR'],
  ['valid', 'BOOLEAN'],
  ['llamacpp_sequences', 'BIGINT'],
  ['j_per_output_token', 'DOUBLE'],
]);

describe('parseWhere', () => {
  it('reads key, operator and value', () => {
    expect(parseWhere('llamacpp.sequences=4')).toEqual({ column: 'llamacpp.sequences', op: '=', value: '4' });
    expect(parseWhere('j_per_output_token <= 0.5')).toEqual({
      column: 'j_per_output_token',
      op: '<=',
      value: '0.5',
    });
    expect(parseWhere('model!=a=b')).toEqual({ column: 'model', op: '!=', value: 'a=b' });
    expect(() => parseWhere('nonsense')).toThrow(ConfigError);
  });
});

describe('filterToSql', () => {
  it('nothing filtered is TRUE', () => {
    expect(filterToSql({}, columns)).toEqual({ sql: 'TRUE', params: [] });
  });

  it('ANDs every field with typed parameters; config paths resolve to their columns', () => {
    const f = filterToSql(
      {
        study: 'grid',
        engine: 'llamacpp',
        status: 'ok',
        valid: true,
        where: [
          parseWhere('config.llamacpp.sequences>=2'),
          parseWhere('j_per_output_token<0.5'),
          parseWhere('model!=x'),
        ],
      },
      columns,
    );
    expect(f.sql).toBe(
      '(study_name = ? OR study_dir = ? OR starts_with(study_hash, ?)) AND "engine" = ? AND "status" = ? AND "valid" = ? AND "llamacpp_sequences" >= ? AND "j_per_output_token" < ? AND "model" IS DISTINCT FROM ?',
    );
    expect(f.params).toEqual(['grid', 'grid', 'grid', 'llamacpp', 'ok', true, 2, 0.5, 'x']);
  });

  it('reports every bad filter at once, with a fix', () => {
    try {
      filterToSql(
        {
          where: [
            parseWhere('llamacpp.sequence=2'),
            parseWhere('llamacpp.sequences=two'),
            parseWhere('valid<true'),
          ],
        },
        columns,
      );
      expect.unreachable();
    } catch (e) {
      const issues = (e as ConfigError).issues;
      expect(issues.map((i) => i.code)).toEqual(['unknown_column', 'invalid_value', 'invalid_value']);
      expect(issues[0]!.suggestion).toMatch(/llamacpp_sequences/);
      expect((e as ConfigError).code).toBe('ERR_USAGE');
    }
  });

  it('a field no run has matches nothing', () => {
    expect(filterToSql({ model: 'm' }, new Map([['run_dir', 'VARCHAR']])).sql).toBe('FALSE');
  });
});
