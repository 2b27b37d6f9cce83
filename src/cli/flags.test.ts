import { describe, expect, it } from 'vitest';
import { schemaAt } from '../config/fields.js';
import { flagValues } from './commands/run.js';
import { configFlagNames, configFlagValues, flagHelp, givenFlags, parseRunArgs, RUN_FLAGS } from './flags.js';

describe('RUN_FLAGS: one table for parsing, help and config paths', () => {
  it('every flag is in the help exactly once, with its short form', () => {
    const help = [
      ...flagHelp(RUN_FLAGS, 'main'),
      ...flagHelp(RUN_FLAGS, 'study'),
      ...flagHelp(RUN_FLAGS, 'output'),
    ];
    expect(help).toHaveLength(Object.keys(RUN_FLAGS).length);
    for (const name of Object.keys(RUN_FLAGS))
      expect(help.filter((l) => new RegExp(`--${name}\\b(?!-)`).test(l.slice(0, 28)))).toHaveLength(1);
    expect(help).toContain('  -n, --n-prompts N         prompts in the measurement window');
  });

  it('config-field flags name real config paths, and messages spell them as typed', () => {
    const names = configFlagNames(RUN_FLAGS);
    expect(names).toEqual({
      model: '--model',
      engine: '--engine',
      'dataset.source': '--dataset',
      'dataset.n_prompts': '-n',
      max_output_tokens: '--max-output-tokens',
    });
    for (const path of Object.keys(names)) expect(schemaAt(path.split('.')), path).toBeDefined();
  });

  it('parses with the table, maps values to paths, and finds study-only flags', () => {
    const { values } = parseRunArgs(['-n', '12', '--dataset', 'p.jsonl', '--cycles', '2', '--set', 'a=1']);
    expect(configFlagValues(RUN_FLAGS, values)).toEqual({
      'dataset.n_prompts': 12,
      'dataset.source': 'p.jsonl',
    });
    expect(flagValues(values, '/w')).toEqual({ 'dataset.n_prompts': 12, 'dataset.source': '/w/p.jsonl' });
    expect(givenFlags(RUN_FLAGS, values, 'study')).toEqual(['cycles']);
    expect(() => parseRunArgs(['--nope'])).toThrow(/--nope/);
  });
});
