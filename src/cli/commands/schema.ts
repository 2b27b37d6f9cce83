import { parseArgs } from 'node:util';
import { configJsonSchema } from '../../api/config.js';
import { EXIT, parseOrUsage } from '../errors.js';
import type { CliIo } from '../io.js';

/** Help text of `llem schema`. */
export const SCHEMA_HELP = `Usage: llem schema

Prints the JSON Schema (draft 2020-12) of experiment and study config files on stdout, for editors
(\`# yaml-language-server: $schema=llem.schema.json\`) and validators:

  llem schema > llem.schema.json`;

/** `llem schema`: prints the config JSON Schema (for editors and validators). */
export async function schema(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseOrUsage(
    () => parseArgs({ args: argv, strict: true, options: { help: { type: 'boolean', short: 'h' } } }),
    'schema',
  );
  if (values.help) {
    io.out(`${SCHEMA_HELP}\n`);
    return EXIT.ok;
  }
  io.out(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
