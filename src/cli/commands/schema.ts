import { configJsonSchema } from '../../config/json-schema.js';
import { EXIT } from '../errors.js';
import type { CliIo } from '../io.js';

/** `llem schema`: prints the config JSON Schema (for editors and validators). */
export async function schema(_argv: string[], io: CliIo): Promise<number> {
  io.out(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
