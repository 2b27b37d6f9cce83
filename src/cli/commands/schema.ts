import { parseArgs } from 'node:util';
import { configJsonSchema, recordJsonSchema } from '../../api/config.js';
import { EXIT, parseOrUsage } from '../errors.js';
import type { CliIo } from '../io.js';

/** Help text of `llem schema`. */
export const SCHEMA_HELP = `Usage: llem schema [--record]

Prints the JSON Schema (draft 2020-12) of experiment and study config files on stdout, for editors
(\`# yaml-language-server: $schema=llem.schema.json\`) and validators:

  llem schema > llem.schema.json

  --record   print the schema of result.json instead: one record per (experiment, cycle), in one of
             three states told apart by \`status\` (ok | failed | interrupted); shipped as
             schema/record.schema.json`;

/** `llem schema [--record]`: prints the config JSON Schema (for editors and validators), or the record's. */
export async function schema(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseOrUsage(
    () =>
      parseArgs({
        args: argv,
        strict: true,
        options: { help: { type: 'boolean', short: 'h' }, record: { type: 'boolean' } },
      }),
    'schema',
  );
  if (values.help) {
    io.out(`${SCHEMA_HELP}\n`);
    return EXIT.ok;
  }
  const schema = values.record ? recordJsonSchema() : configJsonSchema();
  io.out(`${JSON.stringify(schema, null, 2)}\n`);
  return EXIT.ok;
}
